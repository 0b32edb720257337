"""The README and docs/ work in a fresh clone: every relative link resolves inside the repository.

Read from the Markdown itself (no network): inline links and images `[text](target)`, reference
definitions `[label]: target`, and paths to Markdown files written as code (`` `docs/x.md` ``),
which readers follow by hand. A target must lie inside the repository and exist; an anchor
(`#heading`) into one of the repository's Markdown files must name one of its headings, with
GitHub's rules for turning a heading into an anchor. Web addresses (http, https, mailto) are not
checked.
"""

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
MARKDOWN_PATH = re.compile(r"^(?:\.{1,2}/|[\w-]+/)*[\w.-]+\.md(?:#[\w-]*)?$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _prose(text: str) -> str:
    """The text without fenced code blocks (a link there is an example, not a link)."""
    return FENCE.sub("", text)


def _links(text: str) -> list[tuple[str, str]]:
    """(kind, target) for every link in the prose: Markdown links, and `….md` paths in code."""
    prose = _prose(text)
    found = []
    for match in CODE_SPAN.finditer(prose):
        content = match.group(2).strip()
        if MARKDOWN_PATH.match(content) or content.startswith("../"):
            found.append(("code", content))
    without_code = CODE_SPAN.sub("", prose)
    found += [("link", m.group(1)) for m in INLINE_LINK.finditer(without_code)]
    found += [("link", m.group(1)) for m in REFERENCE.finditer(without_code)]
    return found


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").replace("*", "").lower()
    text = "".join(ch for ch in text
                   if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for match in HEADING.finditer(_prose(path.read_text(encoding="utf-8"))):
        slug = _slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _inside(path: Path) -> bool:
    return path == ROOT or ROOT in path.parents


def _problem(source: Path, kind: str, target: str) -> str | None:
    """Why `target`, written in `source`, does not resolve in a fresh clone (None: it does)."""
    if EXTERNAL.match(target):
        return None
    raw_path, _, anchor = unquote(target).partition("#")
    if raw_path.startswith("/"):
        return "an absolute path: write it relative to the file"
    if not raw_path:
        file = source
    else:
        candidates = [(source.parent / raw_path).resolve()]
        if kind == "code":  # a path written as code may also be meant from the repository's root
            candidates.append((ROOT / raw_path).resolve())
        outside = [c for c in candidates if not _inside(c)]
        if len(outside) == len(candidates):
            return "points outside the repository"
        existing = [c for c in candidates if _inside(c) and c.exists()]
        if not existing:
            return "no such file in the repository"
        file = existing[0]
    if anchor and file.suffix == ".md" and anchor not in _anchors(file):
        return f"no heading with the anchor #{anchor} in {file.relative_to(ROOT)}"
    return None


def _broken(source: Path) -> list[str]:
    problems = []
    for kind, target in _links(source.read_text(encoding="utf-8")):
        why = _problem(source, kind, target)
        if why:
            problems.append(f"{source.relative_to(ROOT)}: {target} ({why})")
    return problems


def test_the_documentation_exists():
    names = {path.relative_to(ROOT).as_posix() for path in DOCS}
    assert {"README.md", "docs/README.md", "docs/domain.md", "docs/roles.md",
            "docs/architecture.md", "docs/operations.md"} <= names


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_inside_the_repository(path):
    assert _broken(path) == []


def test_readme_links_to_the_documentation():
    targets = {target for _kind, target in _links((ROOT / "README.md").read_text(encoding="utf-8"))}
    for page in ("docs/README.md", "docs/domain.md", "docs/roles.md", "docs/architecture.md",
                 "docs/operations.md"):
        assert any(t.split("#")[0] == page for t in targets), page


# The checker itself, on small samples: it must be able to fail.

def _check(text, name="README.md"):
    source = ROOT / name
    found = []
    for kind, target in _links(text):
        why = _problem(source, kind, target)
        if why:
            found.append(target)
    return found


def test_the_checker_finds_dead_and_outside_links():
    text = (
        "See `../shared/docs/DOMAIN.md` and [the domain](../shared/docs/DOMAIN.md),\n"
        "[gone](docs/nothing-here.md), [ref]\n\n[ref]: docs/also-gone.md\n"
        "[bad anchor](docs/scaling.md#no-such-heading) and [abs](/etc/passwd).\n"
        "```\n[in a fence](nowhere.md)\n```\n"
        "Fine: [sizing](docs/scaling.md#sizing), [queues](docs/scaling.md#queues),\n"
        "[web](https://example.org/x.md), `docs/benchmarks.md`, [Makefile](Makefile).\n"
    )
    assert sorted(_check(text)) == sorted([
        "../shared/docs/DOMAIN.md", "../shared/docs/DOMAIN.md", "docs/nothing-here.md",
        "docs/also-gone.md", "docs/scaling.md#no-such-heading", "/etc/passwd",
    ])


def test_slugs_follow_github():
    assert _slug("Security and reliability (what holds today)") == \
        "security-and-reliability-what-holds-today"
    assert _slug("Running with PostgreSQL, Redis, a worker and beat") == \
        "running-with-postgresql-redis-a-worker-and-beat"
    assert _slug("Benchmark (`make bench`)") == "benchmark-make-bench"
    assert _slug("Douane: de privacy- en securitytoets") == "douane-de-privacy--en-securitytoets"
