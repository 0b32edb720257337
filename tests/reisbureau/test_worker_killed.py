"""A real Celery worker killed with SIGKILL in the middle of a job: no lost job, no second e-mail.

The worker is a separate process (`celery -A portal worker`) against a Redis of the test's
own and the test database, so this runs on PostgreSQL (CI); SQLite's in-memory test database is
invisible to a second process. E-mails go to files in a temporary directory so they can be
counted across processes. The worker's settings (worker_settings.py) make the broker's visibility
timeout two seconds, so the message the killed worker never acknowledged comes back quickly.
"""

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reisbureau.models import Notification

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a worker process cannot see SQLite's in-memory test database; "
                              "runs on PostgreSQL (CI)"),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


class Worker:
    def __init__(self, redis_url: str, mail_dir: Path, log: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reisbureau.worker_settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_VISIBILITY_TIMEOUT": "2",
            "TEST_EMAIL_FILE_PATH": str(mail_dir),
            "PYTHONPATH": str(ROOT),
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "portal", "worker",
             "--pool", "solo", "--concurrency", "1", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "info", "--include", "tests.reisbureau.worker_tasks"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.parametrize("pause", ["before-sending", "after-sending"])
def test_a_worker_killed_mid_job_loses_nothing_and_sends_once(
    pause, cache_and_broker_on, make_user, tmp_path
):
    from tests.reisbureau.worker_tasks import slow_notification_email

    assert settings.CELERY_TASK_ACKS_LATE
    mail_dir, markers = tmp_path / "mail", tmp_path / "markers"
    mail_dir.mkdir()
    markers.mkdir()
    traveller = make_user("traveller")
    notification = Notification.objects.create(recipient=traveller, subject="Eén keer", body="x")
    slow_notification_email.apply_async((notification.pk, str(markers), pause))

    first = Worker(cache_and_broker_on.url, mail_dir, tmp_path / "worker.log")
    try:
        started = markers / f"started-{notification.pk}"
        if pause == "before-sending":
            _wait_for(started.exists, 60, "the first worker to pick up the job")
        else:
            _wait_for((markers / f"sent-{notification.pk}").exists, 60,
                      "the first worker to send the e-mail")
        time.sleep(0.3)
        first.kill()
    finally:
        first.stop()
    notification.refresh_from_db()
    if pause == "before-sending":
        assert notification.emailed_at is None and not any(mail_dir.iterdir())
    else:
        assert notification.emailed_at is not None and len(list(mail_dir.iterdir())) == 1

    second = Worker(cache_and_broker_on.url, mail_dir, tmp_path / "worker.log")
    try:
        # The unacknowledged message comes back after the visibility timeout and runs again.
        _wait_for(lambda: len(list(markers.glob("run-*"))) >= 2, 90,
                  "the job to be delivered again to the new worker\n"
                  + (tmp_path / "worker.log").read_text(errors="replace")[-3000:])
        _wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None,
                  30, "the e-mail to be recorded as sent")
        time.sleep(1)
    finally:
        second.stop()
    emails = list(mail_dir.iterdir())
    assert len(emails) == 1, [p.read_text(errors="replace")[:300] for p in emails]
    message = email.message_from_string(emails[0].read_text().split("\n" + "-" * 79)[0],
                                        policy=email.policy.default)
    assert message["Subject"] == "Eén keer" and message["To"] == traveller.email
    assert len(list(markers.glob("run-*"))) == 2  # delivered twice, sent once
