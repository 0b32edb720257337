"""The usage importer on clean, messy and large files."""

import datetime as dt
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from impact import importer
from impact.constants import ImportFormat, ImportMode, ImportStatus
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


@pytest.fixture
def people(make_user):
    return [make_user("traveller", email=f"persoon{i}@voorbeeldstad.example") for i in range(3)]


def test_clean_m365_export_gives_one_record_per_app_used(agency_staff, people):
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


def test_messy_dutch_excel_file_reports_bad_rows_and_imports_the_rest(agency_staff, people):
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


def test_all_or_nothing_refuses_a_file_with_one_bad_row(agency_staff, people):
    day = timezone.localdate().isoformat()
    content = (f"email,date,tool,actions\npersoon0@voorbeeldstad.example,{day},Word,3\n"
               f"niemand@voorbeeldstad.example,{day},Word,1\n").encode()
    result = _import(agency_staff, content, fmt=ImportFormat.GENERIC,
                     mode=ImportMode.ALL_OR_NOTHING)
    assert result.status == ImportStatus.REFUSED
    assert "niets geïmporteerd" in result.message
    assert not UsageRecord.objects.exists()


def test_windows_1252_generic_file_with_dutch_headers(agency_staff, people):
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


def test_a_failure_while_saving_leaves_nothing_half_saved(agency_staff, people, monkeypatch):
    day = timezone.localdate().isoformat()
    content = "email,date,tool\n" + "".join(
        f"persoon{i % 3}@voorbeeldstad.example,{day},Tool{i}\n" for i in range(5000))
    calls = {"n": 0}
    original = importer._save

    def failing(batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(batch)

    monkeypatch.setattr(importer, "_save", failing)
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
