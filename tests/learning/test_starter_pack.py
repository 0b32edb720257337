"""The starter pack: loads into an empty database with production-like settings, twice without
change, updates what nobody edited, leaves edited items alone, and round-trips through export."""

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from community.models import Prompt, WeeklyTip
from community.services import VARIABLE_RE, prompt_variables
from customs.models import ExclusionRule, Measure
from customs.services import measure_save
from journeys.models import StandardJourney, StandardTask
from learning import pack
from learning.models import PackItem, ToolkitPage
from reisbureau.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TIPS_FROM = date(2031, 1, 6)  # a Monday far enough ahead for tip_save


def _starter() -> dict:
    return json.loads(pack.STARTER_PACK.read_text(encoding="utf-8"))


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEMO_ACCOUNTS_ENABLED = False
    return settings


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(email="beheer@gemeente.example", password="x-Secret-9")


def _load(**kwargs) -> str:
    out = StringIO()
    call_command("load_starter_pack", tips_from=TIPS_FROM, stdout=out, **kwargs)
    return out.getvalue()


def _state() -> dict:
    models = {"measures": Measure, "rules": ExclusionRule, "journeys": StandardJourney,
              "tasks": StandardTask, "prompts": Prompt, "pages": ToolkitPage,
              "tips": WeeklyTip, "items": PackItem}
    state = {name: model.objects.count() for name, model in models.items()}
    state["stamps"] = (
        sorted(StandardJourney.objects.values_list("updated_at", flat=True)),
        sorted(Prompt.objects.values_list("updated_at", flat=True)),
        sorted(ToolkitPage.objects.values_list("updated_at", flat=True)),
        sorted(PackItem.objects.values_list("content_hash", "loaded_at")),
    )
    state["export"] = {k: v for k, v in pack.pack_export().items()
                       if k not in ("exported_at", "pack")}
    return state


def test_starter_pack_loads_the_promised_counts_into_an_empty_database(production, admin_user):
    output = _load()
    assert Measure.objects.count() >= 10
    assert ExclusionRule.objects.count() >= 5
    assert StandardJourney.objects.filter(is_published=True).count() >= 10
    assert Prompt.objects.filter(is_published=True).count() >= 30
    pages = ToolkitPage.objects.all()
    assert {p.title.split(":")[0] for p in pages} >= {"Stap 1", "Stap 2", "Stap 3", "Stap 4"}
    assert pages.filter(section=pack.TRAINING_SECTION, title__icontains="superslimme").exists()
    assert WeeklyTip.objects.count() >= 12
    # one tip a week, from the date asked for
    weeks = {t.isocalendar()[:2] for t in WeeklyTip.objects.values_list("publish_on", flat=True)}
    assert len(weeks) == WeeklyTip.objects.count()
    assert min(WeeklyTip.objects.values_list("publish_on", flat=True)) == TIPS_FROM
    # the exclusion rules the issue names
    assert ExclusionRule.objects.filter(when_social_domain=True).exists()
    assert ExclusionRule.objects.filter(when_special_categories=True,
                                        description__icontains="BSN").exists()
    assert ExclusionRule.objects.filter(when_affects_decisions=True).exists()
    # every standard journey has tasks with minutes and a persona or function group
    for sj in StandardJourney.objects.prefetch_related("tasks", "personas", "function_groups"):
        assert sj.tasks.exists() and all(t.expected_minutes_saved > 0 for t in sj.tasks.all())
        assert sj.personas.exists() or sj.function_groups.exists()
        assert "Bron: " in sj.description
    for model, field in ((Measure, "description"), (ExclusionRule, "description"),
                         (ToolkitPage, "body"), (WeeklyTip, "body")):
        assert all("Bron: " in getattr(o, field) for o in model.objects.all()), model
    assert "12 nieuw" in output or "12 new" in output


def test_every_item_in_the_pack_file_has_a_key_and_a_source_and_fits_the_limits():
    data = _starter()
    for section in pack.SECTIONS:
        assert data[section], section
        for row in data[section]:
            assert pack.KEY_RE.match(row["key"]) and row["source"].strip(), (section, row)
            assert len(row["title"]) <= 200
            for name in ("description", "body"):
                assert len(row.get(name, "")) <= pack.MAX_BODY
    assert all(len(p["text"]) <= pack.MAX_PROMPT for p in data["prompts"])
    sources = " ".join(row["source"] for s in pack.SECTIONS for row in data[s])
    for cited in ("Breda", "AVG", "AI-verordening", "Algoritmekader", "generatieve AI"):
        assert cited in sources, cited


def test_every_prompt_has_well_formed_variables_and_links_a_task_of_the_pack():
    data = _starter()
    tasks = {f"{j['key']}/{t['key']}": t for j in data["standard_journeys"] for t in j["tasks"]}
    linked = set()
    for p in data["prompts"]:
        names = prompt_variables(p["text"])
        assert names, p["title"]
        # every {{ opens a variable the prompt library recognises
        assert p["text"].count("{{") == len(VARIABLE_RE.findall(p["text"])) \
            == p["text"].count("}}"), p["title"]
        assert p["task"] in tasks, p["title"]
        assert p["title"] in tasks[p["task"]]["prompts"], p["title"]
        assert p["tool"] == tasks[p["task"]]["tool"]
        linked.add(p["task"])
    assert len(linked) >= 20


def test_a_second_run_changes_nothing(production, admin_user):
    _load()
    before = _state()
    output = _load()
    assert _state() == before
    assert "niets gewijzigd" in output or "nothing changed" in output


def _newer(data: dict, changes: dict) -> bytes:
    data = json.loads(json.dumps(data))
    data["pack"]["version"] += 1
    for (section, key), values in changes.items():
        row = next(r for r in data[section] if r["key"] == key)
        row.update(values)
    return json.dumps(data).encode()


def test_newer_version_updates_unedited_items_and_reports_edited_ones(production, admin_user,
                                                                     tmp_path):
    _load()
    data = _starter()
    edited = Measure.objects.get(title="Alleen op een beheerde gemeentelaptop of -telefoon")
    measure_save(actor=admin_user, measure=edited, title=edited.title,
                 description="Onze eigen afspraak.")
    untouched = Measure.objects.get(title="Controleer feiten, cijfers en bronnen")
    newer = tmp_path / "nl-v2.json"
    newer.write_bytes(_newer(data, {
        ("measures", "alleen-gemeenteapparaat"): {"description": "Nieuwe tekst A."},
        ("measures", "feiten-en-bronnen-checken"): {"description": "Nieuwe tekst B."},
        ("prompts", "brief-naar-b1"): {"text": "Herschrijf op B1: {{brieftekst}}"},
        ("toolkit_pages", "stap-1-reisbureau"): {"body": "Nieuwe stap 1."},
    }))
    output = _load(file=newer)
    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.description == "Onze eigen afspraak."
    assert untouched.description.startswith("Nieuwe tekst B.")
    assert "Bron: " in untouched.description
    prompt = Prompt.objects.get(title="Brief herschrijven naar B1")
    assert prompt.text == "Herschrijf op B1: {{brieftekst}}" and prompt.version == 2
    assert ToolkitPage.objects.get(title="Stap 1: Open een reisbureau").body.startswith(
        "Nieuwe stap 1.")
    assert "Alleen op een beheerde gemeentelaptop of -telefoon" in output
    assert output.count("\n  - ") == 1  # only the edited item is reported as left alone
    # and the run after it changes nothing more
    before = _state()
    _load(file=newer)
    assert _state() == before


def test_an_older_version_does_not_undo_a_newer_one(production, admin_user, tmp_path):
    data = _starter()
    newer = tmp_path / "v2.json"
    newer.write_bytes(_newer(data, {("measures", "feiten-en-bronnen-checken"):
                                      {"description": "Versie 2."}}))
    _load(file=newer)
    result = pack.starter_pack_load(actor=admin_user, tips_from=TIPS_FROM)
    assert Measure.objects.get(title="Controleer feiten, cijfers en bronnen")\
        .description.startswith("Versie 2.")
    assert result["counts"]["measures"]["left_alone"] == 1


def test_removed_item_is_not_loaded_again(production, admin_user, tmp_path):
    _load()
    ToolkitPage.objects.filter(title="Stap 4: Van pilot naar standaard werkwijze").delete()
    newer = tmp_path / "v2.json"
    newer.write_bytes(_newer(_starter(), {("toolkit_pages", "stap-4-standaard-werkwijze"):
                                            {"body": "Nieuw."}}))
    result = pack.starter_pack_load(actor=admin_user, path=newer, tips_from=TIPS_FROM)
    assert not ToolkitPage.objects.filter(title__startswith="Stap 4").exists()
    assert result["left_alone"][0]["section"] == "toolkit_pages"


def test_export_then_import_into_another_empty_database(production, admin_user,
                                                        transactional_db):
    _load()
    exported = pack.pack_export()
    assert exported["schema_version"] == 2
    assert all(row.get("key") for s in pack.SECTIONS for row in exported[s])
    assert len(exported["training_templates"]) == len(_starter()["training_templates"])
    call_command("flush", interactive=False)
    actor = User.objects.create_superuser(email="ander@gemeente.example", password="x-Secret-9")
    result = pack.pack_import(actor=actor, data=json.dumps(exported).encode(),
                              tips_from=TIPS_FROM)
    assert result["measures"] == len(exported["measures"])
    again = pack.pack_export()
    for section in pack.SECTIONS:
        assert again[section] == exported[section], section
    second = pack.pack_import(actor=actor, data=json.dumps(exported).encode(),
                              tips_from=TIPS_FROM)
    assert second["updated"] == 0 and not any(second[s] for s in pack.SECTIONS)


def test_toolkit_pack_of_schema_1_still_imports(production, agency_staff):
    old = {"format": "reisbureau-toolkit", "schema_version": 1,
           "standard_journeys": [{"title": "Oude reis", "kind": "excursion",
                                  "is_published": True,
                                  "tasks": [{"work_task": "Samenvatten",
                                             "expected_minutes_saved": 10}]}],
           "prompts": [{"title": "Oude prompt", "text": "Vat samen: {{tekst}}"}],
           "measures": [{"title": "Oude maatregel"}],
           "exclusion_rules": [{"title": "Oude regel", "keywords": "geheim"}],
           "toolkit_pages": [{"title": "Genegeerd in schema 1"}]}
    result = pack.pack_import(actor=agency_staff, data=json.dumps(old).encode())
    assert (result["standard_journeys"], result["prompts"], result["measures"],
            result["exclusion_rules"]) == (1, 1, 1, 1)
    assert not PackItem.objects.exists() and not ToolkitPage.objects.exists()
    again = pack.pack_import(actor=agency_staff, data=json.dumps(old).encode())
    assert again["kept"] == 4 and again["updated"] == 0


def test_agency_staff_who_is_not_an_officer_gets_measure_updates_reported(production,
                                                                           admin_user,
                                                                           agency_staff):
    _load()
    result = pack.pack_import(actor=agency_staff, data=_newer(_starter(), {
        ("measures", "dataminimalisatie"): {"description": "Nieuw."}}), tips_from=TIPS_FROM)
    assert result["counts"]["measures"]["left_alone"] == 1
    assert "officer" in result["left_alone"][0]["reason"] or \
        "functionaris" in result["left_alone"][0]["reason"]


def test_a_bad_prompt_variable_or_task_link_refuses_the_pack(admin_user):
    data = _starter()
    data["prompts"][0]["text"] = "Vat samen: {{ 1fout }}"
    data["prompts"][1]["task"] = "bestaat-niet/taak"
    data["pack"]["version"] = 2**31  # larger than the database keeps
    with pytest.raises(pack.PackError) as exc:
        pack.pack_import(actor=admin_user, data=json.dumps(data).encode())
    assert any("prompts[1].text" in p for p in exc.value.problems)
    assert any("prompts[2].task" in p for p in exc.value.problems)
    assert any(p.startswith("pack.version") for p in exc.value.problems)
    assert not Measure.objects.exists()


def test_command_without_an_administrator_says_what_to_do(production):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="createsuperuser"):
        _load()


def test_command_loads_with_production_settings_in_a_fresh_database(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production",
           "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portaal.gemeente.example",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "REDIS_URL": "",
           "DJANGO_SUPERUSER_PASSWORD": "x-Secret-9", "DATABASE_REPLICA_URL": ""}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    assert manage("migrate", "--noinput").returncode == 0
    assert manage("createsuperuser", "--noinput", "--email", "beheer@gemeente.example")\
        .returncode == 0
    first = manage("load_starter_pack")
    assert first.returncode == 0, first.stderr
    assert "maatregelen: 12 nieuw" in first.stdout
    second = manage("load_starter_pack")
    assert second.returncode == 0, second.stderr
    assert "niets gewijzigd" in second.stdout
    assert "12 ongewijzigd" in second.stdout
