"""The scheduled jobs: survey dispatch and reminders (frozen clock), roll-ups, the import job."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from impact import tasks
from impact.constants import ImportStatus
from impact.models import Survey, SurveyInvitation, UsageImport, WeeklyRollup
from journeys.constants import JourneyStatus
from reisbureau.models import Notification
from portal.schedules import beat_schedule
from tests.journeys.factories import JourneyFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 2, 2, 8, 0, tzinfo=dt.timezone.utc)


def test_the_jobs_are_declared_in_the_one_schedule():
    declared = {entry["task"] for entry in beat_schedule().values()}
    assert {"impact.tasks.dispatch_surveys", "impact.tasks.rebuild_rollups",
            "impact.tasks.sweep_pending_imports"} <= declared


def test_surveys_go_out_after_one_and_three_months_once_with_one_reminder(
        time_machine, traveller, make_user):
    time_machine.move_to(START, tick=False)
    other = make_user("traveller")
    JourneyFactory(travellers=[traveller, other], status=JourneyStatus.TRAVELLING,
                   started_at=timezone.localdate())
    JourneyFactory(travellers=[make_user("traveller")], status=JourneyStatus.CANCELLED,
                   started_at=timezone.localdate())

    time_machine.move_to(START + dt.timedelta(days=29), tick=False)
    assert tasks.dispatch_surveys() == {"sent": 0, "reminded": 0}

    time_machine.move_to(START + dt.timedelta(days=30), tick=False)
    assert tasks.dispatch_surveys() == {"sent": 2, "reminded": 0}
    assert tasks.dispatch_surveys() == {"sent": 0, "reminded": 0}  # twice: nothing twice
    assert Notification.objects.filter(recipient=traveller, subject__contains="enquête").count() == 1

    # The traveller answers; the other is reminded once, a week later.
    invitation = SurveyInvitation.objects.get(traveller=traveller)
    invitation.responded_at = timezone.now()
    invitation.save()
    time_machine.move_to(START + dt.timedelta(days=37), tick=False)
    assert tasks.dispatch_surveys() == {"sent": 0, "reminded": 1}
    assert tasks.dispatch_surveys() == {"sent": 0, "reminded": 0}
    assert Notification.objects.filter(recipient=traveller,
                                       subject__startswith="Herinnering").count() == 0

    time_machine.move_to(START + dt.timedelta(days=90), tick=False)
    assert tasks.dispatch_surveys()["sent"] == 2
    assert set(SurveyInvitation.objects.values_list("wave", flat=True)) == {"1m", "3m"}


def test_the_daily_survey_job_makes_the_default_survey_once():
    assert not Survey.objects.exists()
    tasks.dispatch_surveys()
    tasks.dispatch_surveys()
    assert Survey.objects.get().is_default


def test_a_wave_missed_long_ago_is_not_sent_late(time_machine, traveller):
    time_machine.move_to(START, tick=False)
    JourneyFactory(travellers=[traveller], status=JourneyStatus.COMPLETED,
                   started_at=timezone.localdate() - dt.timedelta(days=400))
    assert tasks.dispatch_surveys()["sent"] == 0


def test_rollup_job_is_idempotent(traveller):
    from impact import services
    from tests.impact.factories import usable_task

    task = usable_task(traveller)
    services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=30,
                             day=timezone.localdate())
    tasks.rebuild_rollups()
    first = list(WeeklyRollup.objects.values_list("minutes", flat=True))
    tasks.rebuild_rollups()
    tasks.rebuild_rollups(full=True)
    assert list(WeeklyRollup.objects.values_list("minutes", flat=True)) == first == [30]


def test_import_job_runs_once_and_the_sweep_picks_up_stranded_imports(agency_staff,
                                                                      time_machine):
    time_machine.move_to(START, tick=False)
    usage_import = UsageImport(uploaded_by=agency_staff, filename="a.csv", format="generic",
                               mode="skip_bad_rows")
    usage_import.file.save("a.csv", ContentFile(
        f"email,date,tool\n{agency_staff.email},2026-02-01,Word\n".encode()), save=False)
    usage_import.save()
    time_machine.move_to(START + dt.timedelta(minutes=10), tick=False)
    assert tasks.sweep_pending_imports() == 1  # eager in tests: it ran now
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.DONE
    assert tasks.run_usage_import(usage_import.pk) == ImportStatus.DONE
    assert tasks.sweep_pending_imports() == 0
