"""Every write of journeys. Keyword-only, one transaction each, audited.

Customs (a later app) moves tasks through `task_mark_submitted`, `task_record_clearance` and
`task_send_back`; journeys never imports customs and enforces "no use before clearance" from
its own fields.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.batching import in_batches
from reisbureau.constants import LicenceStatus, Role
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.services import (
    licence_request,
    notification_build,
    notification_send,
    notifications_send_many,
)

from ..constants import (
    ACTIVE_JOURNEY_STATUSES,
    CLEARED_STATUSES,
    EDITABLE_TASK_STATUSES,
    MAX_MINUTES_PER_WEEK,
    ClearanceDecision,
    JourneyStatus,
    RequestStatus,
    StandardJourneyKind,
    TaskStatus,
    Tool,
    Verdict,
)
from ..models import (
    Evaluation,
    EvaluationTaskVerdict,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    JourneyTraveller,
    StandardJourney,
    StandardTask,
    TaskTest,
    TravelReport,
)

TASK_FIELDS = ("work_task", "approach", "tool", "tool_other", "prompts", "data_involved",
               "expected_minutes_saved")


def _check_minutes(value, *, allow_zero: bool) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the minutes as a whole number.")) from None
    low = 0 if allow_zero else 1
    if value < low or value > MAX_MINUTES_PER_WEEK:
        raise DomainError(
            _("Enter between %(low)s and %(high)s minutes a week (a working week has 2,400).")
            % {"low": low, "high": MAX_MINUTES_PER_WEEK}
        )
    return value


def _is_agency(user) -> bool:
    return user.is_superuser or user.has_role(Role.AGENCY_STAFF)


def _require_adviser(user) -> None:
    if not (_is_agency(user) or user.has_role(Role.ADVISER)):
        raise DomainError(_("Only travel advisers plan journeys."))


def _require_journey_owner(journey: Journey, actor) -> None:
    if not (_is_agency(actor) or journey.adviser_id == actor.pk):
        raise DomainError(_("Only the adviser of this journey can change it."))


def _locked_journey(journey: Journey) -> Journey:
    return Journey.objects.select_for_update().get(pk=journey.pk)


def _locked_task(task: JourneyTask) -> JourneyTask:
    return JourneyTask.objects.select_for_update().select_related("journey").get(pk=task.pk)


# --- Task inventory ----------------------------------------------------------------------

def inventory_entry_create(
    *, employee: User, actor: User, title: str, frequency: str, minutes_per_week: int,
    kind: str, description: str = "", data_touched: str = "",
) -> InventoryEntry:
    minutes_per_week = _check_minutes(minutes_per_week, allow_zero=False)
    if employee != actor and not (_is_agency(actor) or actor.has_role(Role.ADVISER)):
        raise DomainError(_("Only travel advisers record tasks for colleagues."))
    with transaction.atomic():
        entry = InventoryEntry(
            employee=employee, recorded_by=actor, title=title.strip(), description=description,
            frequency=frequency, minutes_per_week=minutes_per_week, kind=kind,
            data_touched=data_touched,
        )
        _clean(entry)
        entry.save()
        audit_log(actor=actor, action="inventory.entry_created", target=entry,
                  data={"employee": employee.email, "minutes_per_week": minutes_per_week})
        return entry


def inventory_workshop_record(*, actor: User, rows: list[dict]) -> list[InventoryEntry]:
    """An adviser records the tasks of several employees at once (a workshop). All or none."""
    _require_adviser(actor)
    if not rows:
        raise DomainError(_("Fill in at least one row."))
    with transaction.atomic():
        return [inventory_entry_create(actor=actor, **row) for row in rows]


def _task_from_entry(entry: InventoryEntry) -> dict:
    return {"work_task": entry.title[:200], "data_involved": entry.data_touched,
            "approach": entry.description, "baseline_minutes": entry.minutes_per_week}


def inventory_entry_convert(
    *, entry: InventoryEntry, actor: User, journey: Journey | None = None,
) -> JourneyTask:
    """Turn a time-eater into a task: on an existing journey, or on a new one for its employee."""
    _require_adviser(actor)
    with transaction.atomic():
        entry = InventoryEntry.objects.select_for_update().select_related("employee").get(
            pk=entry.pk)
        if entry.converted_task_id:
            raise DomainError(_("This time-eater is already a task on a journey."))
        if journey is None:
            journey = journey_create(
                actor=actor, title=_("Journey of %(name)s") % {"name": entry.employee},
                goal=_("Save time on: %(task)s") % {"task": entry.title},
                travellers=[entry.employee],
            )
        task = task_add(journey=journey, actor=actor, **_task_from_entry(entry),
                        inventory_entry=entry)
        entry.converted_task = task
        entry.save(update_fields=["converted_task"])
        audit_log(actor=actor, action="inventory.entry_converted", target=entry,
                  data={"journey": journey.pk, "task": task.pk})
        return task


# --- Journeys ----------------------------------------------------------------------------

def journey_create(
    *, actor: User, title: str, goal: str = "", travellers: list[User] | None = None,
    is_open: bool = False, seats: int | None = None,
    standard_journey: StandardJourney | None = None, adviser: User | None = None,
    request: JourneyRequest | None = None,
) -> Journey:
    _require_adviser(actor)
    adviser = adviser or actor
    if not (adviser.has_role(Role.ADVISER) or _is_agency(adviser)):
        raise DomainError(_("The adviser of a journey must be a travel adviser."))
    travellers = list(dict.fromkeys(travellers or []))
    if seats is not None and len(travellers) > seats:
        raise DomainError(_("This journey has %(seats)s seats; you named %(count)s travellers.")
                          % {"seats": seats, "count": len(travellers)})
    with transaction.atomic():
        journey = Journey(title=(title or "").strip(), goal=goal, adviser=adviser,
                          is_open=is_open, seats=seats, standard_journey=standard_journey)
        _clean(journey)
        journey.save()
        for traveller in travellers:
            JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        if standard_journey is not None:
            for st in standard_journey.tasks.all():
                JourneyTask.objects.create(
                    journey=journey, order=st.order, work_task=st.work_task,
                    approach=st.approach, tool=st.tool, prompts=st.prompts,
                    expected_minutes_saved=st.expected_minutes_saved,
                )
            _renumber(journey)
        audit_log(actor=actor, action="journey.created", target=journey, data={
            "travellers": [t.email for t in travellers],
            "standard_journey": standard_journey.pk if standard_journey else None,
        })
        if request is not None:
            journey_request_handle(request=request, actor=actor)
        for traveller in travellers:
            _welcome(journey, traveller)
        return journey


def _welcome(journey: Journey, traveller: User) -> None:
    notification_send(
        recipient=traveller,
        subject=_("You are on the journey “%(title)s”") % {"title": journey.title},
        body=_("Your travel adviser %(adviser)s plans this journey with you.")
        % {"adviser": journey.adviser},
        url=journey.get_absolute_url(),
    )


def journey_update(*, journey: Journey, actor: User, title: str, goal: str, is_open: bool,
                   seats: int | None) -> Journey:
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        if journey.status not in ACTIVE_JOURNEY_STATUSES:
            raise DomainError(_("A completed or cancelled journey cannot be changed."))
        taken = journey.memberships.count()
        if seats is not None and seats < taken:
            raise DomainError(_("%(count)s travellers are on this journey; the seats cannot be "
                                "fewer.") % {"count": taken})
        journey.title, journey.goal, journey.is_open, journey.seats = title, goal, is_open, seats
        _clean(journey)
        journey.save(update_fields=["title", "goal", "is_open", "seats", "updated_at"])
        audit_log(actor=actor, action="journey.updated", target=journey,
                  data={"is_open": is_open, "seats": seats})
        return journey


def _set_status(journey: Journey, status: str, actor, action: str, **extra) -> None:
    old = journey.status
    journey.status = status
    fields = ["status", "updated_at"]
    for name, value in extra.items():
        setattr(journey, name, value)
        fields.append(name)
    journey.save(update_fields=fields)
    audit_log(actor=actor, action=action, target=journey, data={"from": old, "to": status})


def journey_start(*, journey: Journey, actor: User) -> Journey:
    """planning → travelling. Needs travellers with a licence and at least one task."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        if journey.status != JourneyStatus.PLANNING:
            raise DomainError(_("Only a journey in planning can start."))
        travellers = list(journey.travellers.select_related("licence"))
        if not travellers:
            raise DomainError(_("Add at least one traveller before the journey starts."))
        if not journey.tasks.exists():
            raise DomainError(_("Add at least one task before the journey starts."))
        without = [str(t) for t in travellers if not hasattr(t, "licence")]
        if without:
            raise DomainError(_("These travellers have no licence yet: %(names)s.")
                              % {"names": ", ".join(without)})
        _set_status(journey, JourneyStatus.TRAVELLING, actor, "journey.started",
                    started_at=timezone.localdate())
        for traveller in travellers:
            notification_send(
                recipient=traveller,
                subject=_("Your journey “%(title)s” has started") % {"title": journey.title},
                url=journey.get_absolute_url(),
            )
        return journey


def journey_cancel(*, journey: Journey, actor: User) -> Journey:
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        if journey.status not in ACTIVE_JOURNEY_STATUSES:
            raise DomainError(_("This journey has already ended."))
        _set_status(journey, JourneyStatus.CANCELLED, actor, "journey.cancelled")
        return journey


def journey_add_traveller(*, journey: Journey, traveller: User, actor: User) -> str:
    """The adviser adds a traveller. Returns the traveller's licence status."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        _check_room(journey, traveller)
        status = licence_request(user=traveller, actor=actor)
        JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        audit_log(actor=actor, action="journey.traveller_added", target=journey,
                  data={"traveller": traveller.email, "licence": status})
        _welcome(journey, traveller)
        return status


def _check_room(journey: Journey, traveller: User) -> None:
    if journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
        raise DomainError(_("Travellers can only join a journey in planning or travelling."))
    if journey.memberships.filter(traveller=traveller).exists():
        raise DomainError(_("%(name)s is already on this journey.") % {"name": traveller})
    if journey.seats is not None and journey.memberships.count() >= journey.seats:
        raise DomainError(_("This journey is full: all %(seats)s seats are taken.")
                          % {"seats": journey.seats})


def journey_join(*, journey: Journey, traveller: User) -> str:
    """A traveller joins an open group journey.

    Travelling needs a licence: one is assigned from the pool; when none is free the traveller
    goes on the licence waiting list and does not join yet (LicenceStatus.WAITING is returned).
    """
    with transaction.atomic():
        journey = _locked_journey(journey)
        if not journey.is_open:
            raise DomainError(_("This journey is not open to join."))
        _check_room(journey, traveller)
        status = licence_request(user=traveller, actor=traveller,
                                 reason=_("Joining the journey “%(title)s”")
                                 % {"title": journey.title})
        if status != LicenceStatus.ACTIVE:
            return status
        JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        audit_log(actor=traveller, action="journey.joined", target=journey,
                  data={"traveller": traveller.email})
        notification_send(
            recipient=journey.adviser,
            subject=_("%(name)s joined “%(title)s”") % {"name": traveller,
                                                        "title": journey.title},
            url=journey.get_absolute_url(),
        )
        return status


def journey_leave(*, journey: Journey, traveller: User) -> None:
    with transaction.atomic():
        journey = _locked_journey(journey)
        if journey.status != JourneyStatus.PLANNING:
            raise DomainError(_("You can only leave a journey while it is being planned."))
        deleted, _details = journey.memberships.filter(traveller=traveller).delete()
        if not deleted:
            raise DomainError(_("You are not on this journey."))
        audit_log(actor=traveller, action="journey.left", target=journey,
                  data={"traveller": traveller.email})


# --- Journey requests --------------------------------------------------------------------

def journey_request_create(*, traveller: User, message: str = "",
                           standard_journey: StandardJourney | None = None) -> JourneyRequest:
    with transaction.atomic():
        if JourneyRequest.objects.filter(traveller=traveller, status=RequestStatus.OPEN,
                                         standard_journey=standard_journey).exists():
            raise DomainError(_("You already have an open request for this; an adviser will "
                                "contact you."))
        req = JourneyRequest(traveller=traveller, message=message[:4000],
                             standard_journey=standard_journey)
        _clean(req)
        req.save()
        audit_log(actor=traveller, action="journey.requested", target=req,
                  data={"standard_journey": standard_journey.pk if standard_journey else None})
        return req


def journey_request_handle(*, request: JourneyRequest, actor: User) -> JourneyRequest:
    _require_adviser(actor)
    with transaction.atomic():
        request = JourneyRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.OPEN:
            raise DomainError(_("This request has already been handled."))
        request.status, request.handled_by = RequestStatus.HANDLED, actor
        request.handled_at = timezone.now()
        request.save(update_fields=["status", "handled_by", "handled_at"])
        audit_log(actor=actor, action="journey.request_handled", target=request)
        return request


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
            task.save(update_fields=[*changed, "updated_at"])
            audit_log(actor=actor, action="task.updated", target=task, data=changed)
        return task


def task_remove(*, task: JourneyTask, actor: User) -> None:
    with transaction.atomic():
        task = _locked_task(task)
        journey = task.journey
        _require_journey_owner(journey, actor)
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


def task_mark_submitted(*, task: JourneyTask, actor: User) -> JourneyTask:
    """draft/sent back → at customs. Called by customs when a task is submitted."""
    with transaction.atomic():
        task = _locked_task(task)
        if task.journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
            raise DomainError(_("Tasks of a journey that is not planned or travelling cannot "
                                "go to customs."))
        task.submitted_at = timezone.now()
        return _transition(task, EDITABLE_TASK_STATUSES, TaskStatus.AT_CUSTOMS, actor,
                           "task.submitted",
                           _("A task that is “%(status)s” cannot be submitted to customs."))


def task_record_clearance(*, task: JourneyTask, decision: str, measures: list[str],
                          rationale: str, actor: User | None) -> JourneyTask:
    """at customs → cleared / cleared with measures / excluded. Called by customs only."""
    if decision not in ClearanceDecision.values:
        raise DomainError(_("Unknown customs decision."))
    measures = [m.strip() for m in (measures or []) if m and m.strip()]
    if decision == ClearanceDecision.CLEARED_WITH_MEASURES and not measures:
        raise DomainError(_("Clearing with measures needs at least one measure."))
    if decision != ClearanceDecision.CLEARED_WITH_MEASURES and measures:
        raise DomainError(_("Only a task cleared with measures has measures."))
    if not (rationale or "").strip():
        raise DomainError(_("Every customs decision needs a rationale."))
    with transaction.atomic():
        task = _locked_task(task)
        if task.status != TaskStatus.AT_CUSTOMS:
            raise DomainError(_("Only a task at customs can get a customs decision; this one "
                                "is “%(status)s”.") % {"status": task.get_status_display()})
        task.measures, task.clearance_rationale = measures, rationale.strip()
        task.cleared_at = timezone.now()
        task = _transition(task, (TaskStatus.AT_CUSTOMS,), decision, actor, "task.cleared",
                           "%(status)s", decision=decision, measures=measures)
        _notify_people(task.journey, _("Customs decided on “%(task)s”: %(decision)s")
                       % {"task": task.work_task, "decision": task.get_status_display()},
                       url=task.get_absolute_url(),
                       body="\n".join([task.clearance_rationale, *measures]))
        return task


def task_send_back(*, task: JourneyTask, rationale: str, actor: User | None) -> JourneyTask:
    """at customs → sent back: customs asks the adviser to change the task first."""
    if not (rationale or "").strip():
        raise DomainError(_("Say why the task is sent back."))
    with transaction.atomic():
        task = _locked_task(task)
        if task.status != TaskStatus.AT_CUSTOMS:
            raise DomainError(_("Only a task at customs can be sent back; this one is "
                                "“%(status)s”.") % {"status": task.get_status_display()})
        task.clearance_rationale, task.cleared_at = rationale.strip(), timezone.now()
        task = _transition(task, (TaskStatus.AT_CUSTOMS,), TaskStatus.SENT_BACK, actor,
                           "task.sent_back", "%(status)s")
        notification_send(
            recipient=task.journey.adviser,
            subject=_("Customs sent “%(task)s” back") % {"task": task.work_task},
            body=task.clearance_rationale, url=task.get_absolute_url(),
        )
        return task


REVIEWABLE_STATUSES = (*CLEARED_STATUSES, TaskStatus.TESTING, TaskStatus.ADOPTED)


def task_record_review(*, task: JourneyTask, decision: str, measures: list[str],
                       rationale: str, actor: User | None) -> JourneyTask:
    """Customs re-reviewed a task in use (its decision aged or its tool changed).

    Cleared again: the task keeps its place (testing, adopted) with the new measures. Excluded
    or sent back: it leaves use. Called by customs only.
    """
    if decision not in (*ClearanceDecision.values, TaskStatus.SENT_BACK):
        raise DomainError(_("Unknown customs decision."))
    measures = [m.strip() for m in (measures or []) if m and m.strip()]
    if decision == ClearanceDecision.CLEARED_WITH_MEASURES and not measures:
        raise DomainError(_("Clearing with measures needs at least one measure."))
    if decision != ClearanceDecision.CLEARED_WITH_MEASURES and measures:
        raise DomainError(_("Only a task cleared with measures has measures."))
    if not (rationale or "").strip():
        raise DomainError(_("Every customs decision needs a rationale."))
    with transaction.atomic():
        task = _locked_task(task)
        if task.status not in REVIEWABLE_STATUSES:
            raise DomainError(_("Only a task in use can be re-reviewed; this one is "
                                "“%(status)s”.") % {"status": task.get_status_display()})
        keep = task.status in (TaskStatus.TESTING, TaskStatus.ADOPTED) and decision in (
            ClearanceDecision.CLEARED, ClearanceDecision.CLEARED_WITH_MEASURES)
        new = task.status if keep else decision
        task.measures, task.clearance_rationale = measures, rationale.strip()
        task.cleared_at = timezone.now()
        task = _transition(task, REVIEWABLE_STATUSES, new, actor, "task.rereviewed",
                           "%(status)s", decision=decision, measures=measures)
        _notify_people(task.journey, _("Customs reviewed “%(task)s” again: %(decision)s")
                       % {"task": task.work_task, "decision": task.get_status_display()},
                       url=task.get_absolute_url(), body="\n".join(measures))
        return task


def task_start_testing(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        _require_plannable(task.journey)
        return _transition(task, CLEARED_STATUSES, TaskStatus.TESTING, actor,
                           "task.testing_started",
                           _("Only a task cleared by customs can be tested; this one is "
                             "“%(status)s”."))


def task_adopt(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        return _adopt(task, actor)


def _adopt(task, actor):
    return _transition(task, (*CLEARED_STATUSES, TaskStatus.TESTING), TaskStatus.ADOPTED,
                       actor, "task.adopted",
                       _("Only a task cleared by customs can be adopted; this one is "
                         "“%(status)s”."))


def task_drop(*, task: JourneyTask, actor: User) -> JourneyTask:
    with transaction.atomic():
        task = _locked_task(task)
        _require_journey_owner(task.journey, actor)
        return _drop(task, actor)


def _drop(task, actor):
    return _transition(
        task, (*EDITABLE_TASK_STATUSES, *CLEARED_STATUSES, TaskStatus.TESTING),
        TaskStatus.DROPPED, actor, "task.dropped",
        _("A task that is “%(status)s” cannot be dropped."))


def task_test_record(*, task: JourneyTask, actor: User, tested_on: date, outcome: str,
                     measured_minutes: int, remarks: str = "") -> TaskTest:
    measured_minutes = _check_minutes(measured_minutes, allow_zero=True)
    with transaction.atomic():
        task = _locked_task(task)
        journey = task.journey
        is_traveller = journey.memberships.filter(traveller=actor).exists()
        if not (is_traveller or _is_agency(actor) or journey.adviser_id == actor.pk):
            raise DomainError(_("Only the adviser and the travellers of this journey record "
                                "tests."))
        if task.status not in (TaskStatus.TESTING, TaskStatus.ADOPTED):
            raise DomainError(_("Tests are recorded while a task is being tested; this one is "
                                "“%(status)s”.") % {"status": task.get_status_display()})
        if tested_on > timezone.localdate():
            raise DomainError(_("A test date cannot be in the future."))
        test = TaskTest(task=task, tested_on=tested_on, outcome=outcome,
                        measured_minutes=measured_minutes, remarks=remarks, recorded_by=actor)
        _clean(test)
        test.save()
        audit_log(actor=actor, action="task.test_recorded", target=task,
                  data={"outcome": outcome, "measured_minutes": measured_minutes})
        return test


# --- Standard journeys -------------------------------------------------------------------

def standard_journey_save(
    *, actor: User, title: str, description: str, kind: str, personas, function_groups,
    is_published: bool, tasks: list[dict], standard_journey: StandardJourney | None = None,
) -> StandardJourney:
    if not _is_agency(actor):
        raise DomainError(_("Only agency staff maintain standard journeys."))
    tasks = [t for t in tasks if (t.get("work_task") or "").strip()]
    if not tasks:
        raise DomainError(_("A standard journey needs at least one task."))
    if kind == StandardJourneyKind.EXCURSION and len(tasks) > 2:
        raise DomainError(_("An excursion has one or two tasks; make it a full journey."))
    for t in tasks:
        _check_minutes(t.get("expected_minutes_saved") or 0, allow_zero=True)
    with transaction.atomic():
        sj = standard_journey or StandardJourney()
        sj.title, sj.description, sj.kind, sj.is_published = title, description, kind, \
            is_published
        _clean(sj)
        sj.save()
        sj.personas.set(personas)
        sj.function_groups.set(function_groups)
        sj.tasks.all().delete()
        for order, t in enumerate(tasks, start=1):
            st = StandardTask(standard_journey=sj, order=order, **{
                k: t.get(k) or d for k, d in (("work_task", ""), ("approach", ""),
                                              ("tool", Tool.CHAT), ("prompts", ""),
                                              ("expected_minutes_saved", 0))})
            _clean(st)
            st.save()
        audit_log(actor=actor, action="standard_journey.saved", target=sj,
                  data={"tasks": len(tasks), "published": is_published})
        return sj


def journey_start_from_standard(*, standard_journey: StandardJourney, actor: User,
                                travellers: list[User] | None = None) -> Journey:
    if not standard_journey.is_published:
        raise DomainError(_("This standard journey is not published."))
    return journey_create(actor=actor, title=standard_journey.title,
                          goal=standard_journey.description, travellers=travellers,
                          standard_journey=standard_journey)


# --- Three-month evaluation --------------------------------------------------------------

def _notify_people(journey: Journey, subject: str, url: str, body: str = "") -> None:
    recipients = {journey.adviser, *journey.travellers.all()}
    for person in sorted(recipients, key=lambda u: u.pk):
        notification_send(recipient=person, subject=subject, body=body, url=url)


def evaluation_create(*, journey: Journey, actor: User | None = None,
                      due_on: date | None = None) -> Evaluation | None:
    """travelling → evaluating, with the evaluation. Returns None when it exists already."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        if actor is not None:
            _require_journey_owner(journey, actor)
        if Evaluation.objects.filter(journey=journey).exists():
            if actor is None:
                return None
            raise DomainError(_("This journey already has its evaluation."))
        if journey.status != JourneyStatus.TRAVELLING:
            raise DomainError(_("Only a travelling journey can be evaluated."))
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    journey=journey, due_on=due_on or timezone.localdate())
        except IntegrityError:  # a parallel run made it: nothing to do
            return None
        _set_status(journey, JourneyStatus.EVALUATING, actor, "journey.evaluation_started")
        subject, body = _evaluation_message(journey)
        _notify_people(journey, subject, url=evaluation.get_absolute_url(), body=body)
        return evaluation


def _evaluation_message(journey: Journey) -> tuple[str, str]:
    """What the adviser and travellers are told when an evaluation starts (by hand or job)."""
    return (_("Time for the three-month evaluation of “%(title)s”") % {"title": journey.title},
            _("Which tasks work, where is the resistance, which lessons do we keep?"))


def _people_of(journeys: list[Journey]) -> dict[int, list[User]]:
    """The adviser and travellers of each journey (selected with its adviser), by pk, in one
    query: `_notify_people` for a batch of journeys."""
    people = {j.pk: {j.adviser_id: j.adviser} for j in journeys}
    memberships = JourneyTraveller.objects.filter(journey_id__in=people).select_related(
        "traveller")
    for membership in memberships:
        people[membership.journey_id][membership.traveller_id] = membership.traveller
    return {pk: [user for _pk, user in sorted(found.items())] for pk, found in people.items()}


def evaluations_create_due(*, today: date | None = None) -> int:
    """The daily job: evaluations of journeys that started EVALUATION_DELAY_DAYS ago.

    Works a batch of journeys at a time (locked, so a parallel run or an adviser starting the
    evaluation by hand waits and then finds the journey no longer travelling); each batch takes
    the same handful of queries whatever its size. Returns how many evaluations were created.
    """
    today = today or timezone.localdate()
    delay = timedelta(days=settings.REISBUREAU["EVALUATION_DELAY_DAYS"])
    due = Journey.objects.filter(status=JourneyStatus.TRAVELLING, started_at__lte=today - delay,
                                 evaluation__isnull=True)
    return in_batches(due.select_for_update(of=("self",)).select_related("adviser"),
                      lambda journeys: _evaluations_start(journeys, delay))


def _evaluations_start(journeys: list[Journey], delay: timedelta) -> int:
    """travelling → evaluating for a batch of locked journeys, as `evaluation_create` does
    for one: the evaluation, the status, the audit entry, the adviser and travellers told."""
    evaluations = Evaluation.objects.bulk_create(
        [Evaluation(journey=j, due_on=j.started_at + delay) for j in journeys])
    Journey.objects.filter(pk__in=[j.pk for j in journeys]).update(
        status=JourneyStatus.EVALUATING, updated_at=timezone.now())
    people = _people_of(journeys)
    entries, notifications = [], []
    for journey, evaluation in zip(journeys, evaluations, strict=True):
        journey.status = JourneyStatus.EVALUATING
        entries.append(audit_entry(
            actor=None, action="journey.evaluation_started", target=journey,
            data={"from": JourneyStatus.TRAVELLING, "to": JourneyStatus.EVALUATING}))
        subject, body = _evaluation_message(journey)
        notifications += [
            notification_build(recipient=person, subject=subject, body=body,
                               url=evaluation.get_absolute_url())
            for person in people[journey.pk]]
    audit_log_many(entries)
    notifications_send_many(notifications)
    return len(evaluations)


def evaluations_remind(*, now=None) -> int:
    """Weekly reminders for evaluations that are still open, a batch at a time."""
    now = now or timezone.now()
    week_ago = now - timedelta(days=7)
    due = Evaluation.objects.filter(completed_at__isnull=True).alias(
        last=Coalesce("last_reminded_at", "created_at")).filter(last__lte=week_ago)
    return in_batches(due.select_for_update(of=("self",)).select_related("journey__adviser"),
                      lambda evaluations: _evaluations_remind(evaluations, now))


def _evaluations_remind(evaluations: list[Evaluation], now) -> int:
    Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(last_reminded_at=now)
    people = _people_of([e.journey for e in evaluations])
    entries, notifications = [], []
    for evaluation in evaluations:
        evaluation.last_reminded_at = now
        subject = _("Reminder: the evaluation of “%(title)s” is waiting") % {
            "title": evaluation.journey.title}
        notifications += [
            notification_build(recipient=person, subject=subject,
                               url=evaluation.get_absolute_url())
            for person in people[evaluation.journey_id]]
        entries.append(audit_entry(actor=None, action="evaluation.reminded", target=evaluation))
    notifications_send_many(notifications)
    audit_log_many(entries)
    return len(evaluations)


def evaluation_complete(*, evaluation: Evaluation, actor: User, verdicts: dict[int, str],
                        works_well: str, resistance: str, lessons: str) -> Evaluation:
    """Record the verdict per task and the lessons; evaluating → completed."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().select_related("journey").get(
            pk=evaluation.pk)
        journey = _locked_journey(evaluation.journey)
        _require_journey_owner(journey, actor)
        if evaluation.completed_at or journey.status != JourneyStatus.EVALUATING:
            raise DomainError(_("This evaluation has already been completed."))
        tasks = {t.pk: t for t in journey.tasks.select_for_update().exclude(
            status__in=[TaskStatus.EXCLUDED, TaskStatus.DROPPED])}
        if set(verdicts) != set(tasks):
            raise DomainError(_("Give a verdict for every task."))
        if any(v not in Verdict.values for v in verdicts.values()):
            raise DomainError(_("Unknown verdict."))
        for task_id, verdict in verdicts.items():
            task = tasks[task_id]
            EvaluationTaskVerdict.objects.create(evaluation=evaluation, task=task,
                                                 verdict=verdict)
            if verdict == Verdict.ADOPT and task.status != TaskStatus.ADOPTED:
                _adopt(task, actor)
            elif verdict == Verdict.DROP:
                _drop(task, actor)
        evaluation.works_well, evaluation.resistance, evaluation.lessons = (
            works_well, resistance, lessons)
        evaluation.completed_at, evaluation.completed_by = timezone.now(), actor
        evaluation.save(update_fields=["works_well", "resistance", "lessons", "completed_at",
                                       "completed_by"])
        audit_log(actor=actor, action="evaluation.completed", target=evaluation,
                  data={"verdicts": {str(k): v for k, v in verdicts.items()}})
        _set_status(journey, JourneyStatus.COMPLETED, actor, "journey.completed")
        _notify_people(journey, _("“%(title)s” is completed: write the travel report")
                       % {"title": journey.title}, url=journey.get_absolute_url())
        return evaluation


# --- Travel reports ----------------------------------------------------------------------

def report_save(*, journey: Journey, actor: User, title: str, body: str) -> TravelReport:
    """Write (or rewrite) the travel report of a completed journey; it is published at once."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        is_traveller = journey.memberships.filter(traveller=actor).exists()
        if not (is_traveller or journey.adviser_id == actor.pk or _is_agency(actor)):
            raise DomainError(_("Only the adviser and the travellers of this journey write "
                                "its travel report."))
        if journey.status != JourneyStatus.COMPLETED:
            raise DomainError(_("A travel report is written when the journey is completed."))
        if not title.strip() or not body.strip():
            raise DomainError(_("A travel report needs a title and a text."))
        report = TravelReport.objects.filter(journey=journey).first()
        created = report is None
        if created:
            report = TravelReport(journey=journey, author=actor,
                                  published_at=timezone.now())
        report.title, report.body = title.strip(), body
        _clean(report)
        report.save()
        audit_log(actor=actor, action="report.published" if created else "report.updated",
                  target=report, data={"journey": journey.pk})
        return report


def personal_data_anonymise(user: User) -> None:
    """AVG: a departed employee's free-text requests go; journeys, tasks and reports stay, so
    the agency's figures and customs decisions keep their meaning."""
    JourneyRequest.objects.filter(traveller=user).update(message="")


def standard_journey_import(*, actor: User, rows: list[dict]) -> dict:
    """The standard journeys of a toolkit pack: a title that exists already is kept as it is,
    so importing a pack twice adds nothing. Rows are checked by the caller; the caller's
    transaction makes the whole pack all or nothing."""
    created = skipped = 0
    for row in rows:
        if StandardJourney.objects.filter(title__iexact=row["title"]).exists():
            skipped += 1
            continue
        standard_journey_save(
            actor=actor, title=row["title"], description=row.get("description", ""),
            kind=row["kind"], personas=row.get("personas", []),
            function_groups=row.get("function_groups", []),
            is_published=bool(row.get("is_published")), tasks=row["tasks"])
        created += 1
    return {"created": created, "skipped": skipped}
