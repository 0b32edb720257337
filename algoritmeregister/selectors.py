"""Every read of the register. Customs is read through its selectors only."""

from django.db.models import Exists, OuterRef

from customs import selectors as customs_selectors

from .constants import EntryState
from .models import RegisterEntry


def published():
    """The published register: what every employee (and, when public, anyone) reads."""
    return RegisterEntry.objects.filter(state=EntryState.PUBLISHED).order_by("name", "pk")


def entries_for_officers(*, state: str = ""):
    """Every entry with its state, and whether customs' clearance of its task still holds."""
    qs = RegisterEntry.objects.select_related("published_by").annotate(
        still_cleared=Exists(customs_selectors.register().filter(task_id=OuterRef("task_id"))))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("name", "pk")


def entry_for_officers(pk):
    return entries_for_officers().select_related("ready_by", "withdrawn_by").filter(
        pk=pk).first()


def cleared_without_entry():
    """Customs clearances in force whose task has no register entry yet (each with its task,
    journey and submission: what the prefill reads)."""
    return customs_selectors.register().exclude(
        task_id__in=RegisterEntry.objects.values("task_id"))


def is_cleared(task_id) -> bool:
    return customs_selectors.register().filter(task_id=task_id).exists()


def state_counts() -> dict:
    from django.db.models import Count

    return dict(RegisterEntry.objects.order_by().values_list("state").annotate(n=Count("pk")))
