"""Tasks of a journey: planning them, testing, adopting and dropping.

Customs moves a task through clearance with `journeys.clearance`, not with these.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User

from ..constants import (
    ACTIVE_JOURNEY_STATUSES,
    CLEARED_STATUSES,
    EDITABLE_TASK_STATUSES,
    JourneyStatus,
    TaskStatus,
    Tool,
)
from ..models import (
    InventoryEntry,
    Journey,
    JourneyTask,
    MeasureAcknowledgement,
    TaskTest,
    measures_fingerprint,
)
from ..selectors import MEASURES_FIRST, traveller_must_acknowledge
from ..permissions import journeys as journey_policy
from ._common import (
    _check_minutes,
    _locked_journey,
    _locked_task,
    _require_journey_owner,
)
from .passport import passport_leave_if_changed, refuse_on_passport

TASK_FIELDS = ("work_task", "approach", "tool", "tool_other", "prompts", "data_involved",
               "expected_minutes_saved")


# --- Tasks -------------------------------------------------------------------------------

def _renumber(journey: Journey) -> None:
    tasks = list(JourneyTask.objects.filter(journey=journey).order_by("order", "pk"))
    for index, task in enumerate(tasks, start=1):
        if task.order != index:
            task.order = index
            task.save(update_fields=["order"])


def _require_plannable(journey: Journey) -> None:
    if journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
        raise DomainError(_("Tasks can only be changed while the journey is planned or "
                            "travelling."))


def _check_task_fields(fields: dict) -> dict:
    fields["work_task"] = (fields.get("work_task") or "").strip()
    if not fields["work_task"]:
        raise DomainError(_("Describe the work task."))
    fields["expected_minutes_saved"] = _check_minutes(
        fields.get("expected_minutes_saved") or 0, allow_zero=True)
    if fields.get("tool") == Tool.OTHER and not (fields.get("tool_other") or "").strip():
        raise DomainError(_("Name the other approved tool."))
    return fields


def task_add(*, journey: Journey, actor: User, work_task: str, approach: str = "",
             tool: str = Tool.CHAT, tool_other: str = "", prompts: str = "",
             data_involved: str = "", expected_minutes_saved: int = 0,
             baseline_minutes: int | None = None,
             inventory_entry: InventoryEntry | None = None) -> JourneyTask:
    fields = _check_task_fields({
        "work_task": work_task, "approach": approach, "tool": tool, "tool_other": tool_other,
        "prompts": prompts, "data_involved": data_involved,
        "expected_minutes_saved": expected_minutes_saved,
    })
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        _require_plannable(journey)
        last = journey.tasks.aggregate(m=Max("order"))["m"] or 0
        task = JourneyTask(journey=journey, order=last + 1, baseline_minutes=baseline_minutes,
                           inventory_entry=inventory_entry, **fields)
        _clean(task)
        task.save()
        audit_log(actor=actor, action="task.added", target=task, data={"journey": journey.pk})
        return task


def task_update(*, task: JourneyTask, actor: User, **fields) -> JourneyTask:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise DomainError(_("This field cannot be changed here."))
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        refuse_on_passport(task.journey)
        _require_plannable(task.journey)
        if task.status not in EDITABLE_TASK_STATUSES:
            raise DomainError(_("Only a draft or sent-back task can be changed: customs "
                                "reviewed this version."))
        merged = _check_task_fields({**{f: getattr(task, f) for f in TASK_FIELDS}, **fields})
        changed = {}
        for name, value in merged.items():
            if getattr(task, name) != value:
                changed[name] = str(value)[:200]
                setattr(task, name, value)
        _clean(task)
        if changed:
            left = passport_leave_if_changed(task)
            task.save(update_fields=[*changed, "updated_at", *(["cleared_under"] if left
                                                               else [])])
            audit_log(actor=actor, action="task.updated", target=task,
                      data={**changed, **({"left_passport": True} if left else {})})
        return task


def task_remove(*, task: JourneyTask, actor: User) -> None:
    with transaction.atomic():
        task = _locked_task(task)
        journey = task.journey
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        _require_plannable(journey)
        if task.status not in EDITABLE_TASK_STATUSES:
            raise DomainError(_("A task that went to customs cannot be removed; drop it "
                                "instead, so its history stays."))
        audit_log(actor=actor, action="task.removed", target=task, data={"journey": journey.pk})
        task.delete()  # the time-eater's link is cleared by SET_NULL: it can be converted again
        _renumber(journey)


def task_move(*, task: JourneyTask, actor: User, direction: str) -> JourneyTask:
    """Move a task one place up or down in its journey."""
    if direction not in ("up", "down"):
        raise DomainError(_("Unknown direction."))
    with transaction.atomic():
        journey = _locked_journey(task.journey)
        _require_journey_owner(journey, actor)
        if journey.status not in ACTIVE_JOURNEY_STATUSES:
            raise DomainError(_("A completed or cancelled journey cannot be changed."))
        _renumber(journey)
        tasks = list(journey.tasks.order_by("order", "pk"))
        index = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0 or other >= len(tasks):
            raise DomainError(_("This task is already at the top.") if direction == "up"
                              else _("This task is already at the bottom."))
        a, b = tasks[index], tasks[other]
        a.order, b.order = b.order, a.order
        a.save(update_fields=["order"])
        b.save(update_fields=["order"])
        audit_log(actor=actor, action="task.moved", target=a,
                  data={"direction": direction, "order": a.order})
        return a


def _transition(task: JourneyTask, allowed: tuple, new: str, actor, action: str,
                message: str, **data) -> JourneyTask:
    if task.status not in allowed:
        raise DomainError(message % {"status": task.get_status_display()})
    old = task.status
    task.status = new
    task.save(update_fields=["status", "measures", "clearance_rationale", "cleared_at",
                             "submitted_at", "updated_at"])
    audit_log(actor=actor, action=action, target=task,
              data={"from": old, "to": new, "journey": task.journey_id, **data})
    return task


def task_start_testing(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        refuse_on_passport(task.journey)
        _require_plannable(task.journey)
        return _transition(task, CLEARED_STATUSES, TaskStatus.TESTING, actor,
                           "task.testing_started",
                           _("Only a task cleared by customs can be tested; this one is "
                             "“%(status)s”."))


def task_adopt(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        refuse_on_passport(task.journey)
        if task.status in (*CLEARED_STATUSES, TaskStatus.TESTING):
            _require_travelling(task.journey)  # else _adopt names what the task lacks
        return _adopt(task, actor)


def _require_travelling(journey: Journey) -> None:
    # A task is adopted (taken into daily use) only on a journey under way: starting the
    # journey checks travellers, licences and tasks, and starts the three-month clock, so
    # adopting does not do that behind the adviser's back. The evaluation adopts through
    # `_adopt` while the journey is evaluating.
    if journey.status == JourneyStatus.PLANNING:
        raise DomainError(_("Start the journey first: a task is adopted only while its "
                            "journey is under way."))
    if journey.status not in (JourneyStatus.TRAVELLING, JourneyStatus.EVALUATING):
        raise DomainError(_("This journey has ended: its tasks can no longer be adopted."))


def _adopt(task, actor):
    return _transition(task, (*CLEARED_STATUSES, TaskStatus.TESTING), TaskStatus.ADOPTED,
                       actor, "task.adopted",
                       _("Only a task cleared by customs can be adopted; this one is "
                         "“%(status)s”."))


def task_drop(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        refuse_on_passport(task.journey)
        return _drop(task, actor)


def _drop(task, actor):
    return _transition(
        task, (*EDITABLE_TASK_STATUSES, *CLEARED_STATUSES, TaskStatus.TESTING),
        TaskStatus.DROPPED, actor, "task.dropped",
        _("A task that is “%(status)s” cannot be dropped."))


def task_test_refusal(*, task: JourneyTask, actor: User) -> str | None:
    """Why `actor` may not record a test of `task` now, or None when they may. The test form
    (journeys.task_test_views) asks before it shows it, `task_test_record` before it saves."""
    journey = task.journey
    is_traveller = journey.memberships.filter(traveller=actor).exists()
    if not journey_policy.can_report_on(actor, journey, is_traveller=is_traveller):
        return _("Only the adviser and the travellers of this journey record tests.")
    if task.status not in (TaskStatus.TESTING, TaskStatus.ADOPTED):
        return _("Tests are recorded while a task is being tested; this one is "
                 "“%(status)s”.") % {"status": task.get_status_display()}
    if is_traveller and traveller_must_acknowledge(task, actor):
        return str(MEASURES_FIRST)
    return None


def task_test_record(*, task: JourneyTask, actor: User, tested_on: date, outcome: str,
                     measured_minutes: int, remarks: str = "") -> TaskTest:
    measured_minutes = _check_minutes(measured_minutes, allow_zero=True)
    with transaction.atomic():
        task = _locked_task(task)
        refusal = task_test_refusal(task=task, actor=actor)
        if refusal:
            raise DomainError(refusal)
        if tested_on > timezone.localdate():
            raise DomainError(_("A test date cannot be in the future."))
        test = TaskTest(task=task, tested_on=tested_on, outcome=outcome,
                        measured_minutes=measured_minutes, remarks=remarks, recorded_by=actor)
        _clean(test)
        test.save()
        audit_log(actor=actor, action="task.test_recorded", target=task,
                  data={"outcome": outcome, "measured_minutes": measured_minutes})
        return test


# --- Measures a traveller confirms before using a task --------------------------------------

def measures_acknowledge(*, task: JourneyTask, traveller: User) -> MeasureAcknowledgement:
    """A traveller of the journey confirms having read the task's current measures. Once per
    set of measures: confirming the same set again changes nothing."""
    with transaction.atomic():
        task = _locked_task(task)
        if not task.journey.memberships.filter(traveller=traveller).exists():
            raise DomainError(_("Only the travellers of this journey confirm its measures."))
        if not task.measures or task.status not in (
                TaskStatus.CLEARED_WITH_MEASURES, TaskStatus.TESTING, TaskStatus.ADOPTED):
            raise DomainError(_("This task has no measures to confirm."))
        fingerprint = measures_fingerprint(task.measures)
        existing = MeasureAcknowledgement.objects.filter(
            task=task, traveller=traveller, measures_hash=fingerprint).first()
        if existing is not None:
            return existing
        acknowledgement = MeasureAcknowledgement(
            task=task, traveller=traveller, measures=list(task.measures),
            measures_hash=fingerprint, acknowledged_at=timezone.now())
        _clean(acknowledgement)
        acknowledgement.save()
        audit_log(actor=traveller, action="task.measures_acknowledged", target=task,
                  data={"journey": task.journey_id, "traveller": traveller.pk,
                        "acknowledgement": acknowledgement.pk,
                        "measures": len(acknowledgement.measures)})
        return acknowledgement
