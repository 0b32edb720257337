"""The customs session job and the re-review job, on a frozen clock."""

import datetime as dt

import pytest

from customs import services, tasks
from customs.constants import SubmissionStatus
from customs.models import CustomsSession, Submission
from reisbureau.models import Notification
from portal.schedules import beat_schedule
from tests.customs.factories import SAFE_ANSWERS, OfficerFactory, SubmissionFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db

# Monday 5 January 2026; the default session weekday is Tuesday (1), cadence 14 days.
MONDAY = dt.datetime(2026, 1, 5, 5, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def cadence(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "CUSTOMS_CADENCE_DAYS": 14,
                           "CUSTOMS_WEEKDAY": 1, "CUSTOMS_REMINDER_DAYS_BEFORE": 3}


def test_the_jobs_are_declared_in_the_one_schedule():
    assert beat_schedule()["customs-sessions"]["task"] == "customs.tasks.run_customs_sessions"
    assert beat_schedule()["customs-rereviews"]["task"] == "customs.tasks.queue_rereviews"
    for name in ("run_customs_sessions", "queue_rereviews"):
        task = getattr(tasks, name)
        assert task.time_limit and task.soft_time_limit


def test_the_job_plans_the_next_session_on_the_weekday_and_only_once(time_machine, cadence):
    time_machine.move_to(MONDAY, tick=False)
    first = tasks.run_customs_sessions()
    assert first["session"] == "2026-01-06"
    tasks.run_customs_sessions()
    assert list(CustomsSession.objects.values_list("date", flat=True)) == [dt.date(2026, 1, 6)]
    # The day after the session the next one is fourteen days later.
    time_machine.move_to(MONDAY + dt.timedelta(days=2), tick=False)
    assert tasks.run_customs_sessions()["session"] == "2026-01-20"
    tasks.run_customs_sessions()
    assert CustomsSession.objects.count() == 2


def test_one_run_of_the_job_plans_the_session_once(time_machine, cadence, monkeypatch):
    time_machine.move_to(MONDAY + dt.timedelta(days=2), tick=False)
    SubmissionFactory(session=CustomsSession.objects.create(date=dt.date(2026, 1, 6)))
    calls = []
    plan = services.session_plan
    monkeypatch.setattr(services, "session_plan", lambda **kw: calls.append(kw) or plan(**kw))
    result = tasks.run_customs_sessions()
    assert len(calls) == 1
    assert result["session"] == "2026-01-20" and result["carried_over"] == 1
    assert Submission.objects.get().session.date == dt.date(2026, 1, 20)


def test_officers_are_reminded_with_the_agenda_days_before_once(time_machine, cadence,
                                                                adviser):
    officers = [OfficerFactory(), OfficerFactory()]
    time_machine.move_to(MONDAY + dt.timedelta(days=2), tick=False)  # Wednesday 7 January
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), work_task="Notulen")
    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    assert tasks.run_customs_sessions()["reminded"] is False  # session 13 Jan: too early
    assert not Notification.objects.filter(recipient__in=officers).exists()
    time_machine.move_to(dt.datetime(2026, 1, 10, 5, tzinfo=dt.timezone.utc), tick=False)
    assert tasks.run_customs_sessions()["reminded"] is True
    assert tasks.run_customs_sessions()["reminded"] is False
    for officer in officers:
        note = Notification.objects.get(recipient=officer)
        assert "13-01-2026" in note.subject and "Notulen" in note.body
        assert note.send_email


def test_an_undecided_submission_is_carried_over_and_flagged_overdue(time_machine, cadence):
    time_machine.move_to(MONDAY, tick=False)
    session = services.session_plan()
    submission = SubmissionFactory(session=session)
    time_machine.move_to(MONDAY + dt.timedelta(days=1), tick=False)  # the session day
    assert tasks.run_customs_sessions()["carried_over"] == 0
    time_machine.move_to(MONDAY + dt.timedelta(days=2), tick=False)
    assert tasks.run_customs_sessions()["carried_over"] == 1
    assert tasks.run_customs_sessions()["carried_over"] == 0
    submission.refresh_from_db()
    assert submission.is_overdue and submission.carried_over == 1
    assert submission.session.date == dt.date(2026, 1, 20)
    assert submission.status == SubmissionStatus.OPEN


def test_the_rereview_job_is_idempotent(time_machine, adviser, officer):
    from customs.constants import Decision

    time_machine.move_to(MONDAY, tick=False)
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travelling=True))
    services.decision_record(
        submission=services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS),
        officer=officer, decision=Decision.CLEARED, rationale="In orde")
    time_machine.move_to(MONDAY + dt.timedelta(days=400), tick=False)
    assert tasks.queue_rereviews() == {"expired": 1, "tool_changed": 0}
    assert tasks.queue_rereviews() == {"expired": 0, "tool_changed": 0}
    assert Submission.objects.filter(status=SubmissionStatus.OPEN).count() == 1
