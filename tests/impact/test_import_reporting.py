"""The result of a usage import says, each in its own words: rows read, rows imported, rows
imported before (skipped), rows with errors and records created; an employee on two rows of a
Microsoft 365 export gets a remark."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.constants import ImportFormat, ImportStatus
from impact.models import UsageRecord
from tests.impact.test_importer import M365_HEADER, _import, people, stage_path  # noqa: F401

pytestmark = pytest.mark.django_db


def _rows(day, emails, apps=2):
    dates = ",".join([day] * apps + [""] * (8 - apps))
    return [f"{day},{email},Naam,{day},{dates},180" for email in emails]


def test_a_file_imported_again_reports_its_rows_as_already_present(
        client, agency_staff, people, stage_path):  # noqa: F811
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    emails = [p.email for p in people]
    first = _import(agency_staff, "\n".join([M365_HEADER, *_rows(day, emails[:2])]).encode())
    assert (first.total_rows, first.rows_imported, first.rows_present, first.error_count,
            first.imported_records) == (2, 2, 0, 0, 4)
    # Again, with one new row, one unknown employee and an employee without activity.
    content = "\n".join([M365_HEADER, *_rows(day, emails), *_rows(day, ["onbekend@x.example"]),
                         f"{day},{agency_staff.email},Naam,,,,,,,,,,180"]).encode()
    again = _import(agency_staff, content)
    assert again.status == ImportStatus.DONE
    assert (again.total_rows, again.rows_imported, again.rows_present, again.error_count,
            again.rows_without_activity, again.imported_records) == (5, 1, 2, 1, 1, 2)
    client.force_login(agency_staff)
    page = client.get(again.get_absolute_url()).content.decode()
    for text in ("5 rijen gelezen", "1 rij geïmporteerd",
                 "2 rijen waren al eerder geïmporteerd en zijn overgeslagen",
                 "1 rij met fouten", "1 rij zonder AI-gebruik",
                 "2 gebruiksregistraties aangemaakt"):
        assert text in page, text
    assert "gebruiksregels" not in page
    listing = client.get(reverse("impact:imports")).content.decode()
    assert "Al eerder geïmporteerd (overgeslagen)" in listing
    assert "Gebruiksregistraties aangemaakt" in listing


def test_an_employee_on_two_rows_gets_a_remark_even_when_the_first_row_is_invalid(
        client, agency_staff, people, stage_path):  # noqa: F811
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    email = people[0].email
    content = "\n".join([M365_HEADER,
                         f"{day},{email},Naam,{day},niet-een-datum,,,,,,,,180",
                         *_rows(day, [email])]).encode()
    result = _import(agency_staff, content)
    assert result.status == ImportStatus.DONE
    assert result.error_count == 1 and result.rows_imported == 1
    assert UsageRecord.objects.count() == 2
    assert [n["row"] for n in result.row_notes] == [3]
    assert "ook in rij 2" in result.row_notes[0]["message"]
    client.force_login(agency_staff)
    page = client.get(result.get_absolute_url()).content.decode()
    assert "Opmerkingen bij geïmporteerde rijen" in page and "Rijen met fouten (1)" in page


def test_one_of_everything_is_singular_dutch(client, agency_staff, people,
                                             stage_path):  # noqa: F811
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    content = f"email,date,tool\n{people[0].email},{day},Word\n".encode()
    result = _import(agency_staff, content, fmt=ImportFormat.GENERIC)
    client.force_login(agency_staff)
    page = client.get(result.get_absolute_url()).content.decode()
    assert "1 rij gelezen" in page and "1 gebruiksregistratie aangemaakt" in page
    assert "0 rijen met fouten" in page
