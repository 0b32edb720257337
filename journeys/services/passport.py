"""The customs passport (douanepaspoort) of a standard journey: its tasks cleared once.

Agency staff request a passport for a standard journey. The portal keeps it as a journey
without travellers (`Journey.passport_for`) whose tasks mirror the standard's; the agency
submits those tasks to customs like any task, so every decision stays an ordinary, append-only,
audited customs decision, and ageing and tool changes put the standard's task back on the
agenda once.

A task copied from the standard (a journey planned from it, which travellers then join) whose
judged content equals a cleared passport task runs under that clearance (`cleared_under`): it
is cleared at once with the same measures, and nothing goes to customs. A copy that differs in
what customs judged (`JUDGED_FIELDS`) stays a draft and goes to customs as today. A new
decision on the passport task reaches every task running under it, in one batch: other
measures, excluded or sent back, with a notification to their travellers and adviser.

Customs never calls this module: `journeys.clearance` passes each decision on.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.batching import chunks
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.services import notification_build, notifications_send_many

from ..constants import (
    CLEARED_STATUSES,
    PASSPORT_FOLLOWING_STATUSES,
    JourneyStatus,
    TaskStatus,
)
from ..models import Journey, JourneyTask, StandardJourney
from ..permissions import standard_journeys as standard_journey_policy

# What customs judged of a task, of the fields its snapshot keeps (customs.services
# SNAPSHOT_FIELDS): what the task does, with which tool, prompts and data. The journey a copy
# sits on and the minutes it expects to save are no part of the risk, so a copy with its own
# title or its own expected minutes still runs under the standard's clearance.
JUDGED_FIELDS = ("work_task", "approach", "tool", "tool_other", "prompts", "data_involved")
FOLLOWS = PASSPORT_FOLLOWING_STATUSES
_DECIDED_FIELDS = ["status", "measures", "clearance_rationale", "cleared_at", "cleared_under",
                   "updated_at"]


def judged_key(task) -> tuple:
    """The judged content of a task or a standard task (which has no tool_other and no data)."""
    return tuple(getattr(task, name, "") or "" for name in JUDGED_FIELDS)


def is_passport(journey: Journey) -> bool:
    return journey.passport_for_id is not None


def refuse_on_passport(journey: Journey) -> None:
    """Services that would change a passport by hand refuse: it follows its standard journey."""
    if is_passport(journey):
        raise DomainError(_("This is the customs passport of a standard journey: it has no "
                            "travellers and its tasks follow the standard journey. Change the "
                            "standard journey instead."))


def passport_request(*, actor: User, standard_journey: StandardJourney) -> Journey:
    """Agency staff ask customs to clear a standard journey's tasks once. Creates the passport
    (or brings it up to date with the standard); its tasks are then submitted to customs from
    the passport's page, with the ordinary questionnaire. Running it twice changes nothing."""
    if not standard_journey_policy.can_request_passport(actor):
        raise DomainError(_("Only agency staff request a customs passport for a standard "
                            "journey."))
    with transaction.atomic():
        standard = StandardJourney.objects.select_for_update().get(pk=standard_journey.pk)
        journey = Journey.objects.filter(passport_for=standard).first()
        if journey is None:
            journey = Journey(
                title=(_("Customs passport: %(title)s") % {"title": standard.title})[:200],
                goal=standard.description, adviser=actor, passport_for=standard)
            _clean(journey)
            journey.save()
            audit_log(actor=actor, action="standard_journey.passport_requested",
                      target=standard, data={"journey": journey.pk})
        passport_sync(standard_journey=standard, actor=actor)
        return journey


def passport_sync(*, standard_journey: StandardJourney, actor: User | None) -> dict:
    """Bring the passport's tasks in line with the standard's, after the standard was saved.

    A passport task whose judged content a standard task still has keeps its clearance (an
    edit of the title, the description or the minutes changes nothing customs judged). A
    standard task customs has not judged gets a new draft passport task, to be submitted. A
    passport task the standard no longer has: a draft goes; a cleared one that no task relies
    on is dropped (it leaves the register); one that tasks rely on stays, so they stay covered
    and reviewed. Called inside the caller's transaction."""
    journey = Journey.objects.filter(passport_for=standard_journey).first()
    if journey is None:
        return {"added": 0, "removed": 0, "retired": 0}
    passport_tasks = list(journey.tasks.exclude(status=TaskStatus.DROPPED).order_by("order", "pk"))
    kept: set[int] = set()
    added = []
    for standard_task in standard_journey.tasks.order_by("order", "pk"):
        key = judged_key(standard_task)
        match = next((t for t in passport_tasks if t.pk not in kept and judged_key(t) == key),
                     None)
        if match is not None:
            kept.add(match.pk)
            continue
        task = JourneyTask(journey=journey, order=standard_task.order,
                           work_task=standard_task.work_task, approach=standard_task.approach,
                           tool=standard_task.tool, prompts=standard_task.prompts,
                           expected_minutes_saved=standard_task.expected_minutes_saved)
        _clean(task)
        task.save()
        added.append(task)
    removed = retired = 0
    relied_on = set(JourneyTask.objects.filter(
        cleared_under__journey=journey, status__in=FOLLOWS).exclude(
        journey__status=JourneyStatus.CANCELLED).values_list("cleared_under_id", flat=True))
    for task in passport_tasks:
        if task.pk in kept:
            continue
        if task.status == TaskStatus.DRAFT:
            task.delete()
            removed += 1
        elif task.status in CLEARED_STATUSES and task.pk not in relied_on:
            task.status = TaskStatus.DROPPED
            task.save(update_fields=["status", "updated_at"])
            retired += 1
    for order, task in enumerate(journey.tasks.order_by("order", "pk"), start=1):
        if task.order != order:
            task.order = order
            task.save(update_fields=["order"])
    result = {"added": len(added), "removed": removed, "retired": retired}
    if any(result.values()):
        audit_log(actor=actor, action="standard_journey.passport_synced",
                  target=standard_journey, data={"journey": journey.pk, **result})
    return result


def _cleared_references(standard_journey: StandardJourney) -> dict[tuple, JourneyTask]:
    """The passport's cleared tasks by judged content (the first one wins)."""
    references: dict[tuple, JourneyTask] = {}
    for task in JourneyTask.objects.filter(
            journey__passport_for=standard_journey, status__in=CLEARED_STATUSES,
    ).exclude(journey__status=JourneyStatus.CANCELLED).order_by("order", "pk"):
        references.setdefault(judged_key(task), task)
    return references


def _link(tasks, references: dict, actor) -> list[JourneyTask]:
    """Drafts whose judged content a cleared passport task has run under it from now on."""
    now, linked, entries = timezone.now(), [], []
    for task in tasks:
        reference = references.get(judged_key(task))
        if reference is None:
            continue
        was = task.status
        task.cleared_under = reference
        task.status = reference.status
        task.measures = list(reference.measures)
        task.clearance_rationale = reference.clearance_rationale
        task.cleared_at = reference.cleared_at
        task.updated_at = now
        linked.append(task)
        entries.append(audit_entry(actor=actor, action="task.passport_applied", target=task, data={
            "journey": task.journey_id, "reference": reference.pk, "from": was,
            "to": task.status}))
    if linked:
        JourneyTask.objects.bulk_update(linked, _DECIDED_FIELDS)
        audit_log_many(entries)
    return linked


def passport_apply(*, journey: Journey, actor: User) -> int:
    """A journey just planned from a standard journey: its draft tasks that customs cleared
    once for the standard are cleared at once, with the same measures, and go nowhere."""
    if journey.standard_journey_id is None or is_passport(journey):
        return 0
    references = _cleared_references(journey.standard_journey)
    if not references:
        return 0
    drafts = journey.tasks.filter(status=TaskStatus.DRAFT, cleared_under__isnull=True)
    return len(_link(drafts, references, actor))


def passport_leave_if_changed(task: JourneyTask) -> bool:
    """A task under the passport edited (after a send-back) so that it differs from what
    customs judged leaves the passport: from now on it goes to customs on its own. The caller
    saves `cleared_under`."""
    if task.cleared_under_id is None:
        return False
    reference = JourneyTask.objects.only(*JUDGED_FIELDS).get(pk=task.cleared_under_id)
    if judged_key(reference) == judged_key(task):
        return False
    task.cleared_under = None
    return True


def _people(journey: Journey) -> list[User]:
    people = {journey.adviser.pk: journey.adviser}
    for traveller in journey.travellers.all():
        people.setdefault(traveller.pk, traveller)
    return [people[pk] for pk in sorted(people)]


def _message(task: JourneyTask, standard_title: str, *, linked: bool) -> str:
    if linked:
        return _("“%(task)s” is cleared: customs cleared it once for the standard journey "
                 "“%(standard)s”") % {"task": task.work_task, "standard": standard_title}
    if task.status == TaskStatus.EXCLUDED:
        return _("Customs excluded “%(task)s” of the standard journey “%(standard)s”: stop "
                 "using it") % {"task": task.work_task, "standard": standard_title}
    return _("Customs reviewed the standard journey “%(standard)s” again: “%(task)s” is now "
             "“%(status)s”") % {"task": task.work_task, "standard": standard_title,
                                "status": task.get_status_display()}


def _notify(tasks: list[JourneyTask], standard_title: str, *, linked: bool) -> None:
    notifications = []
    for task in tasks:
        body = "\n".join(filter(None, [task.clearance_rationale, *task.measures]))
        subject = _message(task, standard_title, linked=linked)
        notifications += [notification_build(recipient=person, subject=subject, body=body,
                                             url=task.get_absolute_url())
                          for person in _people(task.journey)]
    notifications_send_many(notifications)


def passport_propagate(*, reference: JourneyTask, actor: User | None) -> int:
    """Customs decided on a passport task (`journeys.clearance` calls this in the decision's
    transaction): every task running under it follows, a batch at a time, and its people are
    told. Cleared again, a task in testing or adopted keeps its place with the new measures;
    excluded or sent back, it leaves use. A first clearance also takes in the drafts already
    copied from the standard with the same judged content. Returns the tasks changed."""
    standard = reference.journey.passport_for
    if standard is None:
        return 0
    cleared = reference.status in CLEARED_STATUSES
    changed_count = 0
    if cleared:
        drafts = list(JourneyTask.objects.filter(
            journey__standard_journey=standard, status=TaskStatus.DRAFT,
            cleared_under__isnull=True,
            journey__status__in=[JourneyStatus.PLANNING, JourneyStatus.TRAVELLING],
        ).exclude(journey__passport_for__isnull=False).select_related(
            "journey__adviser").prefetch_related("journey__travellers").order_by("pk"))
        linked = _link(drafts, {judged_key(reference): reference}, actor)
        _notify(linked, standard.title, linked=True)
        changed_count += len(linked)
    ids = list(JourneyTask.objects.filter(cleared_under=reference, status__in=FOLLOWS).exclude(
        journey__status=JourneyStatus.CANCELLED).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    for batch_ids in chunks(ids):
        batch = list(JourneyTask.objects.filter(pk__in=batch_ids).select_related(
            "journey__adviser").prefetch_related("journey__travellers").order_by("pk"))
        changed, entries = [], []
        for task in batch:
            keep = cleared and task.status in (TaskStatus.TESTING, TaskStatus.ADOPTED)
            new = task.status if keep else reference.status
            if new == task.status and task.measures == reference.measures and \
                    task.clearance_rationale == reference.clearance_rationale:
                continue
            was = task.status
            task.status, task.measures = new, list(reference.measures)
            task.clearance_rationale = reference.clearance_rationale
            task.cleared_at, task.updated_at = reference.cleared_at or now, now
            changed.append(task)
            entries.append(audit_entry(
                actor=actor, action="task.passport_decision", target=task, data={
                    "journey": task.journey_id, "reference": reference.pk, "from": was,
                    "to": new, "measures": task.measures}))
        if changed:
            JourneyTask.objects.bulk_update(changed, _DECIDED_FIELDS)
            audit_log_many(entries)
            _notify(changed, standard.title, linked=False)
            changed_count += len(changed)
    return changed_count
