"""bench.jobs.measure_jobs on a small data set: every job measured, real work done, nothing kept."""

import datetime as dt
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from bench.jobs import measure_jobs
from portal.schedules import beat_schedule

pytestmark = pytest.mark.django_db

KEY_TABLES = ["reisbureau.Notification", "reisbureau.AuditEntry", "journeys.Journey",
              "journeys.Evaluation", "customs.Submission", "customs.CustomsSession",
              "community.WeeklyTip", "community.TipDelivery", "impact.SurveyInvitation",
              "impact.SurveyResponse", "impact.Interview", "impact.WeeklyRollup",
              "impact.RollupRun", "impact.RollupDirtyWeek"]


def _counts():
    return {label: apps.get_model(label).objects.count() for label in KEY_TABLES}


def _snapshot():
    from journeys.models import Journey

    return _counts(), sorted(Journey.objects.values_list("pk", "status"))


@pytest.fixture
def small_data(make_user):
    from impact import services as impact_services
    from tests.customs.factories import CustomsDecisionFactory, OfficerFactory
    from tests.impact.factories import InterviewFactory, TimeSavingFactory
    from tests.journeys.factories import JourneyFactory

    today = timezone.localdate()
    travellers = [make_user("traveller") for _ in range(3)]
    OfficerFactory()
    JourneyFactory(travellers=travellers[:2], status="travelling",
                   started_at=today - dt.timedelta(days=20))
    CustomsDecisionFactory()
    InterviewFactory(held_on=today - dt.timedelta(days=30))
    TimeSavingFactory(traveller=travellers[2])
    impact_services._mark_dirty(impact_services.week_start(today))
    impact_services.survey_default()
    return travellers


def test_measure_jobs_measures_every_job_and_leaves_the_database_unchanged(small_data):
    before = _snapshot()
    with mock.patch("kombu.Connection.ensure_connection", side_effect=AssertionError(
            "the benchmark must not reach the broker")):
        results = measure_jobs()
    assert _snapshot() == before
    assert getattr(mail, "outbox", []) == []

    by_name = {row["name"]: row for row in results}
    assert set(beat_schedule()) | {"impact-rollups-full-rebuild"} == set(by_name)
    for row in results:
        assert row["queries"] > 0 and row["seconds"] >= 0 and row["peak_memory_mb"] > 0, row
        assert row["published"] == 0  # nothing pending to import in this data
    # Each job had real work on this small set, and its e-mails would go out after commit.
    # the journey above and the one of the time saving's task
    assert by_name["journeys-three-month-evaluations"]["result"] == {"created": 2, "reminded": 0}
    assert by_name["customs-rereviews"]["result"] == {"expired": 1, "tool_changed": 0}
    assert by_name["community-weekly-tip"]["result"]["sent"] >= 3
    assert by_name["community-weekly-tip"]["on_commit_hooks"] == 1
    assert by_name["impact-survey-dispatch"]["result"]["sent"] == 3  # both journeys
    assert by_name["impact-retention"]["result"]["interviews"] == 1
    assert by_name["impact-weekly-rollups"]["result"] == 1
    assert by_name["customs-sessions"]["rows"] >= 0
    outbox = by_name["notifications-outbox-sweep"]
    assert outbox["result"] == outbox["emails"] > 0  # sent to the in-memory backend only


def test_a_job_that_publishes_directly_is_recorded_not_published(small_data, agency_staff):
    from django.core.files.base import ContentFile

    from impact.models import UsageImport

    usage_import = UsageImport(uploaded_by=agency_staff, filename="a.csv", format="generic",
                               mode="skip_bad_rows")
    usage_import.file.save("a.csv", ContentFile(b"email,date,tool\n"), save=False)
    usage_import.save()
    UsageImport.objects.filter(pk=usage_import.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1))
    [row] = measure_jobs(only=["impact-import-sweep"], memory=False)
    assert row["result"] == 1 and row["published"] == 1
    usage_import.refresh_from_db()
    assert usage_import.status == "pending"  # not run eagerly either
