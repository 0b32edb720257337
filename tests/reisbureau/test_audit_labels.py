"""Every action code the portal writes to the audit trail has a Dutch label (the page shows it;
the CSV keeps the code). The codes are read from the source, so a new one without a label fails."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from reisbureau.audit import action_label, action_labels

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("reisbureau", "journeys", "customs", "community", "learning", "impact", "portal")
# action="x.y", action="x.y" if ... else "x.z", and the status steps passed as an argument
CODE = re.compile(r'"((?:[a-z_]+)\.(?:[a-z_]+))"')


def _codes_in_source() -> set[str]:
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "audit_labels.py":
                continue
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"(?:action=|audit_log\(|_transition\(|_set_status\()"
                                     r"[^\n]*", text):
                codes |= set(CODE.findall(match.group(0)))
            # status steps: _transition(task, ..., "task.adopted", ...) over two lines
            codes |= {c for c in CODE.findall(text)
                      if c.split(".")[0] in {"task", "journey"} and c.split(".")[1]
                      in {"adopted", "dropped", "testing_started", "started", "cancelled",
                          "completed", "evaluation_started"}}
    catalogue = {f"{name}.saved" for name in ("department", "functiongroup", "persona")}
    return (codes | catalogue) - {"journey.pk", "task.pk"}


def test_every_action_code_in_the_code_has_a_label():
    missing = sorted(c for c in _codes_in_source() if c not in action_labels())
    assert missing == []


def test_labels_are_dutch_and_an_unknown_code_shows_as_is():
    with translation.override("nl"):
        assert action_label("task.adopted") == "Taak ingevoerd"
        assert action_label("task.measures_acknowledged").startswith("Maatregelen")
        assert action_label("something.new") == "something.new"


def test_agency_staff_reach_the_audit_trail_from_the_agency_menu(client, agency_staff):
    from django.urls import reverse

    client.force_login(agency_staff)
    page = client.get(reverse("reisbureau:capacity")).content.decode()
    audit = reverse("customs:audit")
    assert f'href="{audit}"' in page
    assert client.get(audit).status_code == 200
