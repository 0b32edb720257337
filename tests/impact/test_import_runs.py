"""Usage imports under faults and hostile files: the claim and lease that make a run
restartable, the sweep, specific refusals without file content in any log, the retention of the
stored file and the error list, and the staff retry."""

import datetime as dt
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from impact import importer, services, tasks
from impact.constants import IMPORT_MAX_ATTEMPTS, ImportFormat, ImportMode, ImportStatus
from impact.models import UsageImport, UsageRecord
from reisbureau.audit import AuditEntry

pytestmark = pytest.mark.django_db

SECRET = "geheim.persoon@voorbeeldstad.example"


def _stored(user, content: bytes, fmt=ImportFormat.GENERIC, mode=ImportMode.SKIP_BAD_ROWS,
            **fields):
    usage_import = UsageImport(uploaded_by=user, filename="export.csv", format=fmt, mode=mode,
                               **fields)
    usage_import.file.save("export.csv", ContentFile(content), save=False)
    usage_import.save()
    return usage_import


def _generic(emails, rows=3) -> bytes:
    day = timezone.localdate() - dt.timedelta(days=1)
    return ("email,date,tool\n" + "".join(
        f"{emails[i % len(emails)]},{day - dt.timedelta(days=i)},Word\n" for i in range(rows))
    ).encode()


@pytest.fixture
def lease(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "IMPORT_LEASE_SECONDS": 60}
    return dt.timedelta(seconds=60)


# --- Claim and lease ---------------------------------------------------------------------

def test_a_waiting_import_is_claimed_once(agency_staff, lease):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    claimed = importer.claim(usage_import.pk)
    assert claimed.status == ImportStatus.VALIDATING and claimed.attempts == 1
    assert claimed.started_at and claimed.heartbeat_at
    assert importer.claim(usage_import.pk) is None  # a live run holds it


def test_a_run_whose_heartbeat_stopped_is_taken_over(agency_staff, lease, time_machine):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    first = importer.claim(usage_import.pk)
    time_machine.move_to(timezone.now() + lease - dt.timedelta(seconds=5))
    assert importer.claim(usage_import.pk) is None
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=10))
    assert UsageImport.objects.get(pk=usage_import.pk).is_stalled
    second = importer.claim(usage_import.pk)
    assert second.attempts == 2 and second.started_at != first.started_at


def test_a_run_that_was_taken_over_writes_nothing_more(agency_staff, lease, time_machine):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    old_run = importer._Run(importer.claim(usage_import.pk))
    time_machine.move_to(timezone.now() + lease * 2)
    importer.claim(usage_import.pk)
    with pytest.raises(importer.LeaseLost):
        old_run.update(processed_rows=99)
    assert UsageImport.objects.get(pk=usage_import.pk).processed_rows == 0


def test_a_taken_over_import_finishes_with_every_record_once(agency_staff, make_user, lease,
                                                              time_machine):
    people = [make_user("traveller", email=f"overname{i}@voorbeeldstad.example")
              for i in range(3)]
    usage_import = _stored(agency_staff, _generic([p.email for p in people], rows=30))
    importer.claim(usage_import.pk)  # a worker claimed it and was killed
    time_machine.move_to(timezone.now() + lease * 2)
    assert importer.run(usage_import.pk).status == ImportStatus.DONE
    assert importer.run(usage_import.pk).status == ImportStatus.DONE  # late re-delivery
    assert UsageRecord.objects.count() == 30
    usage_import.refresh_from_db()
    assert usage_import.imported_records == 30 and usage_import.attempts == 2


def test_the_final_transaction_writes_only_for_the_run_holding_the_import(
        agency_staff, lease, monkeypatch, time_machine):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    original = importer._Stage.duplicates

    def taken_over_meanwhile(stage, limit):
        # Another worker takes the import over while this one checks duplicates.
        time_machine.move_to(timezone.now() + lease * 2)
        importer.claim(usage_import.pk)
        return original(stage, limit)

    monkeypatch.setattr(importer._Stage, "duplicates", taken_over_meanwhile)
    importer.run(usage_import.pk)
    assert not UsageRecord.objects.exists()
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.VALIDATING and usage_import.attempts == 2


def test_after_the_last_attempt_the_import_fails_with_a_clear_message(agency_staff, lease,
                                                                      time_machine):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    for _attempt in range(IMPORT_MAX_ATTEMPTS):
        assert importer.claim(usage_import.pk) is not None
        time_machine.move_to(timezone.now() + lease * 2)
    assert importer.claim(usage_import.pk) is None
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.FAILED
    assert "3 keer onderbroken" in usage_import.message
    assert usage_import.can_retry  # the file is kept for a retry by staff


# --- The sweep ---------------------------------------------------------------------------

def test_the_sweep_queues_missed_and_stalled_imports_and_leaves_live_ones(
        agency_staff, lease, monkeypatch, time_machine):
    queued = []
    monkeypatch.setattr(tasks.run_usage_import, "delay", queued.append)
    content = _generic([agency_staff.email])
    missed = _stored(agency_staff, content)  # the broker was down: never queued
    queued_ok = _stored(agency_staff, content, queued_at=timezone.now())
    stalled = _stored(agency_staff, content)
    importer.claim(stalled.pk)
    live = _stored(agency_staff, content)
    importer.claim(live.pk)
    done = _stored(agency_staff, content, status=ImportStatus.DONE)
    assert tasks.sweep_pending_imports() == 0  # seconds old: the web's own enqueue may run
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61))
    UsageImport.objects.filter(pk=live.pk).update(heartbeat_at=timezone.now())
    assert tasks.sweep_pending_imports() == 2
    assert sorted(queued) == sorted([missed.pk, stalled.pk])
    assert queued_ok.pk not in queued and done.pk not in queued
    # Queued now: not again every minute while the worker is busy.
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=30))
    queued.clear()
    UsageImport.objects.filter(pk=live.pk).update(heartbeat_at=timezone.now())
    assert tasks.sweep_pending_imports() == 0


def test_the_import_sweep_runs_every_minute():
    from portal.schedules import beat_schedule

    entry = beat_schedule()["impact-import-sweep"]
    assert entry["schedule"].minute == set(range(60))
    assert entry["options"]["expires"] < 60


# --- Hostile files: specific refusals, nothing of the file in a log ----------------------

def _run_logged(caplog, user, content, **kwargs):
    caplog.set_level(logging.DEBUG)
    usage_import = _stored(user, content, **kwargs)
    result = importer.run(usage_import.pk)
    assert SECRET not in caplog.text and "geheim" not in caplog.text
    return result


def test_a_cell_of_a_megabyte_is_refused_with_its_row(agency_staff, caplog):
    content = (f"email,date,tool\n{agency_staff.email},2024-01-02,Word\n"
               f"{SECRET},2024-01-02,\"{'x' * 1_000_000}\"\n").encode()
    result = _run_logged(caplog, agency_staff, content)
    assert result.status == ImportStatus.REFUSED
    assert "Rij 3 heeft een cel van meer dan 131.072 tekens" in result.message
    assert not UsageRecord.objects.exists()
    assert not result.file  # refused: the stored file is gone


def test_binary_data_after_the_first_64_kb_is_refused_with_its_row(agency_staff, caplog):
    good = "".join(f"{SECRET},2024-01-02,Tool{i}\n" for i in range(2000))
    content = ("email,date,tool\n" + good).encode() + b"\x81\x8d\xff\xfe binary \x9d\n"
    assert len(content) > 64 * 1024
    result = _run_logged(caplog, agency_staff, content)
    assert result.status == ImportStatus.REFUSED
    assert result.message.startswith("Vanaf rij 2002 is het bestand geen leesbare tekst")
    nul = ("email,date,tool\n" + good).encode() + b"\x00\x00PK\n"
    assert _run_logged(caplog, agency_staff, nul).message.startswith("Vanaf rij 2002")


def test_an_unexpected_failure_logs_its_type_and_row_only(agency_staff, caplog, monkeypatch):
    def broken(self, row, today):
        raise KeyError(f"{row[0]} leaked")

    monkeypatch.setattr(importer._Plan, "records", broken)
    caplog.set_level(logging.DEBUG)
    usage_import = _stored(agency_staff, f"email,date,tool\n{SECRET},2024-01-02,Word\n".encode())
    with pytest.raises(importer.ImportFailed) as raised:
        importer.run(usage_import.pk)
    assert SECRET not in str(raised.value) and raised.value.__context__ is None
    assert SECRET not in caplog.text
    assert "KeyError" in caplog.text and "row 2" in caplog.text
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.FAILED and "rij 2" in usage_import.message
    assert SECRET not in usage_import.message


def test_a_database_error_with_row_content_is_not_logged(agency_staff, caplog, monkeypatch):
    from django.db import DataError

    def copy_error(stage, batch):
        raise DataError(f'invalid input syntax CONTEXT: COPY line 1: "{SECRET},x"')

    monkeypatch.setattr(importer._Stage, "write", copy_error)
    caplog.set_level(logging.DEBUG)
    usage_import = _stored(agency_staff, f"email,date,tool\n{agency_staff.email},2024-01-02,"
                                         "Word\n".encode())
    with pytest.raises(importer.ImportFailed):
        importer.run(usage_import.pk)
    assert SECRET not in caplog.text and "DataError" in caplog.text


def test_a_hundred_thousand_activity_columns_make_no_tools(agency_staff, caplog):
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    header = "User Principal Name," + ",".join(
        f"App{i} Copilot Last Activity Date" for i in range(100_000))
    row = f"{agency_staff.email}," + ",".join([day] * 100_000)
    result = _run_logged(caplog, agency_staff, f"{header}\n{row}\n".encode(),
                         fmt=ImportFormat.M365)
    assert result.status == ImportStatus.REFUSED
    assert "100001 kolommen" in result.message
    assert "Verwachte kolommen: User Principal Name" in result.message
    assert not UsageRecord.objects.exists()


def test_unknown_app_columns_are_skipped_not_made_into_tools(agency_staff):
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    header = ("User Principal Name,Word Copilot Last Activity Date,"
              "Verzonnen App Copilot Last Activity Date,Nog Een Last Activity Date")
    usage_import = _stored(agency_staff, f"{header}\n{agency_staff.email},{day},{day},{day}\n"
                           .encode(), fmt=ImportFormat.M365)
    result = importer.run(usage_import.pk)
    assert result.status == ImportStatus.DONE
    assert list(UsageRecord.objects.values_list("tool", flat=True)) == ["Word"]
    assert "2 kolommen van onbekende apps zijn overgeslagen" in result.message


def test_a_header_of_no_known_format_is_refused_naming_the_expected_columns(agency_staff):
    usage_import = _stored(agency_staff, b"User Principal Name,Iets Anders\nx@y.nl,1\n",
                           fmt=ImportFormat.M365)
    result = importer.run(usage_import.pk)
    assert result.status == ImportStatus.REFUSED
    assert "Verwachte kolommen: User Principal Name, Last Activity Date, " \
           "Microsoft Teams Copilot Last Activity Date, Word Copilot" in result.message


# --- Retention of the stored file and the error list -------------------------------------

def test_a_finished_import_deletes_its_stored_file(agency_staff):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    storage, name = usage_import.file.storage, usage_import.file.name
    assert importer.run(usage_import.pk).status == ImportStatus.DONE
    usage_import.refresh_from_db()
    assert not usage_import.file and not storage.exists(name)


def test_retention_removes_old_files_and_error_lists_and_keeps_the_counts(
        agency_staff, settings, time_machine, tmp_path):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    settings.REISBUREAU = {**settings.REISBUREAU, "IMPORT_FILE_RETENTION_DAYS": 30}
    content = f"email,date,tool\n{SECRET},2024-01-02,Word\n{agency_staff.email},2024-01-02,W\n"
    done = _stored(agency_staff, content.encode())
    importer.run(done.pk)
    done.refresh_from_db()
    assert "Onbekende medewerker: " + SECRET in done.errors[0]["message"]
    failed = _stored(agency_staff, content.encode(), status=ImportStatus.FAILED)
    waiting = _stored(agency_staff, content.encode())
    orphan = default_storage.save("impact/imports/wees.csv", ContentFile(SECRET.encode()))
    assert services.retention_apply()["import_files"] == 0  # all recent

    time_machine.move_to(timezone.now() + dt.timedelta(days=31))
    result = services.retention_apply()
    assert result["import_error_lists"] == 1 and result["import_files"] == 3
    for usage_import in (done, failed, waiting):
        usage_import.refresh_from_db()
        assert not usage_import.file
    assert not default_storage.exists(orphan)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert done.errors == [] and done.error_count == 1 and done.errors_removed_at
    assert done.imported_records == 1 and UsageRecord.objects.count() == 1
    assert waiting.status == ImportStatus.FAILED and "30 dagen" in waiting.message
    assert SECRET not in str(list(UsageImport.objects.values_list("errors", "message")))
    assert AuditEntry.objects.filter(action="impact.import_files_removed").exists()
    assert services.retention_apply()["import_files"] == 0  # safe to run twice


# --- The page and the staff retry --------------------------------------------------------

def test_the_page_says_waiting_interrupted_and_offers_staff_a_retry(
        client, agency_staff, lease, time_machine, django_capture_on_commit_callbacks):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    client.force_login(agency_staff)
    page = client.get(usage_import.get_absolute_url()).content.decode()
    assert "Wacht op verwerking" in page and "niet bereikbaar" in page
    assert "Start het importeren opnieuw" not in page
    importer.claim(usage_import.pk)  # a worker took it and died
    time_machine.move_to(timezone.now() + lease * 2)
    page = client.get(usage_import.get_absolute_url()).content.decode()
    assert "Onderbroken, wordt hervat" in page and "Start het importeren opnieuw" in page
    assert "Onderbroken, wordt hervat" in client.get(reverse("impact:imports")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:import_retry", args=[usage_import.pk]))
    assert response.status_code == 302
    usage_import.refresh_from_db()
    # Eager in tests: queued again after commit and run at once.
    assert usage_import.status == ImportStatus.DONE and UsageRecord.objects.count() == 3
    assert AuditEntry.objects.filter(action="impact.usage_import_retried").exists()
    # Finished: nothing to retry, and the file is gone.
    response = client.post(reverse("impact:import_retry", args=[usage_import.pk]), follow=True)
    assert "upload het opnieuw" in response.content.decode()


def test_a_failed_import_can_be_retried_by_staff(client, agency_staff, monkeypatch,
                                                django_capture_on_commit_callbacks):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]))
    monkeypatch.setattr(importer, "_save", lambda stage, ui: 1 / 0)
    with pytest.raises(importer.ImportFailed):
        importer.run(usage_import.pk)
    monkeypatch.undo()
    client.force_login(agency_staff)
    assert "Start het importeren opnieuw" in client.get(
        usage_import.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:import_retry", args=[usage_import.pk]))
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.DONE and usage_import.attempts == 1


@pytest.mark.parametrize("role", ["traveller", "adviser", "officer", "manager"])
def test_only_staff_may_retry_an_import(client, make_user, agency_staff, role):
    usage_import = _stored(agency_staff, _generic([agency_staff.email]),
                           status=ImportStatus.FAILED)
    client.force_login(make_user(role))
    response = client.post(reverse("impact:import_retry", args=[usage_import.pk]))
    assert response.status_code == 403
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.FAILED


def test_retrying_a_missing_import_is_404_and_get_is_405(client, agency_staff):
    client.force_login(agency_staff)
    assert client.post(reverse("impact:import_retry", args=[9999])).status_code == 404
    assert client.get(reverse("impact:import_retry", args=[9999])).status_code == 405
