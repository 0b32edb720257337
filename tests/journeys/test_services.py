"""Every transition of journeys and tasks: the legal ones, and the illegal ones that change nothing."""

import datetime

import pytest
from django.utils import timezone

from journeys import clearance, services
from journeys.constants import JourneyStatus, RequestStatus, TaskStatus, Verdict
from journeys.models import Evaluation, InventoryEntry, Journey, JourneyTask, TravelReport
from reisbureau import services as core
from reisbureau.constants import LicenceStatus
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, LicenceAssignment, LicenceWaitlistEntry
from tests.journeys.factories import (
    EvaluationFactory,
    InventoryEntryFactory,
    JourneyFactory,
    JourneyRequestFactory,
    JourneyTaskFactory,
    StandardJourneyFactory,
)

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def refuses(message_part, func, *args, **kwargs):
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        func(*args, **kwargs)
    assert message_part in str(exc.value)
    assert AuditEntry.objects.count() == before


# --- Inventory ---------------------------------------------------------------------------

def test_traveller_reports_a_time_eater(traveller):
    entry = services.inventory_entry_create(
        employee=traveller, actor=traveller, title="Notulen", frequency="weekly",
        minutes_per_week=180, kind="routine", data_touched="Vergaderstukken")
    assert entry.recorded_by == traveller and entry.minutes_per_week == 180
    assert "inventory.entry_created" in actions()


@pytest.mark.parametrize("minutes", [0, -5, 2401, 10_000, "veel"])
def test_absurd_minutes_are_refused_in_dutch(traveller, minutes):
    refuses("minuten", services.inventory_entry_create, employee=traveller, actor=traveller,
            title="Notulen", frequency="weekly", minutes_per_week=minutes, kind="routine")
    assert not InventoryEntry.objects.exists()


def test_only_advisers_record_for_colleagues(traveller, make_user):
    colleague = make_user("traveller")
    refuses("reisadviseurs", services.inventory_entry_create, employee=colleague,
            actor=traveller, title="Notulen", frequency="weekly", minutes_per_week=60,
            kind="routine")


def test_workshop_records_several_employees_at_once_or_none(adviser, make_user):
    a, b = make_user("traveller"), make_user("traveller")
    row = {"title": "Brieven", "frequency": "daily", "minutes_per_week": 90, "kind": "routine"}
    entries = services.inventory_workshop_record(
        actor=adviser, rows=[{**row, "employee": a}, {**row, "employee": b}])
    assert {e.employee for e in entries} == {a, b}
    with pytest.raises(DomainError):
        services.inventory_workshop_record(actor=adviser, rows=[
            {**row, "employee": a}, {**row, "employee": b, "minutes_per_week": 5000}])
    assert InventoryEntry.objects.count() == 2


def test_converting_an_entry_makes_a_journey_with_the_task(adviser):
    entry = InventoryEntryFactory(minutes_per_week=240)
    task = services.inventory_entry_convert(entry=entry, actor=adviser)
    assert task.journey.adviser == adviser
    assert list(task.journey.travellers.all()) == [entry.employee]
    assert task.baseline_minutes == 240 and task.inventory_entry == entry
    entry.refresh_from_db()
    assert entry.converted_task == task
    refuses("al een taak", services.inventory_entry_convert, entry=entry, actor=adviser)


def test_a_journey_from_an_entry_is_named_after_the_task_and_expects_its_share(adviser):
    routine = InventoryEntryFactory(title="Notulen raadscommissie", minutes_per_week=240,
                                    kind="routine")
    task = services.inventory_entry_convert(entry=routine, actor=adviser)
    assert task.journey.title == "Reis: Notulen raadscommissie"
    assert task.work_task == "Notulen raadscommissie"
    assert routine.employee.get_full_name() not in task.journey.title
    # Routine work: half of the minutes it takes now; complex work: a quarter.
    assert task.expected_minutes_saved == 120
    complex_entry = InventoryEntryFactory(minutes_per_week=240, kind="complex")
    assert services.inventory_entry_convert(
        entry=complex_entry, actor=adviser).expected_minutes_saved == 60
    tiny = InventoryEntryFactory(minutes_per_week=1, kind="complex")
    assert services.inventory_entry_convert(entry=tiny, actor=adviser).expected_minutes_saved == 1


def test_converting_onto_an_existing_journey(adviser):
    journey = JourneyFactory(adviser=adviser)
    task = services.inventory_entry_convert(entry=InventoryEntryFactory(), actor=adviser,
                                            journey=journey)
    assert task.journey == journey


def test_converting_onto_another_advisers_journey_is_refused(adviser):
    other = JourneyFactory()
    refuses("Alleen de adviseur", services.inventory_entry_convert,
            entry=InventoryEntryFactory(), actor=adviser, journey=other)
    assert not JourneyTask.objects.exists()


# --- Journeys ----------------------------------------------------------------------------

def test_only_advisers_plan(traveller):
    refuses("reisadviseurs", services.journey_create, actor=traveller, title="Reis")


def test_journey_from_a_standard_journey_copies_its_tasks(adviser):
    standard = StandardJourneyFactory(tasks=["Samenvatten", "Actiepunten"])
    journey = services.journey_start_from_standard(standard_journey=standard, actor=adviser)
    assert [t.work_task for t in journey.tasks.all()] == ["Samenvatten", "Actiepunten"]
    assert [t.order for t in journey.tasks.all()] == [1, 2]
    assert journey.standard_journey == standard


def test_unpublished_standard_journey_cannot_start(adviser):
    standard = StandardJourneyFactory(is_published=False)
    refuses("niet gepubliceerd", services.journey_start_from_standard,
            standard_journey=standard, actor=adviser)


def test_journey_start_needs_travellers_tasks_and_licences(adviser, traveller):
    journey = JourneyFactory(adviser=adviser)
    refuses("reiziger", services.journey_start, journey=journey, actor=adviser)
    journey.memberships.create(traveller=traveller)
    refuses("taak", services.journey_start, journey=journey, actor=adviser)
    JourneyTaskFactory(journey=journey)
    refuses("geen licentie", services.journey_start, journey=journey, actor=adviser)
    core.licence_request(user=traveller)
    services.journey_start(journey=journey, actor=adviser)
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.TRAVELLING
    assert journey.started_at == timezone.localdate()
    assert "journey.started" in actions()
    refuses("planning", services.journey_start, journey=journey, actor=adviser)


def test_another_adviser_cannot_change_the_journey(adviser, make_user):
    journey = JourneyFactory(adviser=adviser)
    other = make_user("adviser")
    refuses("Alleen de adviseur", services.journey_cancel, journey=journey, actor=other)
    refuses("Alleen de adviseur", services.task_add, journey=journey, actor=other,
            work_task="x")


def test_agency_staff_may_change_any_journey(agency_staff):
    journey = JourneyFactory()
    services.journey_cancel(journey=journey, actor=agency_staff)
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.CANCELLED
    refuses("beëindigd", services.journey_cancel, journey=journey, actor=agency_staff)


def test_update_cannot_shrink_seats_below_travellers(adviser, make_user):
    journey = JourneyFactory(adviser=adviser, travellers=[make_user(), make_user()])
    refuses("plaatsen", services.journey_update, journey=journey, actor=adviser, title="R",
            goal="", is_open=True, seats=1)


# --- Joining -----------------------------------------------------------------------------

def test_joining_an_open_journey_assigns_a_licence(traveller):
    journey = JourneyFactory(open_group=True)
    assert services.journey_join(journey=journey, traveller=traveller) == LicenceStatus.ACTIVE
    assert journey.travellers.filter(pk=traveller.pk).exists()
    assert LicenceAssignment.objects.filter(user=traveller).exists()
    assert {"licence.assigned", "journey.joined"} <= set(actions())
    refuses("al op deze reis", services.journey_join, journey=journey, traveller=traveller)


def test_joining_without_a_free_licence_puts_on_the_waiting_list(traveller, agency_staff):
    core.licence_pool_resize(size=0, actor=agency_staff)
    journey = JourneyFactory(open_group=True)
    assert services.journey_join(journey=journey, traveller=traveller) == LicenceStatus.WAITING
    assert not journey.travellers.exists()
    assert LicenceWaitlistEntry.objects.filter(user=traveller).exists()


def test_a_full_journey_refuses(make_user):
    journey = JourneyFactory(is_open=True, seats=1)
    services.journey_join(journey=journey, traveller=make_user("traveller"))
    late = make_user("traveller")
    refuses("vol", services.journey_join, journey=journey, traveller=late)
    assert journey.memberships.count() == 1


def test_a_private_or_ended_journey_cannot_be_joined(traveller):
    refuses("niet open", services.journey_join, journey=JourneyFactory(), traveller=traveller)
    refuses("planning of", services.journey_join,
            journey=JourneyFactory(open_group=True, completed=True), traveller=traveller)


def test_adviser_adds_a_traveller_with_a_licence(adviser, traveller):
    journey = JourneyFactory(adviser=adviser)
    assert services.journey_add_traveller(journey=journey, traveller=traveller,
                                          actor=adviser) == LicenceStatus.ACTIVE


def test_leaving_only_while_planning(traveller):
    journey = JourneyFactory(open_group=True, travellers=[traveller])
    services.journey_leave(journey=journey, traveller=traveller)
    assert not journey.travellers.exists()
    refuses("niet op deze reis", services.journey_leave, journey=journey, traveller=traveller)


def test_requests_land_in_the_queue_once(traveller, adviser):
    req = services.journey_request_create(traveller=traveller, message="Notulen")
    refuses("al een open verzoek", services.journey_request_create, traveller=traveller)
    journey = services.journey_create(actor=adviser, title="Reis", travellers=[traveller],
                                      request=req)
    req.refresh_from_db()
    assert req.status == RequestStatus.HANDLED and req.handled_by == adviser
    assert journey.travellers.get() == traveller
    refuses("al afgehandeld", services.journey_request_handle, request=req, actor=adviser)


# --- Tasks -------------------------------------------------------------------------------

def test_add_edit_move_remove_tasks(adviser):
    journey = JourneyFactory(adviser=adviser)
    a = services.task_add(journey=journey, actor=adviser, work_task="A", tool="copilot_word",
                          expected_minutes_saved=30)
    b = services.task_add(journey=journey, actor=adviser, work_task="B")
    c = services.task_add(journey=journey, actor=adviser, work_task="C")
    assert [t.order for t in (a, b, c)] == [1, 2, 3]
    services.task_move(task=c, actor=adviser, direction="up")
    assert list(journey.tasks.values_list("work_task", flat=True)) == ["A", "C", "B"]
    refuses("bovenaan", services.task_move, task=a, actor=adviser, direction="up")
    services.task_update(task=b, actor=adviser, prompts="Vat samen", expected_minutes_saved=45)
    b.refresh_from_db()
    assert b.prompts == "Vat samen" and b.expected_minutes_saved == 45
    services.task_remove(task=a, actor=adviser)
    assert list(journey.tasks.values_list("work_task", "order")) == [("C", 1), ("B", 2)]
    assert {"task.added", "task.moved", "task.updated", "task.removed"} <= set(actions())


@pytest.mark.parametrize("minutes", [-1, 2401])
def test_task_minutes_are_checked(adviser, minutes):
    journey = JourneyFactory(adviser=adviser)
    refuses("minuten", services.task_add, journey=journey, actor=adviser, work_task="A",
            expected_minutes_saved=minutes)


def test_other_tool_needs_a_name(adviser):
    refuses("andere", services.task_add, journey=JourneyFactory(adviser=adviser),
            actor=adviser, work_task="A", tool="other")


def test_the_customs_path_cleared_testing_adopted(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travelling=True))
    refuses("goedgekeurd", services.task_start_testing, task=task, actor=adviser)
    refuses("goedgekeurd", services.task_adopt, task=task, actor=adviser)
    clearance.task_mark_submitted(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.AT_CUSTOMS and task.submitted_at
    refuses("kan niet worden ingediend", clearance.task_mark_submitted, task=task,
            actor=adviser)
    refuses("Alleen een concept", services.task_update, task=task, actor=adviser, prompts="x")
    refuses("laten vallen", services.task_remove, task=task, actor=adviser)
    clearance.task_record_customs_decision(task=task, decision="cleared_with_measures",
                                           measures=["Alleen op een gemeentelaptop"],
                                           rationale="Persoonsgegevens", actor=None,
                                           review=False)
    task.refresh_from_db()
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES
    assert task.measures == ["Alleen op een gemeentelaptop"] and task.cleared_at
    services.task_start_testing(task=task, actor=adviser)
    services.task_adopt(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.ADOPTED
    # Customs writes the audit entry of the clearance steps (tests/customs); journeys those
    # of its own steps.
    assert actions() == ["task.testing_started", "task.adopted"]


def test_a_task_is_not_adopted_while_its_journey_is_in_planning(adviser):
    journey = JourneyFactory(adviser=adviser)
    task = JourneyTaskFactory(journey=journey, cleared=True)
    refuses("Start eerst de reis", services.task_adopt, task=task, actor=adviser)
    task.refresh_from_db()
    journey.refresh_from_db()
    assert task.status == TaskStatus.CLEARED and journey.status == JourneyStatus.PLANNING
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CANCELLED)
    refuses("afgelopen", services.task_adopt, task=task, actor=adviser)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.TRAVELLING)
    services.task_adopt(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.ADOPTED


def test_excluded_task_never_runs(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), at_customs=True)
    clearance.task_record_customs_decision(task=task, decision="excluded", measures=[],
                                           rationale="Sociaal domein", actor=None,
                                           review=False)
    refuses("goedgekeurd", services.task_start_testing, task=task, actor=adviser)
    refuses("goedgekeurd", services.task_adopt, task=task, actor=adviser)
    refuses("kan niet worden", services.task_drop, task=task, actor=adviser)


def test_sent_back_task_is_edited_and_resubmitted(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), at_customs=True)
    clearance.task_record_customs_decision(task=task, decision="sent_back", measures=[],
                                           rationale="Welke gegevens?", actor=None,
                                           review=False)
    task.refresh_from_db()
    assert task.status == TaskStatus.SENT_BACK
    services.task_update(task=task, actor=adviser, data_involved="Geen persoonsgegevens")
    clearance.task_mark_submitted(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.AT_CUSTOMS


def test_drop_a_draft(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    services.task_drop(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.DROPPED
    refuses("kan niet worden", services.task_drop, task=task, actor=adviser)


def test_tests_are_recorded_while_testing(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, travelling=True, travellers=[traveller])
    task = JourneyTaskFactory(journey=journey)
    refuses("getest", services.task_test_record, task=task, actor=traveller,
            tested_on=timezone.localdate(), outcome="works", measured_minutes=20)
    task = JourneyTaskFactory(journey=journey, testing=True)
    services.task_test_record(task=task, actor=traveller, tested_on=timezone.localdate(),
                              outcome="works", measured_minutes=20, remarks="Goed")
    assert task.tests.count() == 1
    refuses("minuten", services.task_test_record, task=task, actor=traveller,
            tested_on=timezone.localdate(), outcome="works", measured_minutes=3000)
    refuses("toekomst", services.task_test_record, task=task, actor=traveller,
            tested_on=timezone.localdate() + datetime.timedelta(days=2), outcome="works",
            measured_minutes=10)


def test_stranger_cannot_record_a_test(make_user):
    task = JourneyTaskFactory(testing=True)
    refuses("Alleen de adviseur", services.task_test_record, task=task,
            actor=make_user("traveller"), tested_on=timezone.localdate(), outcome="works",
            measured_minutes=10)


# --- Standard journeys -------------------------------------------------------------------

def test_agency_staff_maintain_standard_journeys(agency_staff, adviser):
    task = {"work_task": "Samenvatten", "tool": "copilot_teams", "expected_minutes_saved": 20}
    sj = services.standard_journey_save(
        actor=agency_staff, title="Notuleren", description="", kind="excursion", personas=[],
        function_groups=[], is_published=True, tasks=[task, {**task, "work_task": "Acties"}])
    assert sj.tasks.count() == 2
    refuses("excursie", services.standard_journey_save, actor=agency_staff, title="X",
            description="", kind="excursion", personas=[], function_groups=[],
            is_published=True, tasks=[task] * 3)
    refuses("medewerkers van het reisbureau", services.standard_journey_save, actor=adviser,
            title="X", description="", kind="full", personas=[], function_groups=[],
            is_published=True, tasks=[task])


# --- Evaluation and report ---------------------------------------------------------------

def test_evaluation_completion_applies_verdicts_and_completes(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, evaluating=True, travellers=[traveller])
    keep = JourneyTaskFactory(journey=journey, testing=True)
    drop = JourneyTaskFactory(journey=journey, cleared=True)
    evaluation = EvaluationFactory(journey=journey)
    refuses("elke taak", services.evaluation_complete, evaluation=evaluation, actor=adviser,
            verdicts={keep.pk: Verdict.ADOPT}, works_well="", resistance="", lessons="")
    services.evaluation_complete(
        evaluation=evaluation, actor=adviser,
        verdicts={keep.pk: Verdict.ADOPT, drop.pk: Verdict.DROP},
        works_well="Notulen", resistance="Wantrouwen", lessons="Begin klein")
    keep.refresh_from_db(), drop.refresh_from_db(), journey.refresh_from_db()
    assert (keep.status, drop.status) == (TaskStatus.ADOPTED, TaskStatus.DROPPED)
    assert journey.status == JourneyStatus.COMPLETED
    assert "journey.completed" in actions()
    refuses("al afgerond", services.evaluation_complete, evaluation=evaluation, actor=adviser,
            verdicts={}, works_well="", resistance="", lessons="")


def test_uncleared_task_cannot_be_adopted_in_the_evaluation(adviser):
    journey = JourneyFactory(adviser=adviser, evaluating=True)
    task = JourneyTaskFactory(journey=journey)
    evaluation = EvaluationFactory(journey=journey)
    with pytest.raises(DomainError):
        services.evaluation_complete(evaluation=evaluation, actor=adviser,
                                     verdicts={task.pk: Verdict.ADOPT}, works_well="x",
                                     resistance="", lessons="x")
    evaluation.refresh_from_db(), journey.refresh_from_db()
    assert evaluation.completed_at is None and journey.status == JourneyStatus.EVALUATING


def test_manual_evaluation_only_when_travelling(adviser):
    journey = JourneyFactory(adviser=adviser)
    refuses("onderweg", services.evaluation_create, journey=journey, actor=adviser)
    journey = JourneyFactory(adviser=adviser, travelling=True)
    services.evaluation_create(journey=journey, actor=adviser)
    refuses("al", services.evaluation_create, journey=journey, actor=adviser)


def test_report_only_for_completed_journeys(adviser, traveller, make_user):
    journey = JourneyFactory(adviser=adviser, travelling=True, travellers=[traveller])
    refuses("afgerond", services.report_save, journey=journey, actor=adviser, title="T",
            body="B")
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.COMPLETED)
    refuses("Alleen de adviseur", services.report_save, journey=journey,
            actor=make_user("traveller"), title="T", body="B")
    report = services.report_save(journey=journey, actor=traveller, title="Verslag",
                                  body="**Goed**")
    assert report.published_at and report.author == traveller
    services.report_save(journey=journey, actor=adviser, title="Verslag 2", body="x")
    assert TravelReport.objects.get().title == "Verslag 2"
    assert {"report.published", "report.updated"} <= set(actions())


def test_report_markdown_is_sanitised():
    from tests.journeys.factories import TravelReportFactory

    report = TravelReportFactory(body=(
        "Hallo <script>alert(1)</script> [a](javascript:alert(1)) "
        "<a href='https://x.nl' onclick='e()'>b</a> [c](mailto:a@b.nl)"))
    html = str(report.body_html)
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert 'href="https://x.nl"' in html and 'rel="noopener noreferrer"' in html
    assert 'href="mailto:a@b.nl"' in html


def test_capacity_counts_travellers_on_active_journeys(adviser, make_user):
    from reisbureau import capacity

    a, b = make_user("traveller"), make_user("traveller")
    JourneyFactory(adviser=adviser, travelling=True, travellers=[a, b])
    JourneyFactory(adviser=adviser, travellers=[a])
    JourneyFactory(adviser=adviser, completed=True, travellers=[make_user("traveller")])
    assert capacity.served_now() == 2
    assert capacity.adviser_load() == {adviser.pk: 2}
    assert Evaluation.objects.count() == 0
