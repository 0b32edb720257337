"""The scheduled jobs, measured against the current database and left as they found it.

`measure_jobs()` runs every job of `portal.schedules.beat_schedule()` (and a full roll-up
rebuild) synchronously, in this process, and returns one dict per job: queries, wall seconds,
seconds spent in the database, rows affected, after-commit hooks it queued and, if asked, the
peak of Python memory (tracemalloc).

How it leaves the data as it was and sends nothing:

- Everything runs inside one `transaction.atomic()` that is rolled back at the end
  (`transaction.set_rollback(True)`); each job also runs in its own savepoint, rolled back
  after it, so every job sees the same data and the jobs' numbers do not depend on each other.
- Celery: the e-mail jobs the services queue with `transaction.on_commit` are discarded with
  the rollback (Django drops the hooks of a rolled-back savepoint), so they never run; their
  number is reported as `on_commit_hooks`. Jobs that publish directly (the import sweep calls
  `.delay()`) would reach the broker, so `Task.apply_async` and `Celery.send_task` are replaced
  by a recorder for the measurement (`published`). With the recorder in place
  CELERY_TASK_ALWAYS_EAGER does not matter either: nothing is executed or published.
- E-mail: the outbox sweep really sends, so EMAIL_BACKEND is the in-memory backend meanwhile.
- Time: each job runs on a frozen clock (time_machine) chosen so it has real work on the
  benchmark data, derived from `today` (default: the real date) and the data (see `_moments`);
  where the data cannot give a job work (a tip of the week, pending e-mails) the job's
  savepoint seeds it first, outside the measured part. Wall time uses perf_counter, which the
  frozen clock does not touch.
- Queries are counted with a `connection.execute_wrapper` (no 9,000-query cap as with
  CaptureQueriesContext, and no SQL kept in memory to spoil the tracemalloc peak).
"""

import time
import tracemalloc
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock
from unittest import mock

import time_machine
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.schedules import beat_schedule

OUTBOX_SWEEP_SIZE = 500  # reisbureau.tasks.send_pending_notifications' default batch


def measure_jobs(*, today: date | None = None, memory: bool = True,
                 only: list[str] | None = None) -> list[dict]:
    """Run each periodic job once (twice with `memory`: once timed, once under tracemalloc,
    which slows Python down) and return their measurements. The database is left unchanged."""
    anchor = today or timezone.localdate()
    results = []
    with _nothing_leaves() as published, transaction.atomic():
        for name, (task_path, kwargs) in _jobs().items():
            if only is not None and name not in only:
                continue
            results.append(_measure(name, task_path, kwargs, anchor, published, memory))
        transaction.set_rollback(True)
    return results


def _jobs() -> dict:
    jobs = {name: (entry["task"], {}) for name, entry in beat_schedule().items()}
    jobs["impact-rollups-full-rebuild"] = ("impact.tasks.rebuild_rollups", {"full": True})
    return jobs


@contextmanager
def _nothing_leaves():
    """No broker message and no real e-mail while measuring; publishes are recorded."""
    from celery import Celery
    from celery.app.task import Task

    published = []

    def apply_async(task, args=None, kwargs=None, **options):
        published.append(task.name)

    def send_task(app, name, args=None, kwargs=None, **options):
        published.append(name)

    saved_outbox = getattr(mail, "outbox", None)
    with mock.patch.object(Task, "apply_async", apply_async), \
            mock.patch.object(Celery, "send_task", send_task), \
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        try:
            yield published
        finally:
            if saved_outbox is None:
                mail.__dict__.pop("outbox", None)
            else:
                mail.outbox = saved_outbox


class _Counter:
    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def _measure(name, task_path, kwargs, anchor, published, memory) -> dict:
    task = import_string(task_path)
    row = {"name": name, "task": task_path, "kwargs": kwargs}
    for traced in ((False, True) if memory else (False,)):
        savepoint = transaction.savepoint()
        try:
            moment, seeded = _prepare(name, anchor)
            with time_machine.travel(moment, tick=False):
                published.clear()
                mail.outbox = []
                hooks_before = len(connection.run_on_commit)
                counter = _Counter()
                if traced:
                    tracemalloc.start()
                started = time.perf_counter()
                with connection.execute_wrapper(counter):
                    result = task(**kwargs)
                wall = time.perf_counter() - started
                if traced:
                    _current, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
                    row["peak_memory_mb"] = round(peak / 1024 / 1024, 2)
                    continue
                row.update({
                    "at": moment.isoformat(), "seeded": seeded,
                    "queries": counter.queries, "seconds": round(wall, 3),
                    "db_seconds": round(counter.seconds, 3),
                    "rows": _rows(result), "result": result,
                    "on_commit_hooks": len(connection.run_on_commit) - hooks_before,
                    "published": len(published), "emails": len(mail.outbox),
                })
        finally:
            if traced and tracemalloc.is_tracing():
                tracemalloc.stop()
            transaction.savepoint_rollback(savepoint)
    return row


def _rows(result) -> int:
    if isinstance(result, bool):
        return int(result)
    if isinstance(result, int):
        return result
    if isinstance(result, dict):
        return sum(_rows(v) for v in result.values() if isinstance(v, int | bool))
    return 0


# --- a moment at which each job has work ----------------------------------------------------

def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour, minute)))


def _prepare(name: str, anchor: date) -> tuple[datetime, str]:
    """The frozen moment for a job, and what (if anything) was seeded for it."""
    return _MOMENTS.get(name, lambda a: (_at(a, 12), ""))(anchor)


def _evaluations(anchor):
    from journeys.constants import JourneyStatus
    from journeys.models import Journey

    # Every travelling journey is due: the day the last one to start reaches its evaluation.
    latest = Journey.objects.filter(status=JourneyStatus.TRAVELLING).aggregate(
        d=Max("started_at"))["d"]
    delay = settings.REISBUREAU["EVALUATION_DELAY_DAYS"]
    return _at(max(anchor, latest + timedelta(days=delay)) if latest else anchor, 6, 15), ""


def _sessions(anchor):
    from customs.models import CustomsSession

    # The reminder day of the next session not reminded yet: the agenda goes out, and what is
    # still open on earlier sessions is carried over.
    session = CustomsSession.objects.filter(date__gte=anchor, reminded_at__isnull=True).order_by(
        "date").first()
    days = settings.REISBUREAU["CUSTOMS_REMINDER_DAYS_BEFORE"]
    return _at(session.date - timedelta(days=days) if session else anchor, 6, 30), ""


def _rereviews(anchor):
    # A year on, every clearance has aged: every task in use goes back to customs.
    months = settings.REISBUREAU["REREVIEW_MONTHS"]
    return _at(anchor + relativedelta(months=months, days=1), 6, 45), ""


def _zero_savings(anchor):
    # The weeks after `anchor` in which nobody logs time saved: every task tested by then goes
    # back to customs.
    weeks = settings.REISBUREAU["ZERO_SAVING_WEEKS"]
    return _at(anchor + timedelta(weeks=weeks, days=1), 7), ""


def _weekly_tip(anchor):
    from community.models import WeeklyTip
    from reisbureau.models import User

    monday = anchor + timedelta(days=(7 - anchor.weekday()) % 7)
    author = User.objects.order_by("pk").first()
    if author is None:
        return _at(monday, 8), ""
    WeeklyTip.objects.create(title="Benchmark: tip van de week", body="Controleer de bronnen.",
                             publish_on=monday, author=author)
    return _at(monday, 8), "one tip of the week for that Monday"


def _surveys(anchor):
    from journeys.constants import JourneyStatus
    from journeys.models import Journey

    # A month after the last journey started: the one-month wave of the journeys started in
    # the thirty days before goes out (and reminders of invitations a week old).
    latest = Journey.objects.exclude(status=JourneyStatus.CANCELLED).aggregate(
        d=Max("started_at"))["d"]
    return _at(max(anchor, latest + timedelta(days=30)) if latest else anchor, 7, 30), ""


def _retention(anchor):
    # The retention period after `anchor`: every interview and survey answer up to then goes.
    months = settings.REISBUREAU["RETENTION_MONTHS"]
    return _at(anchor + relativedelta(months=months, days=1), 3, 15), ""


def _outbox(anchor):
    from reisbureau.models import Notification, User

    moment = _at(anchor + timedelta(days=1), 12)
    pending = Notification.objects.filter(send_email=True, emailed_at__isnull=True,
                                          email_attempts__lt=5).count()
    missing = max(0, OUTBOX_SWEEP_SIZE - pending)
    if not missing:
        return moment, ""
    users = User.objects.exclude(email="").order_by("pk").only("pk")[:missing]
    with time_machine.travel(moment - timedelta(hours=1), tick=False):
        made = Notification.objects.bulk_create(
            Notification(recipient=user, subject="Benchmark", body="Een bericht.", url="/")
            for user in users)
    return moment, f"{len(made)} pending e-mails"


def _next_day(anchor):
    return _at(anchor + timedelta(days=1), 12), ""


_MOMENTS = {
    "notifications-outbox-sweep": _outbox,
    "journeys-three-month-evaluations": _evaluations,
    "customs-sessions": _sessions,
    "customs-rereviews": _rereviews,
    "impact-zero-saving-rereviews": _zero_savings,
    "community-weekly-tip": _weekly_tip,
    "impact-survey-dispatch": _surveys,
    "impact-import-sweep": _next_day,
    "impact-retention": _retention,
}
