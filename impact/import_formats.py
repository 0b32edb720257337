"""The formats of a usage file: reading it as CSV text (encoding, delimiter, header) and turning
a row of a Microsoft 365 Copilot usage export or a generic CSV into usage records. The run
itself (claiming, staging, saving) is impact.importer.
"""

import codecs
import csv
import functools
import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import IMPORT_MAX_COLUMNS, M365_APPS, ImportFormat

M365_REQUIRED = ("User Principal Name",)
M365_ACTIVITY_SUFFIX = " Last Activity Date"
GENERIC_COLUMNS = ("email", "date", "tool")
GENERIC_ALIASES = {"e-mail": "email", "e-mailadres": "email", "mail": "email", "datum": "date",
                   "hulpmiddel": "tool", "acties": "actions"}
GENERIC_EXPECTED = "email, date, tool, actions"
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%m/%d/%Y")
MAX_ACTIONS = 2**31 - 1  # the column is an integer
# The five bytes Windows-1252 does not define: a file holding them is neither UTF-8 nor cp1252.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


class FileError(Exception):
    """The file cannot be imported as it is: refused with this message (a retry cannot help)."""


def _not_text(row: int) -> FileError:
    return FileError(_("From row %(row)s on the file is not readable text (it holds binary data, "
                       "or characters that are neither UTF-8 nor Windows-1252). Open the export "
                       "again, save it as “CSV UTF-8” and upload that file.") % {"row": row})


def _encoding_and_lines(raw) -> tuple[str, int]:
    """UTF-8 (with or without BOM), else Windows-1252 (older Dutch Excel); and a line count
    for the progress bar. A file that is neither, or holds NUL bytes, is refused here, with the
    row where it stops being text."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    utf8_bad_row = cp1252_bad_row = None
    lines = 0
    while chunk := raw.read(1 << 16):  # a small chunk: it and its decoded copy count to the peak
        if (nul := chunk.find(b"\x00")) >= 0:
            raise _not_text(lines + chunk.count(b"\n", 0, nul) + 1)
        if utf8_bad_row is None:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                utf8_bad_row = lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
        if cp1252_bad_row is None and (bad := CP1252_UNDEFINED.search(chunk)):
            cp1252_bad_row = lines + chunk.count(b"\n", 0, bad.start()) + 1
        lines += chunk.count(b"\n")
    if utf8_bad_row is None:
        try:
            decoder.decode(b"", final=True)
            return "utf-8-sig", lines
        except UnicodeDecodeError:
            utf8_bad_row = lines + 1
    if cp1252_bad_row is None:
        return "cp1252", lines
    raise _not_text(max(utf8_bad_row, cp1252_bad_row))


def _csv_error(exc: csv.Error, row: int) -> FileError:
    """A specific message for what the csv module refuses (its text names no file content)."""
    if "field limit" in str(exc):
        return FileError(_(
            "Row %(row)s has a cell of more than %(limit)s characters, or a quotation mark that "
            "is never closed. A usage export has short cells: check that this is the export "
            "itself and that no cell holds pasted text.")
            % {"row": row, "limit": f"{csv.field_size_limit():,}".replace(",", ".")})
    if "NUL" in str(exc):
        return _not_text(row)
    return FileError(_("Row %(row)s cannot be read as CSV (for example a quotation mark in the "
                       "wrong place). Check that row in the file.") % {"row": row})


def _rows(raw, encoding):
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    first = text.readline()
    if not first.strip():
        raise FileError(_("The file has no header row."))
    delimiter = ";" if first.count(";") > first.count(",") else (
        "\t" if first.count("\t") > first.count(",") else ",")
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as exc:
        raise _csv_error(exc, 1) from None
    header = [h.strip().strip("\ufeff") for h in header]
    reader = csv.reader(text, delimiter=delimiter)
    return header, reader


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    return _parse_date_text(value)


@functools.lru_cache(maxsize=1024)  # a file repeats a few hundred dates; bounded either way
def _parse_date_text(value: str) -> date:
    value = value.split("T")[0].split(" ")[0]
    if len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _app_name(column: str) -> str | None:
    """"Word Copilot Last Activity Date" -> "Word"; "Copilot Chat Last Activity Date" ->
    "Copilot Chat"; a column of an app outside M365_APPS -> None (skipped, never a new tool)."""
    name = column[:-len(M365_ACTIVITY_SUFFIX)].strip().lower()
    if name.endswith(" copilot"):
        name = name[:-len(" copilot")].strip()
    return M365_APPS.get(name)


def expected_m365_columns() -> str:
    apps = dict.fromkeys(M365_APPS.values())
    return ", ".join(["User Principal Name", "Last Activity Date"]
                     + [f"{app} Copilot Last Activity Date" for app in apps])


class _Plan:
    """How one format turns a row into usage records: [(email, date, tool, actions)]."""

    def __init__(self, fmt, header):
        self.fmt = fmt
        if len(header) > IMPORT_MAX_COLUMNS:
            raise FileError(ngettext(
                "The header row has %(count)s column; a usage export has a few dozen at most. "
                "Check that this is the export itself. Expected columns: %(columns)s.",
                "The header row has %(count)s columns; a usage export has a few dozen at most. "
                "Check that this is the export itself. Expected columns: %(columns)s.",
                len(header)) % {
                "count": len(header), "columns": expected_m365_columns()
                if fmt == ImportFormat.M365 else GENERIC_EXPECTED})
        self.index = {name.lower(): i for i, name in enumerate(header)}
        if fmt == ImportFormat.M365:
            missing = [c for c in M365_REQUIRED if c.lower() not in self.index]
            if missing:
                raise FileError(_("This is not a Microsoft 365 Copilot usage export: the "
                                  "column “%(column)s” is missing. Expected columns: "
                                  "%(columns)s.") % {"column": missing[0],
                                                     "columns": expected_m365_columns()})
            # One "<app> Copilot Last Activity Date" column per known app; others are skipped.
            self.apps, self.skipped = [], 0
            for i, name in enumerate(header):
                if (name.lower().endswith(M365_ACTIVITY_SUFFIX.lower())
                        and name.lower() != "last activity date"):
                    if app := _app_name(name):
                        self.apps.append((app, i))
                    else:
                        self.skipped += 1
            self.last = self.index.get("last activity date")
            if not self.apps and self.last is None:
                raise FileError(_("The export has no activity date columns. Expected columns: "
                                  "%(columns)s.") % {"columns": expected_m365_columns()})
        else:
            self.skipped = 0
            self.index = {GENERIC_ALIASES.get(k, k): v for k, v in self.index.items()}
            missing = [c for c in GENERIC_COLUMNS if c not in self.index]
            if missing:
                raise FileError(_("The column “%(column)s” is missing. A generic file has the "
                                  "columns email, date, tool and actions.")
                                % {"column": missing[0]})

    def email(self, row) -> str:
        key = "user principal name" if self.fmt == ImportFormat.M365 else "email"
        return self._cell(row, self.index[key]).lower()

    def _cell(self, row, i):
        return row[i].strip() if i is not None and i < len(row) else ""

    def records(self, row, today):
        """Yield (email, date, tool, actions); raise ValueError with a message on bad data."""
        if self.fmt == ImportFormat.M365:
            email = self._cell(row, self.index["user principal name"]).lower()
            found = []
            for app, i in self.apps:
                found.append((app, self._date(self._cell(row, i), today)))
            found = [(app, d) for app, d in found if d]
            if not found and self.last is not None:
                last = self._date(self._cell(row, self.last), today)
                if last:
                    found = [("Copilot", last)]
            return email, [(email, d, app, 1) for app, d in found]
        email = self._cell(row, self.index["email"]).lower()
        day = self._date(self._cell(row, self.index["date"]), today)
        if day is None:
            raise ValueError(_("The date is empty."))
        tool = self._cell(row, self.index["tool"])[:80]
        if not tool:
            raise ValueError(_("The tool is empty."))
        actions_raw = self._cell(row, self.index.get("actions"))
        try:
            actions = int(actions_raw) if actions_raw else 1
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number of actions.")
                             % {"value": actions_raw}) from None
        if actions < 0:
            raise ValueError(_("The number of actions cannot be negative."))
        if actions > MAX_ACTIONS:
            raise ValueError(_("“%(value)s” is not a number of actions.")
                             % {"value": actions_raw[:40]})
        return email, [(email, day, tool, actions)]

    def _date(self, value, today):
        try:
            day = parse_date(value)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date (use YYYY-MM-DD).")
                             % {"value": value[:40]}) from None
        if day and day > today:
            raise ValueError(_("The date %(date)s lies in the future.") % {"date": day})
        return day
