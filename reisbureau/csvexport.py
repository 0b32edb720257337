"""The one CSV writer of the portal: every CSV download goes through `response()`.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some treat a leading
tab or carriage return the same) as a formula, so a prompt titled ``=HYPERLINK(...)`` would
become a live link in the audit trail. Following OWASP's CSV-injection rule, such a text cell is
prefixed with a single quote, which makes the spreadsheet show it as text.

What is not touched:

- real numbers (``int``, ``float``, ``Decimal``) are written as numbers, so ``-5`` stays ``-5``;
- a text that is just a number (``"-5"``, ``"+31"``, ``"3,5"``: an optional sign, digits and at
  most one decimal separator) stays as it is, as OWASP allows: a spreadsheet reads it as that
  number and runs nothing. Anything more (``-1+2``, ``+1 (555)``) is prefixed.

Dates are written as ISO dates (``2026-11-28``), which Dutch Excel reads as dates; aware
datetimes in local time (ISO 8601 with offset); ``None`` as an empty cell.

Two dialects: `EXCEL_NL` (the default) for files people open in Dutch Excel: a semicolon between
cells, a decimal comma in numbers and a UTF-8 byte-order mark, without which Excel reads UTF-8
as Windows-1252. `RFC4180` (comma, decimal point, no BOM) for files a machine reads, such as
the Algoritmeregister publication.

A view that returns a CSV is decorated with `@csv_export(...)`, which records how to ask it
for the file (a query such as ``?export=csv`` or a URL argument); `response()` refuses to run
outside such a view. `tests/test_csv_exports.py` downloads every registered export with hostile
data and scans the source for CSV writing anywhere else.
"""

import contextvars
import csv
import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

DANGEROUS_LEADING = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    bom: bool
    decimal_comma: bool


EXCEL_NL = Dialect(delimiter=";", bom=True, decimal_comma=True)
RFC4180 = Dialect(delimiter=",", bom=False, decimal_comma=False)


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will not run: prefixed with ``'`` when it could start a formula."""
    if text.startswith(DANGEROUS_LEADING) and not _NUMERIC_TEXT.fullmatch(text):
        return "'" + text
    return text


def _number(value, dialect: Dialect) -> str:
    text = str(value)
    if dialect.decimal_comma:
        text = text.replace(".", ",")
    return text


def cell(value, dialect: Dialect = EXCEL_NL) -> str:
    """One value as the text of its cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return neutralise(str(value))
    if isinstance(value, int):
        return _number(value, dialect)
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and not math.isfinite(value) or \
                isinstance(value, Decimal) and not value.is_finite():
            return neutralise(str(value))
        return _number(value, dialect)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        value = str(value)
    return neutralise(str(value))


class _Writer:
    def __init__(self, out, dialect: Dialect):
        self.dialect = dialect
        self._csv = csv.writer(out, delimiter=dialect.delimiter)

    def writerow(self, row):
        self._csv.writerow([cell(v, self.dialect) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def write(out, header, rows, *, dialect: Dialect = EXCEL_NL) -> None:
    """Write the header and rows to a file-like object (an `HttpResponse`, a `StringIO`)."""
    if dialect.bom:
        out.write("\ufeff")
    writer = _Writer(out, dialect)
    writer.writerow(header)
    writer.writerows(rows)


# --- Views that answer with a CSV -------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    """How to ask a view for its CSV: a query string and/or URL arguments."""
    query: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)


EXPORTS: dict = {}  # view function (as decorated by csv_export) -> Export
_in_export_view = contextvars.ContextVar("in_csv_export_view", default=False)


def csv_export(*, query: dict | None = None, kwargs: dict | None = None):
    """View decorator: this view may answer with a CSV (`response()`); put it nearest the view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kw):
            token = _in_export_view.set(True)
            try:
                return view(request, *args, **kw)
            finally:
                _in_export_view.reset(token)

        EXPORTS[wrapper] = Export(query=query or {}, kwargs=kwargs or {})
        return wrapper

    return decorator


def response(filename: str, header, rows, *, dialect: Dialect = EXCEL_NL) -> HttpResponse:
    """The CSV as a download. Only inside a view decorated with `csv_export`."""
    if not _in_export_view.get():
        raise RuntimeError("csvexport.response() outside a view decorated with @csv_export: "
                           "register the view so the export test downloads it.")
    result = HttpResponse(content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    write(result, header, rows, dialect=dialect)
    return result
