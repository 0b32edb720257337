"""The task inventory: time-eaters recorded per employee, and turned into tasks."""

from django.db import transaction
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User

from ..constants import TaskKind
from ..models import InventoryEntry, Journey, JourneyTask
from ..permissions import is_planner
from ._common import _check_minutes, _require_adviser
from .journeys import journey_create
from .tasks import task_add


def inventory_entry_create(
    *, employee: User, actor: User, title: str, frequency: str, minutes_per_week: int,
    kind: str, description: str = "", data_touched: str = "",
) -> InventoryEntry:
    minutes_per_week = _check_minutes(minutes_per_week, allow_zero=False)
    if employee != actor and not is_planner(actor):
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
                  data={"employee": employee.pk, "minutes_per_week": minutes_per_week})
        return entry


def inventory_workshop_record(*, actor: User, rows: list[dict]) -> list[InventoryEntry]:
    """An adviser records the tasks of several employees at once (a workshop). All or none."""
    _require_adviser(actor)
    if not rows:
        raise DomainError(_("Fill in at least one row."))
    with transaction.atomic():
        return [inventory_entry_create(actor=actor, **row) for row in rows]


# The share of a time-eater's minutes a task is expected to save before anyone has tested it:
# routine work (summaries, minutes) halves with Copilot, complex work (policy analysis) gains
# a quarter. The adviser corrects the figure on the task; tests then measure the real one.
EXPECTED_SHARE = {TaskKind.ROUTINE: 0.5, TaskKind.COMPLEX: 0.25}


def expected_minutes_saved(entry: InventoryEntry) -> int:
    share = EXPECTED_SHARE.get(entry.kind, 0.25)
    return max(1, round(entry.minutes_per_week * share))


def _task_from_entry(entry: InventoryEntry) -> dict:
    return {"work_task": entry.title[:200], "data_involved": entry.data_touched,
            "approach": entry.description, "baseline_minutes": entry.minutes_per_week,
            "expected_minutes_saved": expected_minutes_saved(entry)}


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
                # Titles are shown and copied widely (customs, objections, the audit trail):
                # named after the task, not the employee.
                actor=actor, title=(_("Journey: %(task)s") % {"task": entry.title})[:200],
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
