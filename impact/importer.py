"""The usage-data importer: Microsoft 365 Copilot usage exports and a generic CSV (reading the
file and turning its rows into records: impact/import_formats.py).

Streamed, so memory stays bounded for any file (it holds one batch and the e-mail -> user id map
of all employees, never the file):
1. count the lines (progress bar) and detect the encoding;
2. check every row (known e-mail, valid dates, tool, actions) and write the good rows, resolved
   to user ids, to a temporary staging table in batches (PostgreSQL: COPY; other databases,
   SQLite for `make run`: executemany). Rows that fail a check go to the error report;
3. find rows repeating an earlier row's (user, day, tool) in SQL over the staging table;
4. all-or-nothing refuses the file when steps 2-3 found an error; otherwise, in one transaction,
   INSERT ... SELECT the good staged rows (a record already imported from an earlier file is
   kept: ON CONFLICT DO NOTHING on the unique (user, date, tool)), mark the import done and audit
   it. Nothing is half-saved: the records are written by one statement in one transaction.
The staging table is a temporary table of the worker's own database session: it disappears
with the session if the worker dies.

Restartable: a run first claims the import (`claim`: a row lock, then status, `started_at` as the
run's token, `heartbeat_at`, `attempts`). Every progress write is conditional on the token and
renews the heartbeat; a run whose heartbeat is older than IMPORT_LEASE_SECONDS (its worker was
killed) is taken over by a re-delivered job or the sweep, which start again from the file: the
staging tables went with the dead session and the records are written only by the final
transaction, which locks the import row and checks the token first. So a killed run leaves
nothing, and exactly one run writes the records. After IMPORT_MAX_ATTEMPTS claims it fails.

No log line holds file content: a failure is logged as its exception type and row number.
"""

import csv
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import Error, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau.audit import audit_log
from reisbureau.models import User

from . import activity
from .constants import (
    IMPORT_BATCH_SIZE,
    IMPORT_MAX_ATTEMPTS,
    IMPORT_MAX_STORED_ERRORS,
    ImportFormat,
    ImportMode,
    ImportStatus,
)
from .import_formats import (  # noqa: F401 (the parsing lives there; importer.X still works)
    FileError,
    _csv_error,
    _encoding_and_lines,
    _not_text,
    _Plan,
    _rows,
    expected_m365_columns,
    parse_date,
)
from .models import UsageImport, UsageRecord

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10_000
# PostgreSQL stages rows with COPY; False forces the executemany path (tests use it to cover
# the path SQLite takes on PostgreSQL as well).
USE_COPY = True


RUNNING = (ImportStatus.VALIDATING, ImportStatus.SAVING)


class LeaseLost(Exception):
    """Another run took this import over (this one was thought dead): stop without writing."""


class ImportFailed(RuntimeError):
    """An unexpected failure, re-raised without the original exception: its text (a database
    error's COPY context, a decoder's bytes) may hold file content, which must not be logged."""


def _lease() -> timedelta:
    return timedelta(seconds=settings.REISBUREAU["IMPORT_LEASE_SECONDS"])


def claim(usage_import_id: int) -> UsageImport | None:
    """Take an import for one run: a waiting one, or a running one whose heartbeat is older than
    the lease (its worker died). Returns None when there is nothing to do: the import is
    finished, missing, or another run is alive. The row lock makes two claims wait for each
    other, and the final transaction of a live run holds it too."""
    now = timezone.now()
    with transaction.atomic():
        usage_import = UsageImport.objects.select_for_update().filter(pk=usage_import_id).first()
        if usage_import is None:
            return None
        if usage_import.status in RUNNING:
            if usage_import.heartbeat_at and usage_import.heartbeat_at >= now - _lease():
                return None  # alive elsewhere (e.g. the broker re-delivered a long job)
            logger.warning("Usage import %s: run %s stopped without finishing; taking it over",
                           usage_import.pk, usage_import.attempts)
        elif usage_import.status != ImportStatus.PENDING:
            return None
        if usage_import.attempts >= IMPORT_MAX_ATTEMPTS:
            _set(usage_import, status=ImportStatus.FAILED, finished_at=now, heartbeat_at=None,
                 message=ngettext(
                     "The import was interrupted %(count)s time (the worker stopped, for "
                     "example for lack of memory or time); nothing was saved. Split the file "
                     "into smaller files, or ask the administrator.",
                     "The import was interrupted %(count)s times (the worker stopped, for "
                     "example for lack of memory or time); nothing was saved. Split the file "
                     "into smaller files, or ask the administrator.",
                     usage_import.attempts) % {"count": usage_import.attempts})
            audit_log(actor=None, action="impact.usage_import_failed", target=usage_import,
                      data={"attempts": usage_import.attempts})
            return None
        _set(usage_import, status=ImportStatus.VALIDATING, started_at=now, heartbeat_at=now,
             attempts=usage_import.attempts + 1, total_rows=0, processed_rows=0, errors=[],
             error_count=0, message="", rows_imported=None, rows_present=None,
             rows_without_activity=None)
        return usage_import


def _set(usage_import, **fields):
    for name, value in fields.items():
        setattr(usage_import, name, value)
    usage_import.save(update_fields=list(fields))


class _Run:
    """One claimed run: every write is conditional on still holding the import (its token is
    `started_at`) and renews the heartbeat."""

    def __init__(self, usage_import):
        self.usage_import = usage_import
        self.token = usage_import.started_at
        self.row = 1  # the row being read, for the log of an unexpected failure
        self.beat_every = max(0.2, min(60.0, settings.REISBUREAU["IMPORT_LEASE_SECONDS"] / 4))
        self.last_beat = time.monotonic()

    def update(self, **fields):
        fields["heartbeat_at"] = timezone.now()
        if not UsageImport.objects.filter(pk=self.usage_import.pk, started_at=self.token,
                                          status__in=RUNNING).update(**fields):
            raise LeaseLost
        for name, value in fields.items():
            setattr(self.usage_import, name, value)
        self.last_beat = time.monotonic()

    def beat_due(self) -> bool:
        return time.monotonic() - self.last_beat >= self.beat_every


def run(usage_import_id: int) -> UsageImport | None:
    """Run one import, or take over one whose run died. Safe to call twice and concurrently:
    returns at once when it is finished or another live run has it."""
    usage_import = claim(usage_import_id)
    if usage_import is None:
        return UsageImport.objects.filter(pk=usage_import_id).first()
    current = _Run(usage_import)
    failure = None
    try:
        _run(current)
    except LeaseLost:
        logger.warning("Usage import %s was taken over by another run; this run stops",
                       usage_import.pk)
        return usage_import
    except FileError as exc:
        try:
            current.update(status=ImportStatus.REFUSED, message=str(exc)[:1000],
                           finished_at=timezone.now())
        except LeaseLost:
            return usage_import
        discard_file(usage_import)
    except (OperationalError, InterfaceError) as exc:
        # The database went away: nothing can be recorded now. The heartbeat stops, so the
        # sweep takes the import over once the lease has run out.
        logger.error("Usage import %s: database unavailable at row %s (%s); it will be resumed",
                     usage_import.pk, current.row, type(exc).__name__)
        failure = exc
    except Exception as exc:
        logger.error("Usage import %s failed at row %s: %s", usage_import.pk, current.row,
                     type(exc).__name__)
        failure = exc
        where = (_("at row %(row)s") % {"row": current.row} if current.row
                 else _("after checking the rows"))
        try:
            current.update(status=ImportStatus.FAILED, finished_at=timezone.now(), message=_(
                "The import failed unexpectedly (%(where)s); nothing was saved. Agency staff "
                "can start it again; if it fails again, ask the administrator.")
                % {"where": where})
        except Exception as update_exc:
            logger.error("Usage import %s: could not record the failure (%s)", usage_import.pk,
                         type(update_exc).__name__)
    if failure is not None:
        raise ImportFailed(f"usage import {usage_import.pk} failed at row {current.row}: "
                           f"{type(failure).__name__}")
    return usage_import


def _run(current: _Run) -> None:
    usage_import = current.usage_import
    today = timezone.localdate()
    # E-mail -> user id of every account: bounded by the number of employees (~15,000 entries,
    # a few MB), not by the file; one query instead of one a row or a batch.
    users = {email.lower(): pk for pk, email in User.objects.values_list("pk", "email")}
    storage, name = usage_import.file.storage, usage_import.file.name
    if not name or not storage.exists(name):
        days = settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"]
        raise FileError(ngettext("The uploaded file is no longer there (it is removed after "
                                 "%(days)s day). Upload it again.",
                                 "The uploaded file is no longer there (it is removed after "
                                 "%(days)s days). Upload it again.", days) % {"days": days})
    with storage.open(name, "rb") as raw:
        encoding, lines = _encoding_and_lines(raw)
    current.update(total_rows=max(lines, 1))
    stage = _Stage(usage_import)
    try:
        stage.create()
        with storage.open(name, "rb") as raw:
            header, reader = _rows(raw, encoding)
            plan = _Plan(usage_import.format, header)
            try:
                total, errors, error_count = _check_and_stage(current, reader, plan, users,
                                                              today, stage)
            except csv.Error as exc:  # raised reading the row after the last one checked
                raise _csv_error(exc, current.row + 1) from None
            except UnicodeDecodeError:
                raise _not_text(current.row + 1) from None
        duplicates, duplicate_count = stage.duplicates(IMPORT_MAX_STORED_ERRORS)
        errors = sorted(errors + duplicates, key=lambda e: e["row"])[:IMPORT_MAX_STORED_ERRORS]
        error_count += duplicate_count
        current.update(total_rows=total, processed_rows=total, errors=errors,
                       error_count=error_count)
        if total == 0:
            raise FileError(_("The file has no rows."))
        if error_count and usage_import.mode == ImportMode.ALL_OR_NOTHING:
            raise FileError(ngettext("%(count)s row has errors; nothing was imported.",
                                     "%(count)s rows have errors; nothing was imported.",
                                     error_count) % {"count": error_count})

        current.update(status=ImportStatus.SAVING)
        skipped = ""
        if plan.skipped:
            skipped = ngettext("%(count)s column of an unknown app was skipped.",
                               "%(count)s columns of unknown apps were skipped.",
                               plan.skipped) % {"count": plan.skipped}
        with transaction.atomic():
            # The row lock and the token check make this the only run that writes the records.
            locked = UsageImport.objects.select_for_update().get(pk=usage_import.pk)
            if locked.status != ImportStatus.SAVING or locked.started_at != current.token:
                raise LeaseLost
            imported = _save(stage, usage_import)
            staged_rows, rows_imported = stage.row_counts(usage_import)
            current.update(status=ImportStatus.DONE, imported_records=imported,
                           rows_imported=rows_imported, rows_present=staged_rows - rows_imported,
                           rows_without_activity=max(total - error_count - staged_rows, 0),
                           finished_at=timezone.now(), message=skipped)
            audit_log(actor=usage_import.uploaded_by, action="impact.usage_imported",
                      target=usage_import, data={
                          "records": imported, "errors": error_count, "rows": total,
                          "rows_imported": rows_imported,
                          "rows_present": staged_rows - rows_imported})
            # The adoption figures of these months: the import's records merged into them once
            # this commits (and the months marked for the hourly rebuild), so the dashboard
            # shows the import at once.
            months = list(UsageRecord.objects.filter(usage_import=usage_import)
                          .dates("date", "month"))
            activity.mark_dirty(months)
            transaction.on_commit(lambda: _refresh_figures(usage_import.pk, months),
                                  robust=True)
        discard_file(usage_import)
    finally:
        stage.drop()


def _refresh_figures(usage_import_id: int, months) -> None:
    from .services import dashboard_invalidate

    activity.refresh_import(usage_import_id, months)
    dashboard_invalidate()


def discard_file(usage_import) -> None:
    """The stored upload is not needed once the import is finished (AVG: it holds every
    employee's e-mail address). Best effort: the retention job removes what is left."""
    name = usage_import.file.name
    if not name:
        return
    try:
        usage_import.file.storage.delete(name)
    except Exception as exc:
        logger.warning("Usage import %s: could not delete its file (%s)", usage_import.pk,
                       type(exc).__name__)
        return
    UsageImport.objects.filter(pk=usage_import.pk).update(file="")
    usage_import.file.name = ""


def _check_and_stage(current, reader, plan, users, today, stage):
    """Check every row; stage the records of good rows in batches. Returns (rows, the first
    IMPORT_MAX_STORED_ERRORS errors, error count)."""
    errors, error_count, total = [], 0, 0
    batch = []
    # A Microsoft 365 export has one row per employee: the first row of each (valid or not),
    # to note a second one. Bounded by the number of employees.
    first_row = {} if plan.fmt == ImportFormat.M365 else None
    for number, row in enumerate(reader, start=2):
        current.row = number
        if not any(cell.strip() for cell in row):
            continue
        total += 1
        note = None
        if first_row is not None and (user_id := users.get(plan.email(row))) is not None:
            if user_id in first_row:
                note = _("%(email)s is in row %(row)s of this file too; a Microsoft 365 export "
                         "has one row per employee. Check which of the two rows is right.") % {
                    "email": plan.email(row)[:100], "row": first_row[user_id]}
            else:
                first_row[user_id] = number
        try:
            email, records = plan.records(row, today)
            if not email:
                problem = _("The e-mail address is empty.")
            elif (user_id := users.get(email)) is None:
                problem = _("Unknown employee: %(email)s.") % {"email": email[:100]}
            else:
                problem = None
                batch.extend((number, user_id, day, tool, actions)
                             for _email, day, tool, actions in records)
        except ValueError as exc:
            problem = str(exc)
        if problem:
            error_count += 1
            if len(errors) < IMPORT_MAX_STORED_ERRORS:
                errors.append({"row": number, "message": problem})
        elif note and len(errors) < IMPORT_MAX_STORED_ERRORS:
            errors.append({"row": number, "message": note, "note": True})
        if len(batch) >= IMPORT_BATCH_SIZE:
            stage.write(batch)
            batch = []
        if total % PROGRESS_EVERY == 0 or current.beat_due():
            current.update(processed_rows=total)
    current.row = None  # past the rows: a failure from here on is not a row's
    stage.write(batch)
    return total, errors, error_count


class _Stage:
    """A temporary table of the checked records, (row number, user id, date, tool, actions).

    Filled with COPY on PostgreSQL, executemany elsewhere; duplicates are found and the records
    saved with the same SQL on both (window functions and ON CONFLICT: PostgreSQL, SQLite 3.25+).
    """

    def __init__(self, usage_import):
        qn = connection.ops.quote_name
        self.table = qn(f"impact_import_stage_{usage_import.pk}")
        self.duplicate_table = qn(f"impact_import_dups_{usage_import.pk}")
        self.duplicate_index = qn(f"impact_import_dups_{usage_import.pk}_row")
        self.target = qn(UsageRecord._meta.db_table)
        self.copy = USE_COPY and connection.vendor == "postgresql"

    def create(self) -> None:
        self.drop()
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (row_number integer NOT NULL, "
                           "user_id bigint NOT NULL, date date NOT NULL, "
                           "tool varchar(80) NOT NULL, actions bigint NOT NULL)")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.duplicate_table} "
                           "(row_number integer NOT NULL, user_id bigint NOT NULL, "
                           "date date NOT NULL, tool varchar(80) NOT NULL)")
            cursor.execute(f"CREATE INDEX {self.duplicate_index} "
                           f"ON {self.duplicate_table} (row_number)")

    def write(self, batch) -> None:
        if not batch:
            return
        with connection.cursor() as cursor:
            if self.copy:
                with cursor.cursor.copy(f"COPY {self.table} (row_number, user_id, date, tool, "
                                        "actions) FROM STDIN") as copy:
                    for record in batch:
                        copy.write_row(record)
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} (row_number, user_id, date, tool, actions) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(n, u, d.isoformat(), t, a) for n, u, d, t, a in batch])

    def duplicates(self, limit: int) -> tuple[list[dict], int]:
        """Rows with a record whose (user, date, tool) appeared in an earlier row (or earlier in
        the same row): the first `limit` as error entries, and how many rows."""
        with connection.cursor() as cursor:
            # Only keys that occur twice are sorted (usually none); the IN is a hash
            # semi-join on PostgreSQL and an ephemeral index on SQLite.
            cursor.execute(
                f"INSERT INTO {self.duplicate_table} (row_number, user_id, date, tool) "
                "SELECT row_number, user_id, date, tool FROM ("
                " SELECT row_number, user_id, date, tool, ROW_NUMBER() OVER ("
                "  PARTITION BY user_id, date, tool ORDER BY row_number) AS nth"
                f" FROM {self.table} WHERE (user_id, date, tool) IN ("
                f"  SELECT user_id, date, tool FROM {self.table}"
                "   GROUP BY user_id, date, tool HAVING COUNT(*) > 1)) numbered "
                "WHERE nth > 1")
            cursor.execute(f"SELECT COUNT(DISTINCT row_number) FROM {self.duplicate_table}")
            count = cursor.fetchone()[0]
            if not count:
                return [], 0
            cursor.execute(f"SELECT row_number, user_id, date, tool FROM {self.duplicate_table} "
                           "ORDER BY row_number LIMIT %s", [limit])
            found = cursor.fetchall()
        emails = {pk: email.lower() for pk, email in User.objects.filter(
            pk__in={user_id for _row, user_id, _day, _tool in found}).values_list("pk", "email")}
        errors, reported = [], set()
        for number, user_id, day, tool in found:
            if number not in reported:
                reported.add(number)
                errors.append({"row": number, "message": _(
                    "Duplicate row: %(email)s, %(date)s, %(tool)s appeared before.") % {
                    "email": emails.get(user_id, ""), "date": day, "tool": tool}})
        return errors, count

    def row_counts(self, usage_import) -> tuple[int, int]:
        """After `_save`: the rows staged and not duplicates, and how many of them added at least
        one record (the others were all imported before and are skipped)."""
        not_duplicate = (f"NOT EXISTS (SELECT 1 FROM {self.duplicate_table} d "
                         "WHERE d.row_number = s.row_number)")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(DISTINCT s.row_number) FROM {self.table} s "
                           f"WHERE {not_duplicate}")
            staged = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(DISTINCT s.row_number) FROM {self.table} s "
                f"JOIN {self.target} r ON r.user_id = s.user_id AND r.date = s.date "
                f"AND r.tool = s.tool WHERE r.usage_import_id = %s AND {not_duplicate}",
                [usage_import.pk])
            imported = cursor.fetchone()[0]
        return staged, imported

    def drop(self) -> None:
        """Best effort: a temporary table goes with the session anyway."""
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
                cursor.execute(f"DROP TABLE IF EXISTS {self.duplicate_table}")
        except Error:
            logger.warning("Could not drop the import staging tables %s", self.table,
                           exc_info=True)


def _save(stage: _Stage, usage_import) -> int:
    """Insert the staged records of good rows in one statement; a record already imported from an
    earlier file (same user, day, tool) is kept. Returns how many were inserted."""
    with connection.cursor() as cursor:
        # NOT EXISTS: an anti-join however many duplicates (PostgreSQL's NOT IN turns quadratic
        # when the list outgrows work_mem). The WHERE clause also settles SQLite's parsing of
        # INSERT ... SELECT ... ON CONFLICT.
        cursor.execute(
            f"INSERT INTO {stage.target} (usage_import_id, user_id, date, tool, actions) "
            f"SELECT %s, s.user_id, s.date, s.tool, s.actions FROM {stage.table} "
            f"s WHERE NOT EXISTS (SELECT 1 FROM {stage.duplicate_table} d "
            "WHERE d.row_number = s.row_number) "
            "ON CONFLICT DO NOTHING", [usage_import.pk])
        return cursor.rowcount
