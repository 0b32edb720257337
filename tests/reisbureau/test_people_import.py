"""HR import: read CSV/XLSX, preview, all-or-nothing apply, deactivation, audit without names."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reisbureau import people_import as importer
from reisbureau import services
from reisbureau.exceptions import DomainError
from reisbureau.models import (
    AuditEntry,
    LicenceAssignment,
    LicenceWaitlistEntry,
    PeopleImport,
    PeopleImportStatus,
    User,
)
from tests.factories import DepartmentFactory, FunctionGroupFactory, PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "ruimte": DepartmentFactory(name="Ruimte"),
        "burgerzaken": DepartmentFactory(name="Burgerzaken"),
        "beleid": FunctionGroupFactory(name="Beleidsmedewerker"),
        "klant": FunctionGroupFactory(name="Klantcontact"),
        "schrijver": PersonaFactory(name="De schrijver"),
        "analist": PersonaFactory(name="De analist"),
    }


def upload(text: str, name="hr.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), "text/csv")


def create(actor, text, *, full_export=False, name="hr.csv", encoding="utf-8-sig"):
    return importer.people_import_create(upload=upload(text, name, encoding), actor=actor,
                                         full_export=full_export)


GOOD = (
    "e-mail;naam;afdeling;functiegroep;persona;leidinggevende\n"
    "an.jansen@voorbeeldstad.example;An Jansen;Ruimte;Beleidsmedewerker;De schrijver;"
    "piet.baas@voorbeeldstad.example\n"
    "piet.baas@voorbeeldstad.example;Piet de Baas;Ruimte;Beleidsmedewerker;"
    "De schrijver|De analist;\n"
)


def test_excel_semicolon_csv_with_bom_is_read_with_dutch_headers(agency_staff, catalogue):
    item = create(agency_staff, GOOD)
    assert [r["email"] for r in item.rows] == ["an.jansen@voorbeeldstad.example",
                                               "piet.baas@voorbeeldstad.example"]
    assert item.rows[0]["department"] == "Ruimte"


def test_comma_csv_in_windows_1252_is_read(agency_staff, catalogue):
    item = create(agency_staff, "email,name,department\nrene@voorbeeldstad.example,"
                  "René Müller,Ruimte\n", encoding="cp1252")
    assert item.rows[0]["name"] == "René Müller"


def test_xlsx_is_read(agency_staff, catalogue):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["E-mail", "Voornaam", "Achternaam", "Afdeling"])
    sheet.append(["x@voorbeeldstad.example", "Xandra", "de Vries", "Ruimte"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    item = importer.people_import_create(
        upload=SimpleUploadedFile("hr.xlsx", buffer.getvalue()), actor=agency_staff,
        full_export=False)
    plan = importer.plan_import(item.rows, full_export=False)
    assert plan.ok and plan.creates[0]["wanted"]["last_name"] == "de Vries"


def test_a_file_without_an_email_column_is_refused_in_dutch(agency_staff):
    with pytest.raises(DomainError, match="kolom “e-mail”"):
        create(agency_staff, "naam;afdeling\nAn;Ruimte\n")


def test_apply_creates_people_with_department_function_group_personas_and_manager(
        agency_staff, catalogue):
    item = create(agency_staff, GOOD)
    importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                         deactivate_missing=False)
    an = User.objects.get(email="an.jansen@voorbeeldstad.example")
    piet = User.objects.get(email="piet.baas@voorbeeldstad.example")
    assert (an.first_name, an.last_name) == ("An", "Jansen")
    assert piet.last_name == "de Baas"
    assert an.department == catalogue["ruimte"] and an.function_group == catalogue["beleid"]
    assert set(piet.personas.all()) == {catalogue["schrijver"], catalogue["analist"]}
    assert an.manager == piet and piet.manager is None
    assert an.role_names == {"traveller"} and not an.has_usable_password()
    item.refresh_from_db()
    assert item.status == PeopleImportStatus.DONE and item.created_count == 2
    assert item.rows == []  # the names and addresses are not kept on the import


def test_preview_reports_changes_and_apply_changes_only_those(agency_staff, catalogue):
    person = UserFactory(email="an.jansen@voorbeeldstad.example", first_name="An",
                         last_name="Jansen", department=catalogue["burgerzaken"],
                         function_group=catalogue["beleid"])
    item = create(agency_staff, "e-mail;naam;afdeling;functiegroep\n"
                  "AN.JANSEN@voorbeeldstad.example;An Jansen;Ruimte;Beleidsmedewerker\n")
    plan = importer.plan_import(item.rows, full_export=False)
    assert not plan.creates and plan.changes[0]["fields"] == ["department"]
    importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                         deactivate_missing=False)
    person.refresh_from_db()
    assert person.department == catalogue["ruimte"]
    entry = AuditEntry.objects.get(action="user.import_changed")
    assert entry.target_id == str(person.pk)
    assert entry.data == {"import": item.pk, "fields": ["department"],
                          "department": catalogue["ruimte"].pk}


def test_errors_are_per_row_in_dutch_and_nothing_is_saved(agency_staff, catalogue):
    item = create(agency_staff, (
        "e-mail;naam;afdeling;functiegroep;persona;leidinggevende\n"
        "goed@voorbeeldstad.example;Goed Mens;Ruimte;Beleidsmedewerker;;\n"
        ";Zonder Adres;Ruimte;;;\n"
        "geen-adres;Fout Adres;Ruimte;;;\n"
        "goed@voorbeeldstad.example;Dubbel;Ruimte;;;\n"
        "a@voorbeeldstad.example;A;Ruimtee;;;\n"
        "b@voorbeeldstad.example;B;Ruimte;Wethouder;Onbekend;\n"
        "c@voorbeeldstad.example;C;;;;niemand@voorbeeldstad.example\n"
    ))
    plan = importer.plan_import(item.rows, full_export=False)
    messages = [e["message"] for e in plan.errors]
    assert messages == [
        "Rij 3: het e-mailadres ontbreekt.",
        "Rij 4: “geen-adres” is geen geldig e-mailadres.",
        "Rij 5: dit e-mailadres staat ook in rij 2.",
        "Rij 6: de afdeling “Ruimtee” bestaat niet in het portaal.",
        "Rij 7: de functiegroep “Wethouder” bestaat niet in het portaal.",
        "Rij 7: de persona “Onbekend” bestaat niet in het portaal.",
        "Rij 8: de leidinggevende “niemand@voorbeeldstad.example” staat niet in het bestand "
        "en heeft geen actief account.",
    ]
    users_before, audit_before = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(DomainError, match="Er is niets opgeslagen"):
        importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                             deactivate_missing=False)
    assert User.objects.count() == users_before
    assert AuditEntry.objects.count() == audit_before
    assert not User.objects.filter(email="goed@voorbeeldstad.example").exists()


def test_a_failure_halfway_saves_nothing(agency_staff, catalogue, monkeypatch):
    item = create(agency_staff, GOOD)

    def broken(entries):
        raise RuntimeError("database gone")

    monkeypatch.setattr(importer, "audit_log_many", broken)
    with pytest.raises(RuntimeError):
        importer.people_import_apply(import_id=item.pk, actor=agency_staff)
    assert not User.objects.filter(email__endswith="@voorbeeldstad.example").exclude(
        pk=agency_staff.pk).exists()
    item.refresh_from_db()
    assert item.status == PeopleImportStatus.PREVIEW and item.rows


def test_re_applying_the_same_file_changes_nothing(agency_staff, catalogue):
    first = create(agency_staff, GOOD)
    importer.people_import_request_apply(people_import=first, actor=agency_staff,
                                         deactivate_missing=False)
    # Applying the same import again is a no-op ...
    importer.people_import_apply(import_id=first.pk, actor=agency_staff)
    audit_before = AuditEntry.objects.filter(action__startswith="user.").count()
    # ... and so is a new upload of the same file.
    second = create(agency_staff, GOOD)
    plan = importer.plan_import(second.rows, full_export=False)
    assert not plan.creates and not plan.changes and plan.unchanged == 2
    importer.people_import_request_apply(people_import=second, actor=agency_staff,
                                         deactivate_missing=False)
    second.refresh_from_db()
    assert (second.created_count, second.changed_count) == (0, 0)
    assert AuditEntry.objects.filter(action__startswith="user.").count() == audit_before


def test_full_export_offers_missing_people_and_deactivates_only_when_asked(
        agency_staff, catalogue, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "LICENCE_COUNT": 1}
    leaver = UserFactory(email="weg@voorbeeldstad.example")
    waiting = UserFactory(email="wacht@voorbeeldstad.example")
    services.licence_request(user=leaver)
    assert services.licence_request(user=waiting) == "waiting"
    text = GOOD + "wacht@voorbeeldstad.example;Wacht Even;Ruimte;;;\n"

    item = create(agency_staff, text, full_export=True)
    plan = importer.plan_import(item.rows, full_export=True, actor=agency_staff)
    assert [u.email for u in plan.deactivations] == ["weg@voorbeeldstad.example"]
    importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                         deactivate_missing=False)
    leaver.refresh_from_db()
    assert leaver.is_active  # offered, not done

    item = create(agency_staff, text, full_export=True)
    importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                         deactivate_missing=True)
    leaver.refresh_from_db()
    assert not leaver.is_active and User.objects.filter(pk=leaver.pk).exists()  # never deleted
    assert not LicenceAssignment.objects.filter(user=leaver).exists()
    # the waiting list moved up: the freed licence went to the first in line
    assert LicenceAssignment.objects.filter(user=waiting).exists()
    assert not LicenceWaitlistEntry.objects.exists()
    assert agency_staff.__class__.objects.get(pk=agency_staff.pk).is_active  # not the uploader
    item.refresh_from_db()
    assert item.deactivated_count == 1


def test_audit_entries_hold_ids_only(agency_staff, catalogue):
    item = create(agency_staff, GOOD, full_export=True)
    importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                         deactivate_missing=True)
    entries = AuditEntry.objects.filter(action__in=[
        "user.imported", "user.import_changed", "user.deactivated_by_import",
        "people_import.applied", "people_import.uploaded"])
    assert entries.count() >= 3
    for entry in entries:
        text = f"{entry.data} {entry.target_repr}"
        for secret in ("jansen", "Jansen", "baas", "Piet", "@", "hr.csv"):
            assert secret not in text


def test_a_large_file_is_applied_by_the_worker_with_progress(agency_staff, catalogue,
                                                             settings, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    settings.REISBUREAU = {**settings.REISBUREAU, "PEOPLE_IMPORT_SYNC_ROWS": 2}
    lines = ["e-mail;naam;afdeling"] + [f"p{i}@voorbeeldstad.example;P {i};Ruimte"
                                        for i in range(450)]
    item = create(agency_staff, "\n".join(lines) + "\n")
    queued = []
    monkeypatch.setattr("reisbureau.tasks.apply_people_import.delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        item = importer.people_import_request_apply(people_import=item, actor=agency_staff,
                                                    deactivate_missing=False)
    assert item.status == PeopleImportStatus.QUEUED and queued == [item.pk]
    assert not User.objects.filter(email="p1@voorbeeldstad.example").exists()
    seen = []

    class Recorder:
        def set(self, key, value, timeout):
            seen.append(value)

    monkeypatch.setattr(importer, "cache", Recorder())
    with django_capture_on_commit_callbacks(execute=True):
        importer.people_import_run(import_id=item.pk)
    item.refresh_from_db()
    assert item.status == PeopleImportStatus.DONE and item.created_count == 450
    assert seen == [44, 88, 100]


def test_the_sweep_queues_an_import_the_broker_never_took(agency_staff, catalogue,
                                                          monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    item = create(agency_staff, GOOD)
    PeopleImport.objects.filter(pk=item.pk).update(
        status=PeopleImportStatus.QUEUED, created_at=timezone.now() - timedelta(minutes=2))
    queued = []
    monkeypatch.setattr("reisbureau.tasks.apply_people_import.delay", queued.append)
    assert importer.people_imports_sweep() == [item.pk]
    assert queued == [item.pk]
    item.refresh_from_db()
    assert item.queued_at is not None
    assert importer.people_imports_sweep() == []
