"""The one face customs uses to move a task through clearance.

Journeys owns the task's state machine and the rules of a customs decision; customs calls
`task_lock` first (so it reads the task once, locked), does its own checks on that task, and
then `task_mark_submitted` or `task_record_customs_decision`. Journeys never imports customs.

These functions write no audit entry: the caller writes the step's one entry (customs:
"customs.submitted" / "customs.decided", with the task's status before and after), so a step
is recorded once, with what customs knows (submission, risk, session, decision) and what
journeys changed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.services import notification_build, notification_send, notifications_send_many
from reisbureau.textlimits import text_too_long

from .constants import (
    CLEARED_STATUSES,
    EDITABLE_TASK_STATUSES,
    ClearanceDecision,
    JourneyStatus,
    TaskStatus,
)
from .models import Journey, JourneyTask, JourneyTraveller
from .permissions import journeys as journey_policy
from .services._common import _notify_people
from .services.passport import passport_propagate

DECISIONS = (*ClearanceDecision.values, TaskStatus.SENT_BACK)
IN_USE_STATUSES = (*CLEARED_STATUSES, TaskStatus.TESTING, TaskStatus.ADOPTED)
_SAVED = ["status", "measures", "clearance_rationale", "cleared_at", "submitted_at",
          "updated_at"]


# Only a plain "cleared" may go without a rationale: every other decision asks something of
# the adviser or the traveller (measures, stop, more information), so it says why.
RATIONALE_OPTIONAL = (ClearanceDecision.CLEARED,)
MAX_RATIONALE_LENGTH = 5000


class DecisionError(DomainError):
    """A customs decision its rules refuse; `field` names the part at fault (decision,
    measures, rationale), so a form can show the message beside it."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def check_decision(decision: str, measures, rationale: str) -> tuple[list[str], str]:
    """The rules of a customs decision, the only place they are written. Returns the measures
    (stripped, blanks dropped) and the rationale (stripped), or raises DecisionError."""
    if decision not in DECISIONS:
        raise DecisionError(_("Unknown customs decision."), "decision")
    rationale = (rationale or "").strip()
    if not rationale and decision not in RATIONALE_OPTIONAL:
        raise DecisionError(_("This decision needs a rationale: only clearing without "
                              "measures can do without one."), "rationale")
    if len(rationale) > MAX_RATIONALE_LENGTH:
        raise DecisionError(text_too_long(MAX_RATIONALE_LENGTH), "rationale")
    measures = [m.strip() for m in (measures or []) if m and m.strip()]
    if decision == ClearanceDecision.CLEARED_WITH_MEASURES and not measures:
        raise DecisionError(_("Clearing with measures needs at least one measure."), "measures")
    if decision != ClearanceDecision.CLEARED_WITH_MEASURES and measures:
        raise DecisionError(_("Only a task cleared with measures has measures."), "measures")
    return measures, rationale


def _transaction():
    """The outermost atomic block now open, or None: a lock taken in it holds until it ends."""
    connection = transaction.get_connection()
    return connection.atomic_blocks[0] if connection.in_atomic_block else None


def task_lock(task_id) -> JourneyTask:
    """The task, locked (with its journey) before anything else reads it, with its journey's
    adviser and travellers. Call it inside the caller's transaction; passing the task it
    returns to the functions below in that transaction reads it no second time."""
    task = JourneyTask.objects.select_for_update(of=("self", "journey")).select_related(
        "journey__adviser").prefetch_related("journey__travellers").get(pk=task_id)
    task._clearance_lock = _transaction()
    return task


def _locked(task: JourneyTask) -> JourneyTask:
    held = getattr(task, "_clearance_lock", None)
    if held is not None and held is _transaction():
        return task
    return task_lock(task.pk)


def task_mark_submitted(*, task: JourneyTask, actor: User | None) -> JourneyTask:
    """draft/sent back → at customs."""
    with transaction.atomic():
        task = _locked(task)
        if task.journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
            raise DomainError(_("Tasks of a journey that is not planned or travelling cannot "
                                "go to customs."))
        if task.status not in EDITABLE_TASK_STATUSES:
            raise DomainError(_("A task that is “%(status)s” cannot be submitted to customs.")
                              % {"status": task.get_status_display()})
        task.status, task.submitted_at = TaskStatus.AT_CUSTOMS, timezone.now()
        # Submitted on its own, a task no longer runs under its standard journey's passport.
        task.cleared_under = None
        task.save(update_fields=[*_SAVED, "cleared_under"])
        return task


def task_record_customs_decision(*, task: JourneyTask, decision: str, measures: list[str],
                                 rationale: str, actor: User | None,
                                 review: bool) -> JourneyTask:
    """Record a customs decision on the task, and tell its people.

    A first review (`review=False`): at customs → cleared / cleared with measures / excluded /
    sent back. A re-review of a task in use (`review=True`): cleared again, the task keeps its
    place (testing, adopted) with the new measures; excluded or sent back, it leaves use.
    On a standard journey's customs passport, every task running under it follows
    (`services.passport.passport_propagate`), in this transaction.
    """
    measures, rationale = check_decision(decision, measures, rationale)
    with transaction.atomic():
        task = _locked(task)
        if review:
            if task.status not in IN_USE_STATUSES:
                raise DomainError(_("Only a task in use can be re-reviewed; this one is "
                                    "“%(status)s”.") % {"status": task.get_status_display()})
            keep = task.status in (TaskStatus.TESTING, TaskStatus.ADOPTED) and \
                decision in CLEARED_STATUSES
            new = task.status if keep else decision
        elif task.status != TaskStatus.AT_CUSTOMS:
            message = _("Only a task at customs can be sent back; this one is “%(status)s”.") \
                if decision == TaskStatus.SENT_BACK else \
                _("Only a task at customs can get a customs decision; this one is "
                  "“%(status)s”.")
            raise DomainError(message % {"status": task.get_status_display()})
        else:
            new = decision
        task.status = new
        task.measures, task.clearance_rationale = measures, rationale
        task.cleared_at = timezone.now()
        task.save(update_fields=_SAVED)
        _tell(task, measures, review=review)
        if task.journey.passport_for_id is not None:
            # A standard journey's passport: the tasks running under it follow the decision.
            passport_propagate(reference=task, actor=actor)
        return task


def _tell(task: JourneyTask, measures: list[str], *, review: bool) -> None:
    if review:
        _notify_people(task.journey, _("Customs reviewed “%(task)s” again: %(decision)s")
                       % {"task": task.work_task, "decision": task.get_status_display()},
                       url=task.get_absolute_url(), body="\n".join(measures))
    elif task.status == TaskStatus.SENT_BACK:
        notification_send(
            recipient=task.journey.adviser,
            subject=_("Customs sent “%(task)s” back") % {"task": task.work_task},
            body=task.clearance_rationale, url=task.get_absolute_url(),
        )
    else:
        _notify_people(task.journey, _("Customs decided on “%(task)s”: %(decision)s")
                       % {"task": task.work_task, "decision": task.get_status_display()},
                       url=task.get_absolute_url(),
                       body="\n".join([task.clearance_rationale, *measures]))


# --- Back to customs, and a new test after a tool change -----------------------------------

def tasks_tell_people(messages: list[tuple[JourneyTask, str, str]]) -> int:
    """Tell the adviser and the travellers of each task's journey: `(task, subject, body)`,
    one notification per person and task, linking to the task. Two reads and one insert for
    the whole list (tasks loaded with their journey). Returns the notifications sent."""
    if not messages:
        return 0
    journey_ids = {task.journey_id for task, _subject, _body in messages}
    people: dict[int, dict[int, User]] = {}
    for journey in Journey.objects.filter(pk__in=journey_ids).select_related("adviser"):
        people[journey.pk] = {journey.adviser_id: journey.adviser}
    for membership in JourneyTraveller.objects.filter(
            journey_id__in=journey_ids).select_related("traveller"):
        people[membership.journey_id].setdefault(membership.traveller_id, membership.traveller)
    notifications = [
        notification_build(recipient=person, subject=subject, body=body,
                           url=task.get_absolute_url())
        for task, subject, body in messages
        for _pk, person in sorted(people.get(task.journey_id, {}).items())]
    notifications_send_many(notifications)
    return len(notifications)


def tasks_offer_retest(*, task_ids: list[int], reason: str) -> list[JourneyTask]:
    """Dropped tasks offered for a new test because their tool changed (`reason`: what
    changed). Each is marked, so its page offers "test again", and its people are told.
    Tasks no longer dropped are skipped. A fixed number of queries for the whole list."""
    now = timezone.now()
    reason = reason[:300]
    with transaction.atomic():
        tasks = list(JourneyTask.objects.select_for_update(of=("self",)).select_related(
            "journey").filter(pk__in=task_ids, status=TaskStatus.DROPPED).order_by("pk"))
        JourneyTask.objects.filter(pk__in=[t.pk for t in tasks]).update(
            retest_offer=reason, retest_offered_at=now, updated_at=now)
        tasks_tell_people([
            (task, _("“%(task)s” may be tested again: its tool changed")
             % {"task": task.work_task}, reason) for task in tasks])
        return tasks


def task_reopen_for_testing(*, task: JourneyTask, actor: User) -> JourneyTask:
    """dropped (offered for a new test) → testing, by the journey's adviser or a traveller.

    The customs clearance and measures of the task stay; customs, which calls this, puts the
    task on the next session's agenda for the changed tool.
    """
    with transaction.atomic():
        task = _locked(task)
        journey = task.journey
        is_traveller = any(t.pk == actor.pk for t in journey.travellers.all())
        if not journey_policy.can_report_on(actor, journey, is_traveller=is_traveller):
            raise DomainError(_("Only the adviser and the travellers of this journey can "
                                "test this task again."))
        if task.status != TaskStatus.DROPPED or task.retest_offered_at is None:
            raise DomainError(_("Only a dropped task that was offered for a new test can be "
                                "tested again."))
        if journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
            raise DomainError(_("Tasks can only be changed while the journey is planned or "
                                "travelling."))
        task.status = TaskStatus.TESTING
        task.retest_offer, task.retest_offered_at = "", None
        task.save(update_fields=["status", "retest_offer", "retest_offered_at", "updated_at"])
        _notify_people(journey, _("“%(task)s” is being tested again") % {"task": task.work_task},
                       url=task.get_absolute_url(),
                       body=_("%(name)s reopened it for a new test.")
                       % {"name": actor.display_name})
        return task
