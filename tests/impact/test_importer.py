"""The usage importer on clean, messy and large files."""

import datetime as dt
import gc
import time
import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impact import importer
from impact.constants import IMPORT_BATCH_SIZE, ImportFormat, ImportMode, ImportStatus
from impact.models import UsageImport, UsageRecord

pytestmark = pytest.mark.django_db

M365_HEADER = ("Report Refresh Date,User Principal Name,Display Name,Last Activity Date,"
               "Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,"
               "Excel Copilot Last Activity Date,PowerPoint Copilot Last Activity Date,"
               "Outlook Copilot Last Activity Date,OneNote Copilot Last Activity Date,"
               "Loop Copilot Last Activity Date,Copilot Chat Last Activity Date,Report Period")


def _import(user, content: bytes, fmt=ImportFormat.M365, mode=ImportMode.SKIP_BAD_ROWS):
    usage_import = UsageImport(uploaded_by=user, filename="export.csv", format=fmt, mode=mode)
    usage_import.file.save("export.csv", ContentFile(content), save=False)
    usage_import.save()
    return importer.run(usage_import.pk)


@pytest.fixture(params=["copy", "executemany"])
def stage_path(request, monkeypatch):
    """PostgreSQL stages rows with COPY; every other database (and PostgreSQL with USE_COPY off)
    with executemany. On PostgreSQL both run; elsewhere only executemany."""
    if request.param == "copy":
        if connection.vendor != "postgresql":
            pytest.skip("COPY is PostgreSQL only")
    else:
        monkeypatch.setattr(importer, "USE_COPY", False)
    return request.param


@pytest.fixture
def people(make_user):
    return [make_user("traveller", email=f"persoon{i}@voorbeeldstad.example") for i in range(3)]


def test_clean_m365_export_gives_one_record_per_app_used(agency_staff, people, stage_path):
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    rows = [M365_HEADER,
            f"{day},Persoon0@Voorbeeldstad.example,P 0,{day},{day},{day},,,,,,,180",
            f"{day},persoon1@voorbeeldstad.example,P 1,{day},,,,,,,,{day},180",
            f"{day},persoon2@voorbeeldstad.example,P 2,,,,,,,,,,180"]
    result = _import(agency_staff, "\n".join(rows).encode())
    assert result.status == ImportStatus.DONE and result.error_count == 0
    assert sorted(UsageRecord.objects.values_list("user__email", "tool")) == [
        ("persoon0@voorbeeldstad.example", "Microsoft Teams"),
        ("persoon0@voorbeeldstad.example", "Word"),
        ("persoon1@voorbeeldstad.example", "Copilot Chat")]
    assert result.imported_records == 3


def test_messy_dutch_excel_file_reports_bad_rows_and_imports_the_rest(agency_staff, people,
                                                                      stage_path):
    day = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    header = M365_HEADER.replace(",", ";") + ";Microsoft Whiteboard Copilot Last Activity Date"
    rows = [header,
            f"x;persoon0@voorbeeldstad.example;P;{day};{day};;;;;;;;30;{day}",
            f"x;onbekend@voorbeeldstad.example;O;{day};{day};;;;;;;;30;",
            f"x;persoon1@voorbeeldstad.example;P;gisteren;gisteren;;;;;;;;30;",
            f"x;persoon2@voorbeeldstad.example;P;{future};{future};;;;;;;;30;",
            f"x;persoon0@voorbeeldstad.example;P;{day};{day};;;;;;;;30;"]
    content = "\ufeff" + "\r\n".join(rows) + "\r\n"
    result = _import(agency_staff, content.encode("utf-8"))
    assert result.status == ImportStatus.DONE
    messages = {e["row"]: e["message"] for e in result.errors}
    assert "Onbekende medewerker" in messages[3]
    assert "geen datum" in messages[4]
    assert "toekomst" in messages[5]
    assert "Dubbele rij" in messages[6]
    assert result.error_count == 4
    # The extra (newer) app column is imported too.
    assert set(UsageRecord.objects.values_list("tool", flat=True)) == {
        "Microsoft Teams", "Microsoft Whiteboard"}


def test_all_or_nothing_refuses_a_file_with_one_bad_row(agency_staff, people, stage_path):
    day = timezone.localdate().isoformat()
    content = (f"email,date,tool,actions\npersoon0@voorbeeldstad.example,{day},Word,3\n"
               f"niemand@voorbeeldstad.example,{day},Word,1\n").encode()
    result = _import(agency_staff, content, fmt=ImportFormat.GENERIC,
                     mode=ImportMode.ALL_OR_NOTHING)
    assert result.status == ImportStatus.REFUSED
    assert "niets geïmporteerd" in result.message
    assert not UsageRecord.objects.exists()


def test_windows_1252_generic_file_with_dutch_headers(agency_staff, people, stage_path):
    day = timezone.localdate().strftime("%d/%m/%Y")
    content = (f"E-mailadres;Datum;Hulpmiddel;Acties\npersoon0@voorbeeldstad.example;{day};"
               f"Copilot in Word – café;4\n").encode("cp1252")
    result = _import(agency_staff, content, fmt=ImportFormat.GENERIC)
    assert result.status == ImportStatus.DONE
    record = UsageRecord.objects.get()
    assert record.tool == "Copilot in Word – café" and record.actions == 4


def test_wrong_file_is_refused_whole_with_a_clear_message(agency_staff, people):
    result = _import(agency_staff, b"naam,leeftijd\nJan,40\n")
    assert result.status == ImportStatus.REFUSED
    assert "User Principal Name" in result.message
    assert not UsageRecord.objects.exists()


def test_a_failure_while_saving_leaves_nothing_half_saved(agency_staff, people, monkeypatch,
                                                          stage_path):
    day = timezone.localdate().isoformat()
    content = "email,date,tool\n" + "".join(
        f"persoon{i % 3}@voorbeeldstad.example,{day},Tool{i}\n" for i in range(5000))
    original = importer._save

    def failing(stage, usage_import):
        assert original(stage, usage_import) == 5000  # every record written, then it breaks
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_save", failing)
    with pytest.raises(RuntimeError):
        _import(agency_staff, content.encode(), fmt=ImportFormat.GENERIC)
    assert not UsageRecord.objects.exists()
    assert UsageImport.objects.get().status == ImportStatus.FAILED


def test_a_failure_while_checking_leaves_nothing_saved(agency_staff, people, monkeypatch,
                                                       stage_path):
    day = timezone.localdate().isoformat()
    content = "email,date,tool\n" + "".join(
        f"persoon{i % 3}@voorbeeldstad.example,{day},Tool{i}\n" for i in range(5000))
    calls = {"n": 0}
    original = importer._Stage.write

    def failing(stage, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("connection lost")
        original(stage, batch)

    monkeypatch.setattr(importer._Stage, "write", failing)
    with pytest.raises(RuntimeError):
        _import(agency_staff, content.encode(), fmt=ImportFormat.GENERIC)
    assert not UsageRecord.objects.exists()
    assert UsageImport.objects.get().status == ImportStatus.FAILED


def test_running_an_import_twice_does_nothing_twice(agency_staff, people):
    day = timezone.localdate().isoformat()
    result = _import(agency_staff, f"email,date,tool\npersoon0@voorbeeldstad.example,{day},W\n"
                     .encode(), fmt=ImportFormat.GENERIC)
    assert importer.run(result.pk).status == ImportStatus.DONE
    assert UsageRecord.objects.count() == 1


def test_a_hundred_thousand_rows_import_in_bulk(agency_staff, make_user,
                                                django_assert_max_num_queries):
    users = [make_user("traveller", email=f"groot{i}@voorbeeldstad.example") for i in range(50)]
    start = timezone.localdate() - dt.timedelta(days=399)
    tools = ["Word", "Excel", "Teams", "Outlook", "Chat"]
    lines = ["email,date,tool,actions"]
    for u in users:
        for d in range(400):
            day = (start + dt.timedelta(days=d)).isoformat()
            lines.extend(f"{u.email},{day},{tool},2" for tool in tools)
    assert len(lines) - 1 == 100_000
    began = time.monotonic()
    # Bounded: bulk batches (SQLite splits them to its 999 parameters) and a progress update
    # every 5,000 rows; never a query a row.
    with django_assert_max_num_queries(1000):
        result = _import(agency_staff, ("\n".join(lines) + "\n").encode(),
                         fmt=ImportFormat.GENERIC)
    assert result.status == ImportStatus.DONE, result.message
    assert result.imported_records == 100_000
    assert UsageRecord.objects.count() == 100_000
    assert time.monotonic() - began < 120


def test_duplicates_in_the_file_are_reported_and_earlier_imports_are_kept(agency_staff, people,
                                                                          stage_path):
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    first = _import(agency_staff, f"email,date,tool,actions\npersoon0@voorbeeldstad.example,"
                    f"{day},Word,5\n".encode(), fmt=ImportFormat.GENERIC)
    assert first.imported_records == 1
    rows = ["email,date,tool,actions",
            f"persoon0@voorbeeldstad.example,{day},Word,9",  # imported before: kept as it was
            f"persoon1@voorbeeldstad.example,{day},Word,1",
            f"PERSOON1@voorbeeldstad.example,{day},Word,2",  # same person, day and tool
            f"persoon2@voorbeeldstad.example,{day},Excel,3",
            f"persoon1@voorbeeldstad.example,{day},Word,4"]
    second = _import(agency_staff, "\n".join(rows).encode(), fmt=ImportFormat.GENERIC)
    assert second.status == ImportStatus.DONE
    assert second.error_count == 2
    assert [e["row"] for e in second.errors] == [4, 6]
    assert second.errors[0]["message"] == (
        f"Dubbele rij: persoon1@voorbeeldstad.example, {day}, Word kwam al eerder voor.")
    assert second.imported_records == 2
    assert sorted(UsageRecord.objects.values_list("user__email", "tool", "actions",
                                                  "usage_import")) == [
        ("persoon0@voorbeeldstad.example", "Word", 5, first.pk),
        ("persoon1@voorbeeldstad.example", "Word", 1, second.pk),
        ("persoon2@voorbeeldstad.example", "Excel", 3, second.pk)]


def test_a_repeated_app_in_one_m365_row_makes_the_row_a_duplicate(agency_staff, people,
                                                                   stage_path):
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    header = "User Principal Name,Word Copilot Last Activity Date,Word Last Activity Date"
    result = _import(agency_staff, f"{header}\npersoon0@voorbeeldstad.example,{day},{day}\n"
                     .encode())
    assert result.error_count == 1 and result.errors[0]["row"] == 2
    assert not UsageRecord.objects.exists()


def test_stored_errors_are_capped_in_row_order_and_all_counted(agency_staff, people,
                                                               stage_path, monkeypatch):
    monkeypatch.setattr(importer, "IMPORT_MAX_STORED_ERRORS", 5)
    day = timezone.localdate().isoformat()
    rows = ["email,date,tool"]
    for i in range(6):  # rows 2-13: a good row, then a duplicate or an unknown person
        rows.append(f"persoon0@voorbeeldstad.example,{day},T{i}")
        rows.append(f"persoon0@voorbeeldstad.example,{day},T{i}" if i % 2 else
                    f"niemand{i}@voorbeeldstad.example,{day},T{i}")
    result = _import(agency_staff, "\n".join(rows).encode(), fmt=ImportFormat.GENERIC)
    assert result.error_count == 6
    assert [e["row"] for e in result.errors] == [3, 5, 7, 9, 11]
    assert "Onbekende medewerker" in result.errors[0]["message"]
    assert "Dubbele rij" in result.errors[1]["message"]
    assert result.imported_records == 6


def test_an_action_count_beyond_the_column_is_a_row_error(agency_staff, people, stage_path):
    day = timezone.localdate().isoformat()
    result = _import(agency_staff, f"email,date,tool,actions\npersoon0@voorbeeldstad.example,"
                     f"{day},Word,99999999999\n".encode(), fmt=ImportFormat.GENERIC)
    assert result.error_count == 1 and "99999999999" in result.errors[0]["message"]
    assert result.status == ImportStatus.DONE and not UsageRecord.objects.exists()


def _generic_file(users, rows: int, tag: str) -> bytes:
    today = timezone.localdate()
    lines = ["email,date,tool,actions"]
    for i in range(rows):
        day = today - dt.timedelta(days=1 + (i // len(users)) % 365)
        tool = f"{tag}{i // (len(users) * 365)}"
        lines.append(f"{users[i % len(users)].email},{day.isoformat()},{tool},3")
    return ("\n".join(lines) + "\n").encode()


def _measured_import(user, content: bytes):
    """Run an import (file stored beforehand) under tracemalloc and the query log."""
    usage_import = UsageImport(uploaded_by=user, filename="export.csv",
                               format=ImportFormat.GENERIC, mode=ImportMode.SKIP_BAD_ROWS)
    usage_import.file.save("export.csv", ContentFile(content), save=False)
    usage_import.save()
    del content
    gc.collect()
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            result = importer.run(usage_import.pk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak, len(queries)


def test_memory_and_queries_do_not_grow_with_the_file(agency_staff, make_user, stage_path):
    users = [make_user("traveller", email=f"mem{i}@voorbeeldstad.example") for i in range(20)]
    _measured_import(agency_staff, _generic_file(users, 50, "Warm"))  # caches, translations
    small, small_peak, small_queries = _measured_import(agency_staff,
                                                        _generic_file(users, 2_000, "Small"))
    large, large_peak, large_queries = _measured_import(agency_staff,
                                                        _generic_file(users, 20_000, "Large"))
    assert small.imported_records == 2_000 and large.imported_records == 20_000
    # The importer holds a batch and the e-mail map of the employees, never the file.
    print(f"peak {small_peak / 1024:.0f} KiB at 2,000 rows, {large_peak / 1024:.0f} KiB at 20,000; "
          f"queries {small_queries} and {large_queries}")
    assert large_peak < 1.5 * small_peak + 256 * 1024, (small_peak, large_peak)
    # Queries: a batch write (executemany; COPY is not in Django's query log) every
    # IMPORT_BATCH_SIZE records and a progress update every PROGRESS_EVERY rows; nothing a row.
    extra = 18_000 // IMPORT_BATCH_SIZE + 18_000 // importer.PROGRESS_EVERY + 2
    assert large_queries - small_queries <= extra, (small_queries, large_queries)
    assert small_queries < 40


def test_a_file_full_of_duplicates_is_checked_in_time(agency_staff, make_user, stage_path):
    users = [make_user("traveller", email=f"dubbel{i}@voorbeeldstad.example") for i in range(10)]
    today = timezone.localdate()
    lines = ["email,date,tool"]
    for i in range(20_000):  # every row twice
        k = i // 2
        day = (today - dt.timedelta(days=1 + (k // 10) % 365)).isoformat()
        lines.append(f"{users[k % 10].email},{day},T{k // 3650}")
    began = time.monotonic()
    result = _import(agency_staff, "\n".join(lines).encode(), fmt=ImportFormat.GENERIC)
    # Finding duplicates is a hash/index lookup, not a row against every row (that took 10 s).
    assert time.monotonic() - began < 5
    assert result.error_count == 10_000 and result.imported_records == 10_000
    assert [e["row"] for e in result.errors[:3]] == [3, 5, 7]
