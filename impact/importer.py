"""The usage-data importer: Microsoft 365 Copilot usage exports and a generic CSV.

Two passes over the stored file, streamed, so memory stays bounded for any size:
1. check every row (known e-mail, valid dates, no duplicates) and count progress;
2. in one transaction, bulk-insert the good rows in batches.
All-or-nothing refuses the whole file when pass 1 found an error; skip-bad-rows imports the
good rows. Either way nothing is half-saved: pass 2 commits once.
"""

import codecs
import csv
import io
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.models import User

from .constants import (
    IMPORT_BATCH_SIZE,
    IMPORT_MAX_STORED_ERRORS,
    ImportFormat,
    ImportMode,
    ImportStatus,
)
from .models import UsageImport, UsageRecord

M365_REQUIRED = ("User Principal Name",)
M365_ACTIVITY_SUFFIX = " Last Activity Date"
GENERIC_COLUMNS = ("email", "date", "tool")
GENERIC_ALIASES = {"e-mail": "email", "e-mailadres": "email", "mail": "email", "datum": "date",
                   "hulpmiddel": "tool", "acties": "actions"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%m/%d/%Y")
PROGRESS_EVERY = 5000


class FileError(Exception):
    pass


def _encoding_and_lines(raw) -> tuple[str, int]:
    """UTF-8 (with or without BOM), else Windows-1252 (older Dutch Excel); and a line count
    for the progress bar."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    encoding, lines = "utf-8-sig", 0
    while chunk := raw.read(1 << 20):
        lines += chunk.count(b"\n")
        if encoding == "utf-8-sig":
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                encoding = "cp1252"
    return encoding, lines


def _rows(raw, encoding):
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    first = text.readline()
    if not first.strip():
        raise FileError(_("The file has no header row."))
    delimiter = ";" if first.count(";") > first.count(",") else (
        "\t" if first.count("\t") > first.count(",") else ",")
    header = next(csv.reader([first], delimiter=delimiter))
    header = [h.strip().strip("\ufeff") for h in header]
    reader = csv.reader(text, delimiter=delimiter)
    return header, reader


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    value = value.split("T")[0].split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _app_name(column: str) -> str:
    """"Word Copilot Last Activity Date" -> "Word"; "Copilot Chat Last Activity Date" ->
    "Copilot Chat"."""
    name = column[:-len(M365_ACTIVITY_SUFFIX)].strip()
    if name.lower().endswith(" copilot"):
        name = name[:-len(" copilot")].strip()
    return name[:80]


class _Plan:
    """How one format turns a row into usage records: [(email, date, tool, actions)]."""

    def __init__(self, fmt, header):
        self.fmt = fmt
        self.index = {name.lower(): i for i, name in enumerate(header)}
        if fmt == ImportFormat.M365:
            missing = [c for c in M365_REQUIRED if c.lower() not in self.index]
            if missing:
                raise FileError(_("This is not a Microsoft 365 Copilot usage export: the "
                                  "column “%(column)s” is missing.") % {"column": missing[0]})
            # One "<app> Copilot Last Activity Date" column per app; newer exports add more.
            self.apps = [(_app_name(name), i) for i, name in enumerate(header)
                         if name.lower().endswith(M365_ACTIVITY_SUFFIX.lower())
                         and name.lower() != "last activity date"]
            self.last = self.index.get("last activity date")
            if not self.apps and self.last is None:
                raise FileError(_("The export has no activity date columns."))
        else:
            self.index = {GENERIC_ALIASES.get(k, k): v for k, v in self.index.items()}
            missing = [c for c in GENERIC_COLUMNS if c not in self.index]
            if missing:
                raise FileError(_("The column “%(column)s” is missing. A generic file has the "
                                  "columns email, date, tool and actions.")
                                % {"column": missing[0]})

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


def _progress(usage_import, **fields):
    for name, value in fields.items():
        setattr(usage_import, name, value)
    usage_import.save(update_fields=list(fields))


def run(usage_import_id: int) -> UsageImport:
    """Run one import. Returns early when it has run already (safe to call twice)."""
    with transaction.atomic():
        usage_import = UsageImport.objects.select_for_update().get(pk=usage_import_id)
        if usage_import.status != ImportStatus.PENDING:
            return usage_import
        _progress(usage_import, status=ImportStatus.VALIDATING)
    try:
        return _run(usage_import)
    except FileError as exc:
        _progress(usage_import, status=ImportStatus.REFUSED, message=str(exc)[:300],
                  finished_at=timezone.now())
        return usage_import
    except Exception:
        _progress(usage_import, status=ImportStatus.FAILED,
                  message=_("The import failed; nothing was saved. Try again or ask the "
                            "administrator."), finished_at=timezone.now())
        raise


def _run(usage_import: UsageImport) -> UsageImport:
    today = timezone.localdate()
    users = {email.lower(): pk for pk, email in User.objects.values_list("pk", "email")}
    errors, error_count, total = [], 0, 0
    seen: set = set()
    bad_rows: set[int] = set()
    storage, name = usage_import.file.storage, usage_import.file.name
    with storage.open(name, "rb") as raw:
        encoding, lines = _encoding_and_lines(raw)
    _progress(usage_import, total_rows=max(lines, 1))
    with storage.open(name, "rb") as raw:
        header, reader = _rows(raw, encoding)
        plan = _Plan(usage_import.format, header)
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            total += 1
            problem = None
            try:
                email, records = plan.records(row, today)
                if not email:
                    problem = _("The e-mail address is empty.")
                elif email not in users:
                    problem = _("Unknown employee: %(email)s.") % {"email": email[:100]}
                else:
                    for record in records:
                        key = (email, record[1], record[2])
                        if key in seen:
                            problem = _("Duplicate row: %(email)s, %(date)s, %(tool)s "
                                        "appeared before.") % {"email": email, "date": record[1],
                                                               "tool": record[2]}
                            break
                        seen.add(key)
            except ValueError as exc:
                problem = str(exc)
            if problem:
                error_count += 1
                bad_rows.add(number)
                if len(errors) < IMPORT_MAX_STORED_ERRORS:
                    errors.append({"row": number, "message": problem})
            if total % PROGRESS_EVERY == 0:
                _progress(usage_import, processed_rows=total)
    seen.clear()
    _progress(usage_import, total_rows=total, processed_rows=total, errors=errors,
              error_count=error_count)
    if total == 0:
        raise FileError(_("The file has no rows."))
    if error_count and usage_import.mode == ImportMode.ALL_OR_NOTHING:
        _progress(usage_import, status=ImportStatus.REFUSED, finished_at=timezone.now(),
                  message=_("%(count)s rows have errors; nothing was imported.")
                  % {"count": error_count})
        return usage_import

    _progress(usage_import, status=ImportStatus.SAVING)
    with storage.open(name, "rb") as raw:
        header, reader = _rows(raw, encoding)
        with transaction.atomic():
            batch = []
            for number, row in enumerate(reader, start=2):
                if number in bad_rows or not any(cell.strip() for cell in row):
                    continue
                email, records = plan.records(row, today)
                for _email, day, tool, actions in records:
                    batch.append(UsageRecord(usage_import=usage_import, user_id=users[email],
                                             date=day, tool=tool, actions=actions))
                if len(batch) >= IMPORT_BATCH_SIZE:
                    _save(batch)
                    batch = []
            _save(batch)
            imported = UsageRecord.objects.filter(usage_import=usage_import).count()
            _progress(usage_import, status=ImportStatus.DONE, imported_records=imported,
                      finished_at=timezone.now(),
                      message=_("%(count)s usage records imported.") % {"count": imported})
            audit_log(actor=usage_import.uploaded_by, action="impact.usage_imported",
                      target=usage_import, data={"records": imported, "errors": error_count})
    return usage_import


def _save(batch) -> None:
    """Insert; a record already imported from an earlier file (same user, day, tool) is kept."""
    if batch:
        UsageRecord.objects.bulk_create(batch, batch_size=IMPORT_BATCH_SIZE,
                                        ignore_conflicts=True)
