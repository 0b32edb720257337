"""No dead code in the apps (issue 14): vulture over every app, with a whitelist.

Vulture finds names that nothing in the scanned code uses. The tests are not scanned, so code
that only a test calls counts as dead too (as `DepartmentPolicy` was). Django, Celery and the
templates use many names by string, so two kinds of finding are left out wholesale:

- class-level variables and attributes at 60 % (model and form fields, `Meta` options, admin
  options, AppConfig hooks, `urlpatterns`): Django reads them by name, and a template reads a
  model field written by a service; listing them would bury the real findings;
- what is named by a decorator that registers it (`@admin.register`, `@shared_task`: the beat
  schedules and `.delay()` callers name tasks as strings; template tags: `{% load %}`).

Everything else (functions, methods, classes, properties, imports, unused arguments and
unreachable code) is reported unless `vulture_whitelist.py` at the repository root names it,
each entry with the reason it is used. CI runs this test with the rest of the suite (the
`vulture` command line cannot leave out the field-like findings, so this test is the check).
"""

from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent
APPS = ["reisbureau", "journeys", "customs", "community", "learning", "impact", "portal",
        "bench"]
WHITELIST = ROOT / "vulture_whitelist.py"
MIN_CONFIDENCE = 60
REGISTERING_DECORATORS = ["@admin.register", "@shared_task", "@register.simple_tag",
                          "@register.inclusion_tag", "@register.filter",
                          "@app.on_after_configure.connect"]
READ_BY_NAME = {"variable", "attribute"}  # reported only at 100 % (unused arguments)
DJANGO_HOOKS = [
    "clean_*",  # Form.clean_<field>, called by Django's form validation
    "has_*_permission",  # ModelAdmin permission hooks
]


def dead_code() -> list[str]:
    scanner = vulture.Vulture(ignore_names=DJANGO_HOOKS,
                              ignore_decorators=REGISTERING_DECORATORS)
    scanner.scavenge([str(ROOT / app) for app in APPS] + [str(WHITELIST)],
                     exclude=["*/migrations/*"])
    return [
        f"{Path(item.filename).relative_to(ROOT)}:{item.first_lineno}: {item.message} "
        f"({item.confidence} %)"
        for item in scanner.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if item.typ not in READ_BY_NAME or item.confidence == 100
    ]


def test_no_dead_code_outside_the_whitelist():
    findings = dead_code()
    assert not findings, (
        "Unused code (delete it, or add it to vulture_whitelist.py with the reason it is "
        "used):\n" + "\n".join(findings))
