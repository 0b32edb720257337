"""A real Celery worker killed with SIGKILL in the middle of a usage import: the import is not
lost, and the run that takes it over writes every record exactly once.

Like tests/reisbureau/test_worker_killed.py: a `celery -A portal worker` process against a
Redis of the test's own and the PostgreSQL test database (skipped on SQLite). The worker loads
tests.reisbureau.import_worker_hooks.py, which pauses the first run while "validating" (after its
first staged batch) or while "saving" (records inserted, not committed); the test kills it there.
The lease is two seconds here, so the re-delivered job or the sweep takes the import over at once.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from impact import tasks
from impact.constants import ImportFormat, ImportMode, ImportStatus
from impact.models import UsageImport, UsageRecord
from tests.reisbureau.test_worker_killed import _database_url, _wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a worker process cannot see SQLite's in-memory test database; "
                              "runs on PostgreSQL (CI)"),
    pytest.mark.django_db(transaction=True),
]

ROWS = 5_000  # three staging batches of IMPORT_BATCH_SIZE


def _start_worker(redis_url, markers: Path, pause: str, log: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reisbureau.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "IMPORT_LEASE_SECONDS": "2",
        "TEST_EMAIL_FILE_PATH": str(markers),
        "TEST_IMPORT_MARKERS": str(markers),
        "TEST_IMPORT_PAUSE": pause,
        "PYTHONPATH": str(ROOT),
    }
    out = log.open("ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "portal", "worker",
         "--pool", "solo", "--concurrency", "1", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-l", "info", "-Q", "imports",
         "--include", "tests.reisbureau.import_worker_hooks"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, out


def _stop(process, out):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    out.close()


@pytest.mark.parametrize("pause", ["validating", "saving"])
def test_an_import_whose_worker_is_killed_is_finished_once_by_the_next_run(
        pause, cache_and_broker_on, agency_staff, make_user, settings, tmp_path):
    settings.REISBUREAU = {**settings.REISBUREAU, "IMPORT_LEASE_SECONDS": 2}
    users = [make_user("traveller", email=f"gedood{i}@voorbeeldstad.example") for i in range(25)]
    today = timezone.localdate()
    lines = ["email,date,tool,actions"] + [
        f"{users[i % 25].email},{today - timezone.timedelta(days=1 + i // 25)},Word,2"
        for i in range(ROWS)]
    usage_import = UsageImport(uploaded_by=agency_staff, filename="groot.csv",
                               format=ImportFormat.GENERIC, mode=ImportMode.ALL_OR_NOTHING)
    usage_import.file.save("groot.csv", ContentFile(("\n".join(lines) + "\n").encode()),
                           save=False)
    usage_import.save()
    stored = usage_import.file.name
    markers, log = tmp_path / "markers", tmp_path / "worker.log"
    markers.mkdir()
    tasks.run_usage_import.delay(usage_import.pk)

    first = _start_worker(cache_and_broker_on.url, markers, pause, log)
    try:
        _wait_for((markers / "paused").exists, 90,
                  "the first worker to reach the pause\n" + _tail(log))
        time.sleep(0.3)
        first[0].kill()
        first[0].wait(timeout=10)
    finally:
        _stop(*first)
    usage_import.refresh_from_db()
    assert usage_import.status == (ImportStatus.VALIDATING if pause == "validating"
                                   else ImportStatus.SAVING)
    assert not UsageRecord.objects.exists()  # the killed transaction left nothing
    time.sleep(2.5)  # the lease runs out: the page says so honestly
    usage_import.refresh_from_db()
    assert usage_import.is_stalled and usage_import.state_display == "Onderbroken, wordt hervat"

    second = _start_worker(cache_and_broker_on.url, markers, pause, log)
    try:
        # The unacknowledged job comes back to the new worker; the sweep (every minute in
        # production) queues it too. Whichever claims it first runs it; the other does nothing.
        deadline = time.monotonic() + 120
        while UsageImport.objects.get(pk=usage_import.pk).status != ImportStatus.DONE:
            assert time.monotonic() < deadline, _tail(log)
            tasks.sweep_pending_imports()
            time.sleep(1)
        time.sleep(3)  # let a duplicate delivery run: it must write nothing
    finally:
        _stop(*second)
    usage_import.refresh_from_db()
    assert UsageRecord.objects.filter(usage_import=usage_import).count() == ROWS
    assert UsageRecord.objects.count() == ROWS
    assert usage_import.imported_records == ROWS and usage_import.error_count == 0
    assert usage_import.attempts == 2
    assert len(list(markers.glob("run-*"))) >= 2
    # Finished: the stored upload is gone.
    assert not usage_import.file and not usage_import.file.storage.exists(stored)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else ""
