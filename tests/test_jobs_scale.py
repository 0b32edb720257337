"""Every periodic job at two scales: the same work per item, a bounded number of queries.

Each job runs on a small data set (3 items) and a larger one (30 items) with a small batch size
(12), so the larger run crosses two batch boundaries. The query count may grow only by the
queries of the extra batches, asserted exactly; with the default batch size both runs take the
same number of queries. Each run also checks the job's effect, and that a second run does
nothing twice. Every scale is built and measured inside a transaction that is rolled back, so
the two scales never see each other's data.
"""

import datetime as dt
import math
import os
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from community import tasks as community_tasks
from community.models import TipDelivery
from customs import tasks as customs_tasks
from customs.constants import SubmissionReason, SubmissionStatus
from customs.models import Submission
from impact import tasks as impact_tasks
from impact.models import (
    Interview,
    RollupDirtyWeek,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    WeeklyRollup,
)
from journeys import tasks as journey_tasks
from journeys.constants import JourneyStatus, Tool
from journeys.models import Evaluation, Journey
from reisbureau import tasks as core_tasks
from reisbureau.models import AuditEntry, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE, BATCH = 3, 30, 12
# Monday 2 March 2026, 05:00 UTC: a Monday (weekly tip), three days before a customs session.
TODAY = dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.timezone.utc)


def batches(n: int) -> int:
    return math.ceil(n / BATCH)


@pytest.fixture
def small_batches(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "JOB_BATCH_SIZE": BATCH}


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return time_machine


def at(time_machine, when):
    time_machine.move_to(when, tick=False)


def run_at_scale(n, build, run, check):
    """Build n items, run the job counting its queries, check the effect; then undo it all."""
    with transaction.atomic():
        context = build(n)
        ContentType.objects.clear_cache()  # both scales look their content types up once
        with CaptureQueriesContext(connection) as queries:
            result = run()
        check(n, result, context)
        transaction.set_rollback(True)
    if os.environ.get("JOBS_SQL"):  # JOBS_SQL=1 pytest -s: see what a job runs
        for q in queries.captured_queries:
            print("   ", q["sql"][:150])
    return len(queries)


def two_scales(build, run, check):
    """Query counts at both scales; returns them and asserts the growth is batches only."""
    small = run_at_scale(SMALL, build, run, check)
    large = run_at_scale(LARGE, build, run, check)
    print(f"\n{run.__name__}: {small} queries at {SMALL} items, {large} at {LARGE}")
    return small, large


def assert_batched(small, large, per_batch, items=lambda n: n):
    """`per_batch`: the queries of one more batch, over all the job's phases (each phase
    walks `items(n)` rows at scale n)."""
    extra = batches(items(LARGE)) - batches(items(SMALL))
    assert large - small == extra * per_batch, (small, large, per_batch)


def travellers(n):
    return [UserFactory(roles=["traveller"]) for _ in range(n)]


# --- notifications outbox sweep ----------------------------------------------------------

def test_outbox_sweep_sends_every_left_email_once_at_both_scales(frozen):
    def build(n):
        at(frozen, TODAY - dt.timedelta(minutes=30))
        Notification.objects.bulk_create(
            Notification(recipient=user, subject="Blijven liggen") for user in travellers(n))
        at(frozen, TODAY)
        mail.outbox.clear()

    def check(n, result, _context):
        assert result == n and len(mail.outbox) == n
        assert not Notification.objects.filter(emailed_at__isnull=True).exists()
        assert core_tasks.send_pending_notifications() == 0

    small, large = two_scales(build, core_tasks.send_pending_notifications, check)
    # One row lock and one update per e-mail, on purpose: each e-mail is marked sent in its own
    # transaction right after the SMTP server took it (at most one duplicate if a worker dies).
    # The sweep is capped at `batch_size` (500) e-mails a run, so a run stays bounded. Four
    # queries an e-mail here (savepoint, lock, update, release); two outside a transaction.
    assert large - small == 4 * (LARGE - SMALL)


# --- three-month evaluations -------------------------------------------------------------

def test_evaluations_are_created_and_reminded_in_batches(frozen, small_batches):
    def build(n):
        adviser = UserFactory(roles=["adviser", "traveller"])
        from tests.journeys.factories import EvaluationFactory, JourneyFactory

        for traveller in travellers(n):  # due today
            JourneyFactory(adviser=adviser, travellers=[traveller],
                           status=JourneyStatus.TRAVELLING,
                           started_at=TODAY.date() - dt.timedelta(days=90))
        at(frozen, TODAY - dt.timedelta(days=8))
        for traveller in travellers(n):  # opened eight days ago: reminded today
            EvaluationFactory(journey=JourneyFactory(adviser=adviser, travellers=[traveller],
                                                     evaluating=True))
        at(frozen, TODAY)
        return adviser

    def check(n, result, adviser):
        assert result == {"created": n, "reminded": n}
        assert Evaluation.objects.count() == 2 * n
        assert not Journey.objects.filter(status=JourneyStatus.TRAVELLING).exists()
        started = AuditEntry.objects.filter(action="journey.evaluation_started")
        assert started.count() == n and all(e.actor_label == "systeem" for e in started)
        assert AuditEntry.objects.filter(action="evaluation.reminded").count() == n
        # adviser + traveller per journey, in Dutch
        started_notes = Notification.objects.filter(subject__startswith="Tijd voor de drie")
        assert started_notes.count() == 2 * n
        assert Notification.objects.filter(subject__startswith="Herinnering").count() == 2 * n
        assert Notification.objects.filter(recipient=adviser).count() == 2 * n
        assert journey_tasks.create_due_evaluations() == {"created": 0, "reminded": 0}

    small, large = two_scales(build, journey_tasks.create_due_evaluations, check)
    assert_batched(small, large, per_batch=PER_BATCH["evaluations"])


# --- customs sessions --------------------------------------------------------------------

@pytest.fixture
def cadence(settings, small_batches):
    settings.REISBUREAU = {**settings.REISBUREAU, "CUSTOMS_CADENCE_DAYS": 14,
                           "CUSTOMS_WEEKDAY": 3, "CUSTOMS_REMINDER_DAYS_BEFORE": 3}


def test_customs_sessions_carry_over_and_remind_in_batches(frozen, cadence):
    from tests.customs.factories import CustomsSessionFactory, OfficerFactory, SubmissionFactory

    def build(n):
        past = CustomsSessionFactory(date=TODAY.date() - dt.timedelta(days=11))  # Thu 19 Feb
        for _ in range(n):
            SubmissionFactory(session=past)
        return [OfficerFactory() for _ in range(n)]

    def check(n, result, officers):
        assert result == {"session": "2026-03-05", "carried_over": n, "reminded": True}
        moved = Submission.objects.filter(session__date=dt.date(2026, 3, 5), is_overdue=True,
                                          carried_over=1)
        assert moved.count() == n
        assert AuditEntry.objects.filter(action="customs.carried_over").count() == n
        notes = Notification.objects.filter(recipient__in=officers)
        assert notes.count() == n
        assert all(note.body.count("! ") == n for note in notes)
        assert customs_tasks.run_customs_sessions() == {
            "session": "2026-03-05", "carried_over": 0, "reminded": False}

    small, large = two_scales(build, customs_tasks.run_customs_sessions, check)
    assert_batched(small, large, per_batch=PER_BATCH["sessions"])


# --- re-reviews --------------------------------------------------------------------------

def test_rereviews_are_queued_in_batches(frozen, small_batches, settings):
    from tests.customs.factories import CustomsDecisionFactory, ExclusionRuleFactory

    def build(n):
        ExclusionRuleFactory(when_social_domain=False, keywords="taak")  # matches every task
        at(frozen, TODAY - dt.timedelta(days=400))
        decisions = [CustomsDecisionFactory() for _ in range(n)]
        at(frozen, TODAY - dt.timedelta(days=10))
        fresh = [CustomsDecisionFactory() for _ in range(n)]  # recent: left alone
        for decision in fresh[::3]:  # ... unless the task's tool changed since
            decision.task.tool = Tool.CHAT
            decision.task.save(update_fields=["tool"])
        at(frozen, TODAY)
        return decisions, fresh

    def check(n, result, context):
        changed = len(context[1][::3])
        assert result == {"expired": n, "tool_changed": changed}
        opened = Submission.objects.filter(status=SubmissionStatus.OPEN)
        assert opened.count() == n + changed
        assert opened.filter(reason=SubmissionReason.EXPIRED).count() == n
        assert len({s.session_id for s in opened}) == 1
        assert opened.first().session.date >= TODAY.date()
        assert all(s.matched_rules.count() == 1 and s.snapshot["journey_title"] for s in opened)
        assert AuditEntry.objects.filter(action="customs.rereview_queued").count() == \
            n + changed
        assert customs_tasks.queue_rereviews() == {"expired": 0, "tool_changed": 0}

    small, large = two_scales(build, customs_tasks.queue_rereviews, check)
    # n expired tasks and a third as many with another tool, all in one walk
    assert_batched(small, large, per_batch=PER_BATCH["rereviews"],
                   items=lambda n: n + len(range(0, n, 3)))


def test_tasks_without_time_saved_go_back_to_customs_in_batches(frozen, small_batches,
                                                                 settings):
    from tests.customs.factories import CustomsDecisionFactory, ExclusionRuleFactory
    from tests.impact.factories import TimeSavingFactory
    from tests.journeys.factories import TaskTestFactory

    settings.REISBUREAU = {**settings.REISBUREAU, "ZERO_SAVING_WEEKS": 8}

    def build(n):
        ExclusionRuleFactory(when_social_domain=False, keywords="taak")  # matches every task
        at(frozen, TODAY - dt.timedelta(weeks=10))
        idle, used = [], []
        for i in range(2 * n):
            task = CustomsDecisionFactory().task
            task.status = "testing"
            task.save(update_fields=["status"])
            TaskTestFactory(task=task, tested_on=TODAY.date() - dt.timedelta(weeks=9),
                            measured_minutes=0)
            (idle if i % 2 else used).append(task)
        for task in used:  # time saved logged: left alone
            TimeSavingFactory(task=task, date=TODAY.date() - dt.timedelta(weeks=5))
        at(frozen, TODAY)
        return idle

    def check(n, result, idle):
        assert result == n
        opened = Submission.objects.filter(status=SubmissionStatus.OPEN,
                                           reason=SubmissionReason.ZERO_SAVING)
        assert set(opened.values_list("task_id", flat=True)) == {t.pk for t in idle}
        assert Notification.objects.filter(subject__contains="terug naar de douane").count() \
            == n  # the adviser of each task (the factory's journeys have no travellers)
        assert impact_tasks.queue_zero_saving_rereviews() == 0

    small, large = two_scales(build, impact_tasks.queue_zero_saving_rereviews, check)
    assert_batched(small, large, per_batch=PER_BATCH["zero_saving"])


# --- weekly tip --------------------------------------------------------------------------

def _weekly_tip_at_two_scales():
    from tests.community.factories import WeeklyTipFactory

    def build(n):
        WeeklyTipFactory(publish_on=TODAY.date(), title="Bronnen")
        return travellers(n)

    def check(n, result, people):
        assert result == {"published": 1, "sent": n}
        assert TipDelivery.objects.count() == n
        assert Notification.objects.filter(recipient__in=people,
                                           subject="Tip van de week: Bronnen").count() == n
        assert community_tasks.publish_weekly_tip() == {"published": 0, "sent": 0}

    return two_scales(build, community_tasks.publish_weekly_tip, check)


def test_weekly_tip_goes_to_every_traveller_once_in_batches(frozen, small_batches):
    small, large = _weekly_tip_at_two_scales()
    assert_batched(small, large, per_batch=PER_BATCH["tip"])


def test_with_the_default_batch_size_both_scales_take_the_same_queries(frozen):
    small, large = _weekly_tip_at_two_scales()
    assert small == large


# --- surveys -----------------------------------------------------------------------------

def test_surveys_are_sent_and_reminded_in_batches(frozen, small_batches):
    from impact.services import survey_default
    from tests.journeys.factories import JourneyFactory

    def build(n):
        survey = survey_default()
        for traveller in travellers(n):  # the journey started a month ago
            JourneyFactory(travellers=[traveller], status=JourneyStatus.TRAVELLING,
                           started_at=TODAY.date() - dt.timedelta(days=30))
        SurveyInvitation.objects.bulk_create(
            SurveyInvitation(survey=survey, traveller=traveller, wave="1m",
                             sent_at=TODAY - dt.timedelta(days=8)) for traveller in travellers(n))

    def check(n, result, _context):
        assert result == {"sent": n, "reminded": n}
        assert SurveyInvitation.objects.count() == 2 * n
        assert Notification.objects.filter(subject__contains="enquête").count() == 2 * n
        assert impact_tasks.dispatch_surveys() == {"sent": 0, "reminded": 0}

    small, large = two_scales(build, impact_tasks.dispatch_surveys, check)
    assert_batched(small, large, per_batch=PER_BATCH["surveys"])


# --- roll-ups ----------------------------------------------------------------------------

def test_rollups_take_the_same_queries_for_more_weeks_and_entries(frozen):
    from tests.impact.factories import TimeSavingFactory

    traveller = UserFactory(roles=["traveller"])

    def build(n):
        day = TODAY.date()
        for week in range(n):
            TimeSavingFactory(traveller=traveller, date=day - dt.timedelta(weeks=week),
                              minutes=10)
        RollupDirtyWeek.objects.bulk_create(
            RollupDirtyWeek(week_start=day - dt.timedelta(weeks=w, days=day.weekday()))
            for w in range(n))

    def check(n, result, _context):
        assert result == n
        assert WeeklyRollup.objects.filter(persona=None).count() == n
        assert not RollupDirtyWeek.objects.exists()
        assert impact_tasks.rebuild_rollups() == 0

    small, large = two_scales(build, impact_tasks.rebuild_rollups, check)
    assert small == large


# --- import sweep ------------------------------------------------------------------------

def test_import_sweep_takes_the_same_queries_for_more_stranded_imports(frozen):
    from django.core.files.base import ContentFile

    from impact.models import UsageImport

    staff = UserFactory(roles=["agency_staff"])

    def build(n):
        at(frozen, TODAY - dt.timedelta(minutes=30))
        for i in range(n):
            usage_import = UsageImport(uploaded_by=staff, filename=f"{i}.csv", format="generic",
                                       mode="skip_bad_rows")
            usage_import.file.save(f"{i}.csv", ContentFile(b"email,date,tool\n"), save=False)
            usage_import.save()
        at(frozen, TODAY)

    def check(n, result, _context):
        assert result == min(n, 10)

    with mock.patch.object(impact_tasks.run_usage_import, "delay") as delay:
        small, large = two_scales(build, impact_tasks.sweep_pending_imports, check)
    assert delay.call_count == SMALL + 10
    assert small == large


# --- retention ---------------------------------------------------------------------------

def test_retention_removes_old_notes_and_answers_in_batches(frozen, small_batches):
    from impact.services import survey_default
    from tests.impact.factories import InterviewFactory

    def build(n):
        survey = survey_default()
        question = survey.questions.first()
        old = TODAY.date() - dt.timedelta(days=800)
        interviewer = UserFactory(roles=["adviser"])
        Interview.objects.bulk_create(
            InterviewFactory.build(interviewer=interviewer, held_on=old) for _ in range(n))
        InterviewFactory(interviewer=interviewer)  # recent: stays
        responses = SurveyResponse.objects.bulk_create(
            SurveyResponse(survey=survey, respondent=user,
                           submitted_at=TODAY - dt.timedelta(days=800))
            for user in travellers(n))
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=r, question=question, scale_value=4) for r in responses)

    def check(n, result, _context):
        assert result == {"interviews": n, "survey_responses": n, "import_files": 0,
                          "import_error_lists": 0}
        assert Interview.objects.count() == 1
        assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
        assert AuditEntry.objects.filter(action="impact.retention_applied").count() == 1
        assert impact_tasks.apply_retention() == {"interviews": 0, "survey_responses": 0,
                                                  "import_files": 0, "import_error_lists": 0}

    small, large = two_scales(build, impact_tasks.apply_retention, check)
    assert_batched(small, large, per_batch=PER_BATCH["retention"])


# surveys: 12 since `surveys_invite` (also what the demo calls) skips, with one query, whoever
# the batch it is given already invited, rather than trusting its caller to have left them out.
PER_BATCH = {"evaluations": 15, "sessions": 5, "rereviews": 9, "tip": 8, "surveys": 12,
             "retention": 6,
             # 20: one more than before the passport, which reads each batch's copies to send
             # their standard back instead (journeys.selectors.passport_tasks_of)
             "zero_saving": 20}
