"""The import graph between the apps, read from the code (ARCHITECTURE.md, "Layering").

The agency core (`reisbureau`) sits at the bottom and names no domain app: not by import, not by
string (a dotted path or URL name), not in its templates' `{% load %}`, `{% url %}` or
`{% include %}`. The wiring (`portal`) sits on top. Between them the arrows point down only.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = "reisbureau"
DOMAIN = ("journeys", "customs", "community", "learning", "impact", "algoritmeregister")
WIRING = "portal"
# The read API sits on top with the wiring: it reads every app's selectors and policies.
API = "api"
APPS = (CORE, *DOMAIN, API, WIRING)

# Which app may import which (besides itself). Anything else is a wrong arrow.
ALLOWED = {
    CORE: set(),
    "journeys": {CORE},
    "customs": {"journeys", CORE},
    "community": {"journeys", "customs", CORE},
    "learning": {"community", "journeys", "customs", CORE},
    "impact": {"learning", "community", "journeys", "customs", CORE},
    # The published register of AI uses reads customs (and the tasks) and sits above it.
    "algoritmeregister": {"customs", "journeys", CORE},
    API: {*DOMAIN, CORE},
    WIRING: {*DOMAIN, CORE, API},
}


def _python_files(app):
    return sorted(p for p in (ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                found.add((top, node.lineno))
    return found


def _edges():
    edges = []
    for app in APPS:
        for path in _python_files(app):
            for target, line in _imported_apps(path):
                if target != app:
                    edges.append((app, target, f"{path.relative_to(ROOT)}:{line}"))
    return edges


def test_every_import_between_apps_points_down():
    wrong = [(src, dst, where) for src, dst, where in _edges() if dst not in ALLOWED[src]]
    assert wrong == [], "imports against the layering:\n" + "\n".join(
        f"  {where}: {src} -> {dst}" for src, dst, where in wrong)


def test_the_apps_form_no_cycle():
    graph = {app: set() for app in APPS}
    for src, dst, _where in _edges():
        graph[src].add(dst)

    def reaches(start, goal, seen=()):
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
                   for nxt in graph[start])

    assert [app for app in APPS if reaches(app, app)] == []


NAMED_APP = re.compile(r"^(%s)([.:/]|$)" % "|".join((*DOMAIN, API, WIRING)))


def test_the_core_names_no_domain_app_in_a_string():
    found = []
    for path in _python_files(CORE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and NAMED_APP.match(node.value.strip()):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert found == []


def _tag_libraries(app):
    folder = ROOT / app / "templatetags"
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} if folder.is_dir() else set()


def test_the_core_templates_load_include_and_link_no_domain_app():
    domain_libraries = set().union(*(_tag_libraries(app) for app in DOMAIN))
    assert domain_libraries, "the check must know the domain apps' tag libraries"
    found = []
    for path in sorted((ROOT / "templates" / CORE).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"{%\s*load\s+([^%]+?)\s*%}", text):
            found += [f"{path.name}: load {lib}" for lib in match.group(1).split()
                      if lib in domain_libraries]
        for match in re.finditer(r"{%\s*(?:url|include|extends)\s+['\"]([^'\"]+)['\"]", text):
            if NAMED_APP.match(match.group(1)):
                found.append(f"{path.name}: {match.group(0)}")
    assert found == []


@pytest.mark.parametrize("app", [CORE, *DOMAIN, API, WIRING])
def test_no_module_of_an_app_is_longer_than_six_hundred_lines(app):
    long = {str(p.relative_to(ROOT)): n for p in _python_files(app)
            if "migrations" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > 620}
    assert long == {}


def _imports_of(path: Path) -> set[str]:
    """Every module `path` imports, relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_every_app_below_the_wiring_has_its_permissions_module():
    assert [app for app in (CORE, *DOMAIN, API)
            if not (ROOT / app / "permissions.py").exists()] == []


@pytest.mark.parametrize("app", [CORE, *DOMAIN])
def test_permissions_sit_below_services_and_read_other_apps_through_selectors(app):
    """Services call the rules in permissions.py, never the other way round; another app is
    read through its selectors only (issue 14, move 4). The wiring (portal) has none."""
    path = ROOT / app / "permissions.py"
    wrong = sorted(
        module for module in _imports_of(path)
        if module.split(".")[0] in APPS
        and (".services" in f".{module}" or (
            module.split(".")[0] not in (app, CORE)
            and module.split(".")[1:2] not in (["selectors"], ["constants"], [])))
    )
    assert not wrong, f"{app}/permissions.py imports {wrong}"
