"""The usage import measured against a plain PostgreSQL COPY of the same rows.

`measure_import(rows)` works on the current database (PostgreSQL; the bench generator fills it
with employees). It writes a generic CSV (email,date,tool,actions) of `rows` rows for existing
users, then:

(a) the plain COPY: the same rows, already resolved to user ids, as a CSV file streamed through
    psycopg 3's ``cursor.copy`` into ``impact_usagerecord`` (the real table, so the same indexes,
    unique constraint and foreign keys), inside a savepoint that is rolled back afterwards. Only
    the COPY statement is timed; resolving e-mail addresses is what the importer adds.
(b) the import: the file stored through the storage API, a UsageImport created, and the Celery
    task run in-process exactly as the worker runs it (line count, check pass, saving pass,
    commit, audit entry). Timed from storing the file to the import being done.

The import's records, file and UsageImport are removed afterwards. Its two audit entries stay:
the audit trail is append-only (a trigger refuses deletes), so every bench run leaves two
entries with action ``impact.usage_imported`` / the bench file name.

Memory: the import is run again under tracemalloc for `rows // 10` and `rows` rows; the peaks
should be about the same (the importer holds a batch, not the file). ``ru_maxrss`` is the
process's high-water mark, so its growth during each run is reported too (0 when a run stayed
under an earlier peak).

Each COPY is timed right after an import of the same rows, so it runs on a warm cache, and it is
rolled back, so it pays no commit while the import does (WAL flush of its records): both favour
COPY, so the ratio is on the safe side. The import and the COPY run `repeat` times, alternating;
the best of each is compared (all runs are returned too).
"""

import csv
import os
import resource
import tempfile
import time
import tracemalloc
from datetime import timedelta

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from impact.constants import ImportFormat, ImportMode, ImportStatus
from impact.models import UsageImport, UsageRecord
from impact.tasks import run_usage_import
from reisbureau.models import User

DAYS = 365
MAX_USERS = 10_000


def _people(limit: int) -> list[tuple[int, str]]:
    people = list(User.objects.filter(is_active=True).exclude(email="").order_by("pk")
                  .values_list("pk", "email")[:limit])
    if not people:
        raise RuntimeError("measure_import needs users in the database")
    return people


def _rows(people, rows: int, tag: str):
    """(user_id, email, date, tool, actions), every (user, date, tool) once. The tool names carry
    a tag so they never collide with usage already in the database."""
    today = timezone.localdate()
    count = len(people)
    for i in range(rows):
        pk, email = people[i % count]
        day = today - timedelta(days=1 + (i // count) % DAYS)
        tool = f"Bench {tag} {i // (count * DAYS)}"
        yield pk, email, day.isoformat(), tool, 1 + i % 7


def _write_csv(path: str, people, rows: int, tag: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["email", "date", "tool", "actions"])
        for _pk, email, day, tool, actions in _rows(people, rows, tag):
            writer.writerow([email, day, tool, actions])


def _copy_seconds(people, rows: int, tag: str, actor) -> float:
    """COPY the resolved rows into the real table; roll back. Returns the COPY's wall time."""
    with tempfile.TemporaryDirectory(prefix="bench-imp-") as scratch:
        path = os.path.join(scratch, "resolved.csv")
        with transaction.atomic():
            target = UsageImport.objects.create(
                uploaded_by=actor, filename="bench-copy.csv", format=ImportFormat.GENERIC,
                mode=ImportMode.SKIP_BAD_ROWS, status=ImportStatus.SAVING)
            with open(path, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                for pk, _email, day, tool, actions in _rows(people, rows, tag):
                    writer.writerow([target.pk, pk, day, tool, actions])
            with connection.cursor() as cursor, open(path, "rb") as source:
                began = time.perf_counter()
                with cursor.cursor.copy(
                        "COPY impact_usagerecord (usage_import_id, user_id, date, tool, actions) "
                        "FROM STDIN WITH (FORMAT csv)") as copy:
                    while chunk := source.read(1 << 20):
                        copy.write(chunk)
                seconds = time.perf_counter() - began
                cursor.execute("SELECT count(*) FROM impact_usagerecord WHERE usage_import_id = %s",
                               [target.pk])
                copied = cursor.fetchone()[0]
            transaction.set_rollback(True)
    if copied != rows:
        raise RuntimeError(f"COPY loaded {copied} of {rows} rows")
    return seconds


def _run_import(path: str, actor, rows: int, *, trace: bool = False) -> dict:
    """Store the file, create the import, run the task as the worker does; then remove it."""
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
    began = time.perf_counter()
    usage_import = UsageImport(uploaded_by=actor, filename=os.path.basename(path),
                               format=ImportFormat.GENERIC, mode=ImportMode.SKIP_BAD_ROWS)
    with open(path, "rb") as source:
        usage_import.file.save(os.path.basename(path), File(source), save=False)
    usage_import.save()
    status = run_usage_import(usage_import.pk)
    seconds = time.perf_counter() - began
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage_import.refresh_from_db()
    try:
        if status != ImportStatus.DONE or usage_import.imported_records != rows:
            raise RuntimeError(f"import ended {status} with {usage_import.imported_records} of "
                               f"{rows} records: {usage_import.message} {usage_import.errors[:3]}")
    finally:
        UsageRecord.objects.filter(usage_import=usage_import).delete()
        usage_import.file.delete(save=False)
        usage_import.delete()
    return {"seconds": seconds, "peak_mb": peak / 2**20,
            "maxrss_growth_mb": max(0, maxrss_after - maxrss_before) / 1024}


def measure_import(rows: int = 100_000, *, repeat: int = 2) -> dict:
    """Time a `rows`-row generic CSV import against a plain COPY of the same rows (best of
    `repeat` runs each), and show that its memory does not grow with the file. PostgreSQL
    only."""
    if connection.vendor != "postgresql":
        raise RuntimeError("measure_import compares with PostgreSQL's COPY; set DATABASE_URL")
    people = _people(MAX_USERS)
    actor = (User.objects.filter(is_superuser=True).order_by("pk").first()
             or User.objects.order_by("pk").first())
    tag = f"{os.getpid()}-{time.time_ns() % 10**9}"
    small_rows = max(rows // 10, 1)
    with tempfile.TemporaryDirectory(prefix="bench-imp-") as scratch:
        large = os.path.join(scratch, f"bench-import-{rows}.csv")
        small = os.path.join(scratch, f"bench-import-{small_rows}.csv")
        _write_csv(large, people, rows, tag)
        _write_csv(small, people, small_rows, tag)
        # Alternate, keep the best of each: the machine is shared, so single runs are noisy.
        import_runs, copy_runs = [], []
        for _ in range(max(repeat, 1)):
            import_runs.append(_run_import(large, actor, rows)["seconds"])
            copy_runs.append(_copy_seconds(people, rows, tag, actor))
        import_seconds, copy_seconds = min(import_runs), min(copy_runs)
        memory_small = _run_import(small, actor, small_rows, trace=True)
        memory_large = _run_import(large, actor, rows, trace=True)
    return {
        "rows": rows,
        "users": len(people),
        "copy_seconds": round(copy_seconds, 4),
        "import_seconds": round(import_seconds, 4),
        "ratio": round(import_seconds / copy_seconds, 2) if copy_seconds else None,
        "import_runs": [round(x, 3) for x in import_runs],
        "copy_runs": [round(x, 3) for x in copy_runs],
        "small_rows": small_rows,
        "peak_mb_small": round(memory_small["peak_mb"], 2),
        "peak_mb_large": round(memory_large["peak_mb"], 2),
        "maxrss_growth_mb_small": round(memory_small["maxrss_growth_mb"], 2),
        "maxrss_growth_mb_large": round(memory_large["maxrss_growth_mb"], 2),
    }
