"""A standard journey's customs passport: its tasks cleared once, for every journey planned
from it; re-review and exclusion of the standard reach every task that relies on it."""

import datetime as dt

import pytest

from customs import services
from customs.constants import Decision, SubmissionReason, SubmissionStatus
from customs.models import Submission
from journeys import selectors as journey_selectors
from journeys import services as journeys
from journeys.constants import JourneyStatus, TaskStatus, Tool
from journeys.models import Journey, JourneyTask
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.customs.factories import SAFE_ANSWERS
from tests.journeys.factories import StandardJourneyFactory

pytestmark = pytest.mark.django_db

MEASURES = ["Geen persoonsgegevens invoeren", "Uitkomst altijd laten controleren"]


def clear_passport(agency, officer, standard, *, decision=Decision.CLEARED_WITH_MEASURES,
                   measures=MEASURES) -> Journey:
    """Agency staff request the passport and submit its tasks; an officer decides each."""
    passport = journeys.passport_request(actor=agency, standard_journey=standard)
    for task in passport.tasks.filter(status=TaskStatus.DRAFT):
        submission = services.submission_create(task=task, actor=agency, answers=SAFE_ANSWERS)
        services.decision_record(
            submission=submission, officer=officer, decision=decision,
            extra_measures="\n".join(measures if decision == Decision.CLEARED_WITH_MEASURES
                                     else []), rationale="Eenmalig beoordeeld")
    return passport


def plan(adviser, standard, travellers=()):
    journey = journeys.journey_start_from_standard(standard_journey=standard, actor=adviser,
                                                   travellers=list(travellers))
    return list(journey.tasks.order_by("order"))


@pytest.fixture
def standard():
    return StandardJourneyFactory(tasks=["Vergadering samenvatten", "Actielijst maken"])


# --- Clearing once -------------------------------------------------------------------------

def test_a_journey_from_a_cleared_standard_gets_its_tasks_cleared_with_no_submission(
        standard, agency_staff, officer, adviser, traveller):
    passport = clear_passport(agency_staff, officer, standard)
    references = list(passport.tasks.order_by("order"))
    assert [t.status for t in references] == [TaskStatus.CLEARED_WITH_MEASURES] * 2
    submissions_before = Submission.objects.count()

    tasks = plan(adviser, standard, [traveller])

    assert [t.status for t in tasks] == [TaskStatus.CLEARED_WITH_MEASURES] * 2
    assert [t.measures for t in tasks] == [MEASURES, MEASURES]
    assert [t.cleared_under_id for t in tasks] == [r.pk for r in references]
    assert tasks[0].clearance_rationale == "Eenmalig beoordeeld"
    assert Submission.objects.count() == submissions_before
    assert not Submission.objects.filter(task__in=tasks).exists()
    assert AuditEntry.objects.filter(action="task.passport_applied").count() == 2
    # The traveller may use them at once (time saved, prompts), after confirming the measures.
    usable = journey_selectors.usable_tasks_of_traveller(traveller)
    assert {t.pk for t in usable} == {t.pk for t in tasks}
    assert journey_selectors.traveller_must_acknowledge(tasks[0], traveller)


def test_joining_an_open_journey_from_the_standard_gives_the_cleared_tasks(
        standard, agency_staff, officer, adviser, traveller):
    clear_passport(agency_staff, officer, standard)
    journey = journeys.journey_start_from_standard(standard_journey=standard, actor=adviser)
    journeys.journey_update(journey=journey, actor=adviser, title=journey.title,
                            goal=journey.goal, is_open=True, seats=5)
    journeys.journey_join(journey=journey, traveller=traveller)
    assert {t.status for t in journey_selectors.usable_tasks_of_traveller(traveller)} == {
        TaskStatus.CLEARED_WITH_MEASURES}


def test_requesting_the_passport_twice_changes_nothing(standard, agency_staff):
    first = journeys.passport_request(actor=agency_staff, standard_journey=standard)
    again = journeys.passport_request(actor=agency_staff, standard_journey=standard)
    assert first.pk == again.pk and first.tasks.count() == 2
    assert first.passport_for_id == standard.pk and not first.travellers.exists()


def test_the_passport_is_submitted_and_decided_like_any_task(standard, agency_staff, officer):
    passport = clear_passport(agency_staff, officer, standard)
    task = passport.tasks.first()
    decision = task.customs_decisions.get()
    assert decision.officer == officer and decision.measures == MEASURES
    # The agency member who keeps the passport may not decide on it, even as an officer.
    agency_staff.groups.add(*officer.groups.all())
    agency_staff = type(agency_staff).objects.get(pk=agency_staff.pk)  # roles read afresh
    new = journeys.passport_request(actor=agency_staff, standard_journey=StandardJourneyFactory())
    submission = services.submission_create(task=new.tasks.get(), actor=agency_staff,
                                            answers=SAFE_ANSWERS)
    with pytest.raises(DomainError, match="U hebt deze taak gepland"):
        services.decision_record(submission=submission, officer=agency_staff,
                                 decision=Decision.CLEARED)


# --- A copy that differs goes to customs ---------------------------------------------------

def test_a_standard_task_changed_in_what_customs_judged_is_not_cleared(
        standard, agency_staff, officer, adviser):
    passport = clear_passport(agency_staff, officer, standard)
    kept = passport.tasks.get(work_task="Vergadering samenvatten")
    # Title, description and minutes are no part of the risk: the clearance survives; the
    # second task gets another tool, which customs has not judged.
    journeys.standard_journey_save(
        actor=agency_staff, standard_journey=standard, title="Nieuwe titel",
        description="Anders beschreven", kind=standard.kind, personas=[], function_groups=[],
        is_published=True, tasks=[
            {"work_task": "Vergadering samenvatten", "tool": Tool.TEAMS,
             "expected_minutes_saved": 45},
            {"work_task": "Actielijst maken", "tool": Tool.EXCEL,
             "expected_minutes_saved": 20}])
    tasks = plan(adviser, standard)
    assert tasks[0].status == TaskStatus.CLEARED_WITH_MEASURES
    assert tasks[0].cleared_under_id == kept.pk
    assert tasks[1].status == TaskStatus.DRAFT and tasks[1].cleared_under_id is None
    # It goes to customs as today.
    services.submission_create(task=tasks[1], actor=adviser, answers=SAFE_ANSWERS)
    # The passport keeps what customs cleared and has a new draft for what it has not judged.
    statuses = sorted((t.tool, t.status) for t in passport.tasks.all())
    assert (Tool.EXCEL, TaskStatus.DRAFT) in statuses
    assert (Tool.TEAMS, TaskStatus.CLEARED_WITH_MEASURES) in statuses
    # The old Word/Teams "Actielijst maken" clearance nobody relies on left use.
    assert passport.tasks.filter(status=TaskStatus.DROPPED).count() == 1


def test_a_clearance_reaches_unchanged_drafts_only(standard, agency_staff, officer, adviser):
    unchanged, edited = plan(adviser, standard)
    journeys.task_update(task=edited, actor=adviser, data_involved="Namen van inwoners")
    clear_passport(agency_staff, officer, standard)
    unchanged.refresh_from_db(), edited.refresh_from_db()
    assert unchanged.status == TaskStatus.CLEARED_WITH_MEASURES and unchanged.cleared_under_id
    assert edited.status == TaskStatus.DRAFT and edited.cleared_under_id is None


# --- Re-review covers every task relying on the standard -----------------------------------

def test_ageing_and_a_tool_change_queue_the_standard_once(
        time_machine, settings, standard, agency_staff, officer, adviser, make_user):
    settings.REISBUREAU = {**settings.REISBUREAU, "REREVIEW_MONTHS": 12}
    start = dt.datetime(2026, 1, 6, 9, tzinfo=dt.timezone.utc)
    time_machine.move_to(start, tick=False)
    passport = clear_passport(agency_staff, officer, standard)
    for _ in range(3):
        plan(adviser, standard, [make_user("traveller")])
    time_machine.move_to(start + dt.timedelta(days=366), tick=False)
    assert services.rereviews_queue() == {"expired": 2, "tool_changed": 0}
    queued = Submission.objects.filter(status=SubmissionStatus.OPEN)
    assert {s.task.journey_id for s in queued} == {passport.pk}
    change = services.tool_change_announce(actor=officer, tool=Tool.TEAMS,
                                           description="Nieuw taalmodel")
    assert change.tasks_queued == 0  # the passport's tasks are on the agenda already


def test_a_new_decision_on_the_standard_reaches_every_task_under_it(
        standard, agency_staff, officer, adviser, make_user):
    passport = clear_passport(agency_staff, officer, standard)
    travellers = [make_user("traveller") for _ in range(2)]
    tasks = plan(adviser, standard, travellers)
    journeys.task_start_testing(task=tasks[0], actor=adviser)
    reference = passport.tasks.get(work_task="Vergadering samenvatten")
    change = services.tool_change_announce(actor=officer, tool=Tool.TEAMS, description="Nieuw")
    assert change.tasks_queued == 2  # the passport's tasks, not the copies
    again = Submission.objects.get(task=reference, status=SubmissionStatus.OPEN)
    assert again.reason == SubmissionReason.TOOL_CHANGED
    Notification.objects.all().delete()

    services.decision_record(submission=again, officer=officer,
                             decision=Decision.CLEARED_WITH_MEASURES,
                             extra_measures="Alleen op een laptop van de gemeente",
                             rationale="Nieuw model beoordeeld")

    tasks[0].refresh_from_db()
    assert tasks[0].status == TaskStatus.TESTING  # keeps its place
    assert tasks[0].measures == ["Alleen op een laptop van de gemeente"]
    assert tasks[0].clearance_rationale == "Nieuw model beoordeeld"
    told = set(Notification.objects.filter(url=tasks[0].get_absolute_url()).values_list(
        "recipient_id", flat=True))
    assert told == {adviser.pk, *(t.pk for t in travellers)}
    # New measures: the travellers confirm again before using it.
    assert journey_selectors.traveller_must_acknowledge(tasks[0], travellers[0])
    assert AuditEntry.objects.filter(action="task.passport_decision",
                                     target_id=tasks[0].pk).exists()


def test_excluding_the_standard_reaches_every_traveller_using_it(
        standard, agency_staff, officer, adviser, make_user):
    passport = clear_passport(agency_staff, officer, standard)
    groups = [[make_user("traveller")], [make_user("traveller"), make_user("traveller")]]
    journeys_tasks = [plan(adviser, standard, group) for group in groups]
    journeys.task_start_testing(task=journeys_tasks[1][0], actor=adviser)
    reference = passport.tasks.get(work_task="Vergadering samenvatten")
    # A cancelled journey's task is left alone.
    cancelled = plan(adviser, standard)
    journeys.journey_cancel(journey=cancelled[0].journey, actor=adviser)
    services.tool_change_announce(actor=officer, tool=Tool.TEAMS, description="Nieuw")
    again = Submission.objects.get(task=reference, status=SubmissionStatus.OPEN)
    Notification.objects.all().delete()

    services.decision_record(submission=again, officer=officer, decision=Decision.EXCLUDED,
                             rationale="Het nieuwe model slaat gegevens buiten de EER op")

    dependents = [tasks[0] for tasks in journeys_tasks]
    for task in dependents:
        task.refresh_from_db()
        assert task.status == TaskStatus.EXCLUDED and task.measures == []
    cancelled[0].refresh_from_db()
    assert cancelled[0].status == TaskStatus.CLEARED_WITH_MEASURES
    everyone = {adviser.pk, *(u.pk for group in groups for u in group)}
    excluded = Notification.objects.filter(url__in=[t.get_absolute_url() for t in dependents])
    assert set(excluded.values_list("recipient_id", flat=True)) == everyone
    assert all("uitgesloten: stop met het gebruik" in n.subject for n in excluded)
    # The agency, who keeps the passport, hears of it as of any decision.
    assert Notification.objects.filter(recipient=agency_staff).exists()
    assert "buiten de EER" in excluded.first().body
    # The other task of the standard is untouched, and the excluded ones are used no more.
    journeys_tasks[0][1].refresh_from_db()
    assert journeys_tasks[0][1].status == TaskStatus.CLEARED_WITH_MEASURES
    usable = journey_selectors.usable_tasks_of_traveller(groups[0][0])
    assert [t.work_task for t in usable] == ["Actielijst maken"]


def test_a_copy_sent_back_with_the_standard_and_then_changed_leaves_the_passport(
        standard, agency_staff, officer, adviser):
    passport = clear_passport(agency_staff, officer, standard)
    task = plan(adviser, standard)[0]
    reference = passport.tasks.get(pk=task.cleared_under_id)
    services.tool_change_announce(actor=officer, tool=Tool.TEAMS, description="Nieuw")
    services.decision_record(
        submission=Submission.objects.get(task=reference, status=SubmissionStatus.OPEN),
        officer=officer, decision=Decision.SENT_BACK, rationale="Meer uitleg nodig")
    task.refresh_from_db()
    assert task.status == TaskStatus.SENT_BACK and task.cleared_under_id == reference.pk
    journeys.task_update(task=task, actor=adviser, expected_minutes_saved=50)
    task.refresh_from_db()
    assert task.cleared_under_id == reference.pk  # minutes are not judged
    journeys.task_update(task=task, actor=adviser, data_involved="Klachten van inwoners")
    task.refresh_from_db()
    assert task.cleared_under_id is None
    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)


# --- Who may, and what the passport refuses ----------------------------------------------

def test_only_agency_staff_request_a_passport(standard, adviser, traveller, officer):
    for user in (adviser, traveller, officer):
        with pytest.raises(DomainError, match="Alleen medewerkers van het reisbureau"):
            journeys.passport_request(actor=user, standard_journey=standard)
    assert not Journey.objects.filter(passport_for=standard).exists()


def test_the_passport_has_no_travellers_and_follows_its_standard(
        standard, agency_staff, traveller):
    passport = journeys.passport_request(actor=agency_staff, standard_journey=standard)
    for call, kwargs in [
            (journeys.journey_add_traveller, {"journey": passport, "traveller": traveller}),
            (journeys.journey_start, {"journey": passport}),
            (journeys.journey_cancel, {"journey": passport}),
            (journeys.task_add, {"journey": passport, "work_task": "Extra"}),
            (journeys.task_update, {"task": passport.tasks.first(), "work_task": "Anders"})]:
        with pytest.raises(DomainError, match="douanepaspoort"):
            call(actor=agency_staff, **kwargs)
    assert passport not in journey_selectors.journeys_of_adviser(agency_staff)
    assert JourneyTask.objects.filter(journey=passport).count() == 2
    assert JourneyStatus.PLANNING not in journey_selectors.journey_status_counts()
