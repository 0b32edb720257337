"""The face customs calls: every clearance transition, the illegal ones that change nothing, the
rules of a decision written once, the task locked before it is read, no audit entry of its own
(the caller writes the step's one entry)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from journeys import clearance
from journeys.constants import JourneyStatus, TaskStatus
from journeys.models import JourneyTask
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(adviser, traveller):
    return JourneyFactory(adviser=adviser, travellers=[traveller])


def decide(task, decision, measures=(), rationale="Besproken", review=False):
    return clearance.task_record_customs_decision(
        task=task, decision=decision, measures=list(measures), rationale=rationale,
        actor=None, review=review)


def refuses(message_part, func, *args, **kwargs):
    """Refused with a Dutch message, and the task, the trail and the inboxes unchanged."""
    task = kwargs.get("task")
    before = (task and JourneyTask.objects.filter(pk=task.pk).values().get(),
              AuditEntry.objects.count(), Notification.objects.count())
    with pytest.raises(DomainError) as exc:
        func(*args, **kwargs)
    assert message_part in str(exc.value)
    after = (task and JourneyTask.objects.filter(pk=task.pk).values().get(),
             AuditEntry.objects.count(), Notification.objects.count())
    assert after == before


# --- The rules, once -----------------------------------------------------------------------

@pytest.mark.parametrize("decision, measures, rationale", [
    ("cleared", [], "Besproken"),
    ("cleared", [], "  "),  # a plain clearance may go without a rationale
    ("cleared_with_measures", ["Geen namen", " "], " Besproken "),
    ("excluded", ["", " "], "Sociaal domein"),
    ("sent_back", [], "Welke gegevens?"),
])
def test_check_decision_accepts_the_four_decisions_and_cleans_them(decision, measures,
                                                                    rationale):
    cleaned, why = clearance.check_decision(decision, measures, rationale)
    assert cleaned == [m.strip() for m in measures if m.strip()]
    assert why == rationale.strip()


@pytest.mark.parametrize("decision, measures, rationale, message", [
    ("maybe", [], "x", "Onbekend douanebesluit"),
    ("excluded", [], " ", "heeft een onderbouwing nodig"),
    ("sent_back", [], "", "heeft een onderbouwing nodig"),
    ("cleared_with_measures", ["Geen namen"], "", "heeft een onderbouwing nodig"),
    ("excluded", [], "x" * 5001, "hoogstens 5.000 tekens"),
    ("cleared_with_measures", [" "], "x", "ten minste één maatregel"),
    ("cleared", ["Geen namen"], "x", "met maatregelen is goedgekeurd heeft maatregelen"),
    ("excluded", ["Geen namen"], "x", "met maatregelen is goedgekeurd heeft maatregelen"),
])
def test_check_decision_refuses_in_dutch(decision, measures, rationale, message):
    with pytest.raises(DomainError, match=message):
        clearance.check_decision(decision, measures, rationale)


def test_a_bad_decision_changes_nothing(journey):
    task = JourneyTaskFactory(journey=journey, at_customs=True)
    refuses("maatregel", decide, task=task, decision="cleared_with_measures")
    refuses("Onbekend", decide, task=task, decision="approved")


# --- Submitting ----------------------------------------------------------------------------

@pytest.mark.parametrize("status", [TaskStatus.DRAFT, TaskStatus.SENT_BACK])
def test_a_draft_or_sent_back_task_goes_to_customs(journey, adviser, status):
    task = JourneyTaskFactory(journey=journey, status=status)
    clearance.task_mark_submitted(task=task, actor=adviser)
    task.refresh_from_db()
    assert task.status == TaskStatus.AT_CUSTOMS and task.submitted_at


@pytest.mark.parametrize("status", [TaskStatus.AT_CUSTOMS, TaskStatus.CLEARED,
                                    TaskStatus.TESTING, TaskStatus.EXCLUDED])
def test_only_a_draft_or_sent_back_task_is_submitted(journey, adviser, status):
    task = JourneyTaskFactory(journey=journey, status=status)
    refuses("kan niet worden ingediend", clearance.task_mark_submitted, task=task,
            actor=adviser)


@pytest.mark.parametrize("status", [JourneyStatus.EVALUATING, JourneyStatus.COMPLETED,
                                    JourneyStatus.CANCELLED])
def test_tasks_of_a_journey_past_travelling_are_not_submitted(adviser, status):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, status=status))
    refuses("kunnen niet naar de douane", clearance.task_mark_submitted, task=task,
            actor=adviser)


# --- A first decision ----------------------------------------------------------------------

@pytest.mark.parametrize("decision, measures", [
    ("cleared", []),
    ("cleared_with_measures", ["Alleen op een gemeentelaptop"]),
    ("excluded", []),
])
def test_a_decision_at_customs_moves_the_task_and_tells_adviser_and_travellers(
        journey, adviser, traveller, decision, measures):
    task = JourneyTaskFactory(journey=journey, at_customs=True)
    decide(task, decision, measures, rationale="Persoonsgegevens")
    task.refresh_from_db()
    assert task.status == decision and task.measures == measures
    assert task.clearance_rationale == "Persoonsgegevens" and task.cleared_at
    told = Notification.objects.order_by("recipient_id")
    assert {n.recipient for n in told} == {adviser, traveller}
    assert all("De douane besloot over" in n.subject or "Customs decided" in n.subject
               for n in told)
    assert all(n.body.startswith("Persoonsgegevens") for n in told)


def test_sent_back_tells_only_the_adviser(journey, adviser):
    task = JourneyTaskFactory(journey=journey, at_customs=True)
    decide(task, "sent_back", rationale="Welke gegevens?")
    task.refresh_from_db()
    assert task.status == TaskStatus.SENT_BACK and task.clearance_rationale == "Welke gegevens?"
    [told] = Notification.objects.all()
    assert told.recipient == adviser and told.body == "Welke gegevens?"


@pytest.mark.parametrize("status", [TaskStatus.DRAFT, TaskStatus.SENT_BACK, TaskStatus.CLEARED,
                                    TaskStatus.ADOPTED])
def test_only_a_task_at_customs_gets_a_first_decision(journey, status):
    task = JourneyTaskFactory(journey=journey, status=status)
    refuses("Alleen een taak bij de douane kan een douanebesluit krijgen", decide, task=task,
            decision="cleared")
    refuses("Alleen een taak bij de douane kan worden teruggestuurd", decide, task=task,
            decision="sent_back")


# --- A re-review of a task in use ----------------------------------------------------------

@pytest.mark.parametrize("status", [TaskStatus.TESTING, TaskStatus.ADOPTED])
def test_cleared_again_a_task_keeps_its_place_with_the_new_measures(journey, traveller,
                                                                    status):
    task = JourneyTaskFactory(journey=journey, status=status)
    decide(task, "cleared_with_measures", ["Geen namen"], rationale="Opnieuw bekeken",
           review=True)
    task.refresh_from_db()
    assert task.status == status and task.measures == ["Geen namen"]
    assert task.clearance_rationale == "Opnieuw bekeken"
    assert Notification.objects.filter(recipient=traveller,
                                       body="Geen namen").exists()


def test_a_cleared_task_reviewed_again_takes_the_new_decision(journey):
    task = JourneyTaskFactory(journey=journey, status=TaskStatus.CLEARED)
    decide(task, "cleared_with_measures", ["Geen namen"], review=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES


@pytest.mark.parametrize("decision", ["excluded", "sent_back"])
def test_excluded_or_sent_back_a_task_leaves_use(journey, decision):
    task = JourneyTaskFactory(journey=journey, status=TaskStatus.ADOPTED)
    decide(task, decision, review=True)
    task.refresh_from_db()
    assert task.status == decision


@pytest.mark.parametrize("status", [TaskStatus.DRAFT, TaskStatus.AT_CUSTOMS,
                                    TaskStatus.EXCLUDED, TaskStatus.DROPPED])
def test_only_a_task_in_use_is_re_reviewed(journey, status):
    task = JourneyTaskFactory(journey=journey, status=status)
    refuses("Alleen een taak in gebruik", decide, task=task, decision="cleared", review=True)


# --- Locking and reading once --------------------------------------------------------------

def _task_queries(ctx):
    return [q["sql"] for q in ctx.captured_queries if "journeys_journeytask" in q["sql"]]


@pytest.mark.parametrize("step", ["submit", "decide", "review"])
def test_the_task_is_locked_before_it_is_read(journey, adviser, step):
    status = {"submit": TaskStatus.DRAFT, "decide": TaskStatus.AT_CUSTOMS,
              "review": TaskStatus.ADOPTED}[step]
    task = JourneyTask.objects.get(pk=JourneyTaskFactory(journey=journey, status=status).pk)
    with CaptureQueriesContext(connection) as ctx:
        if step == "submit":
            clearance.task_mark_submitted(task=task, actor=adviser)
        else:
            decide(task, "cleared", review=step == "review")
    first = _task_queries(ctx)[0]
    assert first.startswith("SELECT")
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in first


def test_a_task_locked_in_the_same_transaction_is_read_once(journey):
    pk = JourneyTaskFactory(journey=journey, at_customs=True).pk
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        task = clearance.task_lock(pk)
        decide(task, "cleared")
    reads = [sql for sql in _task_queries(ctx) if sql.startswith("SELECT")]
    assert len(reads) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_locked_in_an_earlier_transaction_is_locked_again(adviser):
    pk = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), at_customs=True).pk
    with transaction.atomic():
        task = clearance.task_lock(pk)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        decide(task, "cleared")
    reads = [sql for sql in _task_queries(ctx) if sql.startswith("SELECT")]
    assert len(reads) == 1


def test_the_face_writes_no_audit_entry_of_its_own(journey, adviser):
    task = JourneyTaskFactory(journey=journey)
    clearance.task_mark_submitted(task=task, actor=adviser)
    decide(task, "cleared")
    decide(task, "excluded", review=True)
    assert not AuditEntry.objects.exists()
