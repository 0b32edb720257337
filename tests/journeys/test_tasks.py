"""The daily three-month evaluation job, on a frozen clock."""

import datetime as dt

import pytest
from django.utils import timezone

from journeys import tasks
from journeys.constants import JourneyStatus
from journeys.models import Evaluation
from reisbureau.models import AuditEntry, Notification
from portal.schedules import beat_schedule
from tests.journeys.factories import JourneyFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def _journey(adviser, traveller, started):
    return JourneyFactory(adviser=adviser, travellers=[traveller],
                          status=JourneyStatus.TRAVELLING, started_at=started)


def test_the_job_is_declared_in_the_one_schedule():
    assert beat_schedule()["journeys-three-month-evaluations"]["task"] == (
        "journeys.tasks.create_due_evaluations")


def test_evaluation_is_created_after_ninety_days_and_only_once(time_machine, adviser,
                                                               traveller):
    time_machine.move_to(START, tick=False)
    journey = _journey(adviser, traveller, timezone.localdate())
    time_machine.move_to(START + dt.timedelta(days=89), tick=False)
    assert tasks.create_due_evaluations() == {"created": 0, "reminded": 0}
    assert not Evaluation.objects.exists()

    time_machine.move_to(START + dt.timedelta(days=90), tick=False)
    assert tasks.create_due_evaluations()["created"] == 1
    evaluation = Evaluation.objects.get()
    assert evaluation.journey == journey
    assert evaluation.due_on == journey.started_at + dt.timedelta(days=90)
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.EVALUATING
    notified = set(Notification.objects.filter(subject__contains="evaluatie").values_list(
        "recipient", flat=True))
    assert notified == {adviser.pk, traveller.pk}
    assert AuditEntry.objects.filter(action="journey.evaluation_started").count() == 1

    # Twice on the same day: nothing twice.
    count = Notification.objects.count()
    assert tasks.create_due_evaluations() == {"created": 0, "reminded": 0}
    assert Evaluation.objects.count() == 1 and Notification.objects.count() == count


def test_the_delay_comes_from_the_settings(time_machine, settings, adviser, traveller):
    settings.REISBUREAU = {**settings.REISBUREAU, "EVALUATION_DELAY_DAYS": 30}
    time_machine.move_to(START, tick=False)
    _journey(adviser, traveller, timezone.localdate() - dt.timedelta(days=30))
    assert tasks.create_due_evaluations()["created"] == 1


def test_open_evaluations_are_reminded_weekly_until_done(time_machine, adviser, traveller):
    from journeys import services

    time_machine.move_to(START, tick=False)
    journey = _journey(adviser, traveller, timezone.localdate() - dt.timedelta(days=90))
    tasks.create_due_evaluations()

    def reminders():
        return Notification.objects.filter(subject__startswith="Herinnering").count()

    for day in range(1, 7):
        time_machine.move_to(START + dt.timedelta(days=day), tick=False)
        tasks.create_due_evaluations()
    assert reminders() == 0
    time_machine.move_to(START + dt.timedelta(days=7), tick=False)
    assert tasks.create_due_evaluations()["reminded"] == 1
    assert reminders() == 2  # adviser and traveller
    assert tasks.create_due_evaluations()["reminded"] == 0  # twice the same day
    time_machine.move_to(START + dt.timedelta(days=13), tick=False)
    assert tasks.create_due_evaluations()["reminded"] == 0
    time_machine.move_to(START + dt.timedelta(days=14), tick=False)
    assert tasks.create_due_evaluations()["reminded"] == 1
    assert reminders() == 4

    services.evaluation_complete(evaluation=journey.evaluation, actor=adviser, verdicts={},
                                 works_well="Alles", resistance="", lessons="Klein beginnen")
    time_machine.move_to(START + dt.timedelta(days=28), tick=False)
    assert tasks.create_due_evaluations()["reminded"] == 0


def test_planning_and_finished_journeys_are_not_evaluated(time_machine, adviser, traveller):
    time_machine.move_to(START, tick=False)
    long_ago = timezone.localdate() - dt.timedelta(days=200)
    JourneyFactory(adviser=adviser, status=JourneyStatus.PLANNING)
    JourneyFactory(adviser=adviser, status=JourneyStatus.CANCELLED, started_at=long_ago)
    JourneyFactory(adviser=adviser, status=JourneyStatus.COMPLETED, started_at=long_ago)
    assert tasks.create_due_evaluations()["created"] == 0


def test_the_task_runs_through_celery(adviser, traveller, time_machine):
    time_machine.move_to(START, tick=False)
    _journey(adviser, traveller, timezone.localdate() - dt.timedelta(days=95))
    result = tasks.create_due_evaluations.delay()
    assert result.get(timeout=10)["created"] == 1
