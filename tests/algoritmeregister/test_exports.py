"""The published register in the Algoritmeregister standard's shape: the JSON validates against
the vendored JSON Schema (publicatiestandaard 1.0.0), the CSV's columns are the standard's field
names, and neither they nor the page name anybody (checked on the demo municipality)."""

import csv
import io
import json

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from algoritmeregister.constants import SCHEMA_PATH, SCHEMA_VERSION, EntryState
from algoritmeregister.models import RegisterEntry
from reisbureau.models import User
from tests import access
from tests.algoritmeregister.factories import draft_entry, published_entry

INDEX = reverse("algoritmeregister:index")
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validate(item):
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(item)


def test_the_vendored_schema_is_the_standard_version_the_readme_names():
    from django.conf import settings

    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == f"Algoritmeregister Publicatiestandaard v{SCHEMA_VERSION}"
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"publicatiestandaard {SCHEMA_VERSION}" in readme.lower()


def test_the_validator_refuses_what_the_standard_refuses():
    """The check has teeth: a wrong status, a missing mandatory field or a day in a month."""
    good = {"name": "x", "description_short": "x", "organization": "Gemeente", "theme": [],
            "status": "In gebruik", "start_date": "2025-01", "contact": "a@b.nl",
            "publication_category": "Overige algoritmes (Categorie C)",
            "purpose_and_impact": "x", "considerations": "x", "human_intervention": "x",
            "risk_management": "x", "impact_assessments": "x", "data": "x",
            "technical_operation": "x", "supplier": "x", "language": "nld",
            "schema": "1.0.0"}
    _validate(good)
    for bad in ({"status": "Actief"}, {"start_date": "2025-01-31"}, {"schema": "0.4.0"},
                {"publication_category": "Overig"}):
        with pytest.raises(jsonschema.ValidationError):
            _validate({**good, **bad})
    with pytest.raises(jsonschema.ValidationError):
        _validate({k: v for k, v in good.items() if k != "considerations"})


@pytest.mark.django_db
def test_the_json_validates_against_the_standard_and_holds_no_draft(client, officer, traveller):
    published_entry(officer, submission__task__work_task="Notulen samenvatten")
    entry = published_entry(officer, submission__proposed_ai_act="high")
    RegisterEntry.objects.filter(pk=entry.pk).update(
        end_date="2026-01", legal_basis_link="https://wetten.overheid.nl/BWBR0005416",
        status="Buiten gebruik")
    draft_entry(officer, submission__task__work_task="Geheime proef")
    client.force_login(traveller)
    response = client.get(f"{INDEX}?formaat=json")
    assert response["Content-Type"].startswith("application/json")
    items = response.json()
    assert len(items) == 2 and "Geheime proef" not in response.content.decode()
    for item in items:
        _validate(item)
        assert set(item) <= set(SCHEMA["properties"])
        assert item["schema"] == SCHEMA_VERSION and item["language"] == "nld"
        assert item["organization"] == "Gemeente Voorbeeldstad"
    high = next(i for i in items if i["source_id"] == f"reisbureau-taak-{entry.task_id}")
    assert high["publication_category"] == "Hoog-risico AI-systeem (Categorie A)"
    assert high["end_date"] == "2026-01" and high["status"] == "Buiten gebruik"


@pytest.mark.django_db
def test_the_csv_columns_are_the_standards_field_names(client, officer, traveller):
    published_entry(officer, submission__task__work_task="Notulen samenvatten")
    draft_entry(officer, submission__task__work_task="Geheime proef")
    client.force_login(traveller)
    response = client.get(f"{INDEX}?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == list(SCHEMA["properties"])
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == "Notulen samenvatten" and record["schema"] == SCHEMA_VERSION
    assert record["theme"] == "Organisatie en bedrijfsvoering"


# --- On the demo municipality: a few published, one draft, nobody named ------------------

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


@pytest.mark.django_db
def test_the_demo_publishes_a_few_entries_and_leaves_one_draft(world):
    states = list(RegisterEntry.objects.values_list("state", flat=True))
    assert states.count(EntryState.DRAFT) == 1
    assert states.count(EntryState.PUBLISHED) >= 3


@pytest.mark.django_db
def test_no_personal_data_on_the_page_or_in_the_exports(world):
    users, _objects = world
    client = Client()
    client.force_login(users["traveller"])
    bodies = [client.get(INDEX).content.decode(),
              client.get(f"{INDEX}?formaat=json").content.decode(),
              client.get(f"{INDEX}?formaat=csv").content.decode()]
    for entry in RegisterEntry.objects.filter(state=EntryState.PUBLISHED):
        bodies.append(client.get(entry.get_absolute_url()).content.decode())
    published = json.loads(bodies[1])
    assert len(published) >= 3
    for item in published:
        _validate(item)
    # The page's own header names the signed-in reader; the register itself names no one.
    reader = users["traveller"]
    people = [(f"{u.first_name} {u.last_name}", u.email) for u in User.objects.exclude(
        pk=reader.pk) if u.first_name and u.last_name]
    assert len(people) > 50
    found = [who for who in people for body in bodies if who[0] in body or who[1] in body]
    assert found == []
    for body in bodies[1:3]:
        assert reader.email not in body and reader.last_name not in body


@pytest.mark.django_db
def test_the_json_feed_is_made_once_per_version_of_the_register(
        client, officer, traveller, django_assert_max_num_queries):
    """Tooling polls the feed: it is kept between requests, and any change to the register
    (a publication, a withdrawal: a published entry is not edited) or to the municipality's
    name gives a new one."""
    from algoritmeregister import services
    from reisbureau.services import municipality_settings_save

    client.force_login(traveller)
    url = f"{INDEX}?formaat=json"

    def names():
        return {item["name"] for item in client.get(url).json()}

    before = names()
    first = published_entry(officer, submission__task__work_task="Notulen samenvatten")
    assert names() == before | {first.name}
    # Kept: the session, the user, the version aggregate (no entry rows are read).
    with django_assert_max_num_queries(4) as kept:
        assert names() == before | {first.name}
    assert not any('"algoritmeregister_registerentry"."name"' in q["sql"]
                   for q in kept.captured_queries)

    second = published_entry(officer, submission__task__work_task="Brieven schrijven")
    assert names() == before | {first.name, second.name}

    services.entry_withdraw(entry=second, actor=officer, reason="Niet meer in gebruik.")
    assert names() == before | {first.name}

    staff = User.objects.filter(groups__name="agency_staff").first()
    if staff is None:
        from tests.factories import UserFactory
        staff = UserFactory(roles=["agency_staff"])
    municipality_settings_save(actor=staff, name="Gemeente Nieuwstad")
    assert {item["organization"] for item in client.get(url).json()} == {"Gemeente Nieuwstad"}
