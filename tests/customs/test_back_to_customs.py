"""Back to customs when reality disagrees (issue 17, section 5): an objection against a task in
use, a new or stricter exclusion rule that matches tasks in use, and a tested task without any
time saved put the task on the next session's agenda with the reason, once, and tell its
adviser and travellers. A tool change offers dropped tasks a new test."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customs import recheck, services
from customs.constants import Decision, SubmissionReason, SubmissionStatus
from customs.models import Submission
from impact import services as impact_services
from impact import tasks as impact_tasks
from journeys.constants import JourneyStatus, TaskStatus, Tool
from journeys.models import JourneyTask
from portal.schedules import beat_schedule
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.customs.factories import SAFE_ANSWERS
from tests.impact.factories import TimeSavingFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory, TaskTestFactory

pytestmark = pytest.mark.django_db


def _cleared(adviser, officer, travellers=(), **task_kwargs):
    journey = JourneyFactory(adviser=adviser, status=JourneyStatus.TRAVELLING,
                             travellers=list(travellers))
    task = JourneyTaskFactory(journey=journey, **task_kwargs)
    services.decision_record(
        submission=services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS),
        officer=officer, decision=Decision.CLEARED, rationale="In orde")
    return JourneyTask.objects.get(pk=task.pk)


def _open(task):
    return Submission.objects.filter(task=task, status=SubmissionStatus.OPEN)


def _told(user, task):
    return Notification.objects.filter(recipient=user, url=task.get_absolute_url(),
                                       subject__contains="terug naar de douane")


# --- An objection -------------------------------------------------------------------------

def test_an_objection_against_a_task_in_use_puts_it_on_the_agenda_once(
        adviser, officer, traveller, manager):
    task = _cleared(adviser, officer, travellers=[traveller, manager])
    objection = impact_services.objection_raise(
        actor=manager, target_kind="task", target_id=task.pk, kind="legal",
        description="Er gaan namen van inwoners naar de tool.")
    queued = _open(task).get()
    assert queued.reason == SubmissionReason.OBJECTION
    assert f"#{objection.pk}" in queued.reason_detail
    assert "namen van inwoners" in queued.reason_detail
    assert queued.session is not None and queued.submitted_by is None
    # the task stays in use meanwhile; adviser and both travellers are told, the objection's
    # own words stay with the officers
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.CLEARED
    for person in (adviser, traveller, manager):
        note = _told(person, task).get()
        assert f"#{objection.pk}" in note.body and "namen" not in note.body
    assert AuditEntry.objects.filter(action="customs.rereview_queued").count() == 1
    # a second objection while it waits: not queued twice, nobody told twice
    impact_services.objection_raise(actor=traveller, target_kind="task", target_id=task.pk,
                                    kind="ethical", description="Ook ethisch lastig.")
    assert _open(task).count() == 1 and _told(adviser, task).count() == 1


def test_an_objection_against_a_task_not_in_use_queues_nothing(adviser, officer, traveller):
    draft = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travellers=[traveller]))
    at_customs = JourneyTaskFactory(journey=draft.journey)
    services.submission_create(task=at_customs, actor=adviser, answers=SAFE_ANSWERS)
    for task in (draft, at_customs):
        impact_services.objection_raise(actor=traveller, target_kind="task", target_id=task.pk,
                                        kind="legal", description="Bezwaar")
    assert not Submission.objects.filter(reason=SubmissionReason.OBJECTION).exists()
    assert _open(at_customs).get().reason == SubmissionReason.NEW
    assert not Notification.objects.filter(subject__contains="terug naar de douane").exists()


# --- A new or stricter exclusion rule -----------------------------------------------------

def test_a_new_exclusion_rule_sends_the_matching_tasks_in_use_back(adviser, officer, traveller):
    hit = _cleared(adviser, officer, travellers=[traveller], work_task="Keukentafelgesprek")
    other = _cleared(adviser, officer, work_task="Notulen maken")
    draft = JourneyTaskFactory(journey=hit.journey, work_task="Nog een keukentafelgesprek")
    rule = services.exclusion_rule_save(actor=officer, title="Keukentafelgesprekken",
                                        keywords="keukentafel")
    assert rule.tasks_queued == 1
    queued = _open(hit).get()
    assert queued.reason == SubmissionReason.EXCLUSION_RULE
    assert queued.reason_detail == "Keukentafelgesprekken"
    assert list(queued.matched_rules.all()) == [rule]  # the proposal says "excluded"
    assert not _open(other).exists() and not _open(draft).exists()
    assert _told(adviser, hit).count() == 1 and _told(traveller, hit).count() == 1
    # saving it again, or changing only its explanation, queues nothing new
    assert services.exclusion_rule_save(actor=officer, rule=rule, title=rule.title,
                                        keywords="keukentafel").tasks_queued == 0
    # customs clears it again knowing the rule: the rule does not send it back a second time
    services.decision_record(submission=queued, officer=officer, decision=Decision.CLEARED,
                             rationale="Geen persoonsgegevens, mag")
    assert services.exclusion_rule_save(
        actor=officer, rule=rule, title=rule.title, keywords="keukentafel",
        description="Gesprekken in het sociaal domein").tasks_queued == 0
    # made stricter (another keyword): the task it now matches goes back, the known one not
    rule = services.exclusion_rule_save(actor=officer, rule=rule, title=rule.title,
                                        keywords="keukentafel, notulen")
    assert rule.tasks_queued == 1
    assert _open(other).get().reason_detail == "Keukentafelgesprekken"
    assert not _open(hit).exists()


def test_an_inactive_rule_sends_nothing_back(adviser, officer):
    task = _cleared(adviser, officer, work_task="Keukentafelgesprek")
    rule = services.exclusion_rule_save(actor=officer, title="Keukentafel",
                                        keywords="keukentafel", is_active=False)
    assert rule.tasks_queued == 0 and not _open(task).exists()


def test_a_rule_checks_the_tasks_in_use_in_batches(adviser, officer, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "JOB_BATCH_SIZE": 3}

    def queries_for(n, title):
        tasks = [_cleared(adviser, officer, work_task=f"{title} {i}") for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            rule = services.exclusion_rule_save(actor=officer, title=title, keywords=title)
        assert rule.tasks_queued == n and all(_open(t).exists() for t in tasks)
        return len(captured)

    services.exclusion_rule_save(actor=officer, title="Warm", keywords="nergens")  # caches
    # two batches each (3 + 1 and 3 + 2 tasks): the same queries, none per task
    assert queries_for(4, "alfa") == queries_for(5, "bravo")


# --- No time saved ------------------------------------------------------------------------

START = dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc)


@pytest.fixture
def eight_weeks(settings, time_machine):
    settings.REISBUREAU = {**settings.REISBUREAU, "ZERO_SAVING_WEEKS": 8}
    time_machine.move_to(START, tick=False)
    return time_machine


def _tested(adviser, officer, traveller, **kwargs):
    task = _cleared(adviser, officer, travellers=[traveller], **kwargs)
    JourneyTask.objects.filter(pk=task.pk).update(status=TaskStatus.TESTING)
    TaskTestFactory(task=task, tested_on=START.date(), measured_minutes=0)
    return task


def test_a_tested_task_without_time_saved_goes_back_after_the_set_weeks_once(
        eight_weeks, adviser, officer, traveller):
    idle = _tested(adviser, officer, traveller)
    used = _tested(adviser, officer, traveller)
    TimeSavingFactory(traveller=traveller, task=used, date=START.date() + dt.timedelta(days=3))
    untested = _cleared(adviser, officer)
    eight_weeks.move_to(START + dt.timedelta(weeks=8) - dt.timedelta(days=1), tick=False)
    assert impact_tasks.queue_zero_saving_rereviews() == 0
    eight_weeks.move_to(START + dt.timedelta(weeks=8), tick=False)
    assert impact_tasks.queue_zero_saving_rereviews() == 1
    queued = _open(idle).get()
    assert queued.reason == SubmissionReason.ZERO_SAVING
    assert "8 weken" in queued.reason_detail and "05-01-2026" in queued.reason_detail
    assert not _open(used).exists() and not _open(untested).exists()
    assert _told(adviser, idle).count() == 1 and _told(traveller, idle).count() == 1
    assert "8 weken" in _told(traveller, idle).get().body
    # customs clears it again: the job does not send it back every morning after that
    services.decision_record(submission=queued, officer=officer, decision=Decision.CLEARED,
                             rationale="Nog even proberen")
    eight_weeks.move_to(START + dt.timedelta(weeks=12), tick=False)
    assert impact_tasks.queue_zero_saving_rereviews() == 0
    assert JourneyTask.objects.get(pk=idle.pk).status == TaskStatus.TESTING


def test_the_zero_saving_job_is_scheduled_and_routed(settings):
    # its batches are measured at two scales in tests/test_jobs_scale.py
    entry = beat_schedule()["impact-zero-saving-rereviews"]
    assert entry["task"] == "impact.tasks.queue_zero_saving_rereviews"
    assert settings.CELERY_TASK_ROUTES[entry["task"]] == {"queue": "default"}
    task = impact_tasks.queue_zero_saving_rereviews
    assert task.time_limit and task.soft_time_limit


# --- A dropped task, a changed tool, a new test ---------------------------------------------

def _dropped(adviser, officer, traveller, tool=Tool.WORD):
    task = _cleared(adviser, officer, travellers=[traveller], tool=tool)
    JourneyTask.objects.filter(pk=task.pk).update(status=TaskStatus.DROPPED)
    return JourneyTask.objects.get(pk=task.pk)


def test_a_tool_change_offers_dropped_tasks_a_new_test(adviser, officer, traveller):
    dropped = _dropped(adviser, officer, traveller)
    other_tool = _dropped(adviser, officer, traveller, tool=Tool.TEAMS)
    never_cleared = JourneyTaskFactory(journey=dropped.journey, status=TaskStatus.DROPPED)
    change = services.tool_change_announce(actor=officer, tool=Tool.WORD,
                                           description="Nieuw model, veel betere samenvattingen")
    assert change.retests_offered == 1
    dropped.refresh_from_db()
    assert dropped.retest_offered_at and "betere samenvattingen" in dropped.retest_offer
    assert not JourneyTask.objects.get(pk=other_tool.pk).retest_offered_at
    assert not JourneyTask.objects.get(pk=never_cleared.pk).retest_offered_at
    for person in (adviser, traveller):
        assert Notification.objects.filter(recipient=person, url=dropped.get_absolute_url(),
                                           subject__contains="opnieuw").count() == 1
    # the traveller takes up the offer: testing again, and on the agenda for the new tool
    submission = recheck.retest_reopen(task=dropped, actor=traveller)
    dropped.refresh_from_db()
    assert dropped.status == TaskStatus.TESTING and not dropped.retest_offered_at
    assert submission.reason == SubmissionReason.TOOL_CHANGED
    assert "betere samenvattingen" in submission.reason_detail
    assert AuditEntry.objects.filter(action="customs.retest_reopened").count() == 1
    with pytest.raises(DomainError):  # once
        recheck.retest_reopen(task=dropped, actor=traveller)


def test_only_an_offered_task_is_reopened_and_only_by_its_people(
        adviser, officer, traveller, make_user):
    plain = _dropped(adviser, officer, traveller)
    with pytest.raises(DomainError, match="aangeboden"):
        recheck.retest_reopen(task=plain, actor=adviser)
    services.tool_change_announce(actor=officer, tool=Tool.WORD, description="Nieuw model")
    with pytest.raises(DomainError):
        recheck.retest_reopen(task=plain, actor=make_user("traveller"))
    assert JourneyTask.objects.get(pk=plain.pk).status == TaskStatus.DROPPED
    recheck.retest_reopen(task=plain, actor=adviser)
    assert JourneyTask.objects.get(pk=plain.pk).status == TaskStatus.TESTING


@pytest.mark.parametrize("who, status", [("traveller", 302), ("adviser", 302),
                                         ("other traveller", 404), ("officer", 404)])
def test_the_reopen_action_is_for_the_journeys_people(
        client, adviser, officer, traveller, make_user, who, status):
    task = _dropped(adviser, officer, traveller)
    services.tool_change_announce(actor=officer, tool=Tool.WORD, description="Nieuw model")
    user = {"traveller": traveller, "adviser": adviser, "officer": officer,
            "other traveller": make_user("traveller")}[who]
    client.force_login(user)
    url = reverse("customs:retest_reopen", args=[task.pk])
    if who in ("traveller", "adviser"):
        page = client.get(task.journey.get_absolute_url())
        assert url in page.content.decode()  # the journey page offers it
    response = client.post(url)
    assert response.status_code == status
    reopened = JourneyTask.objects.get(pk=task.pk).status == TaskStatus.TESTING
    assert reopened is (status == 302)
    assert client.get(url).status_code == 405


def test_an_objection_against_a_task_under_a_passport_sends_the_standard_back(
        agency_staff, officer, adviser, traveller):
    """A copy runs under its standard journey's clearance: customs judges the standard again,
    not the copy, and that decision reaches every copy."""
    from tests.customs.test_passport import clear_passport, plan
    from tests.journeys.factories import StandardJourneyFactory

    standard = StandardJourneyFactory(tasks=["Vergadering samenvatten"])
    passport = clear_passport(agency_staff, officer, standard)
    (copy,) = plan(adviser, standard, [traveller])
    assert copy.cleared_under_id is not None

    impact_services.objection_raise(
        actor=traveller, target_kind="task", target_id=copy.pk, kind="legal",
        description="Er gaan namen van inwoners naar de tool.")

    reference = passport.tasks.get()
    assert not _open(copy).exists()
    queued = _open(reference).get()
    assert queued.reason == SubmissionReason.OBJECTION
