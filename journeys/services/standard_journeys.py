"""Standard journeys: the agency's ready-made journeys, and starting one."""

from django.db import transaction
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User

from ..constants import StandardJourneyKind, Tool
from ..models import Journey, StandardJourney, StandardTask
from ..permissions import standard_journeys as standard_journey_policy
from ._common import _check_minutes
from .journeys import journey_create
from .passport import passport_sync


def standard_journey_save(
    *, actor: User, title: str, description: str, kind: str, personas, function_groups,
    is_published: bool, tasks: list[dict], standard_journey: StandardJourney | None = None,
) -> StandardJourney:
    if not standard_journey_policy.can_change(actor):
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
        # Its customs passport keeps what customs judged and gets what it has not.
        passport_sync(standard_journey=sj, actor=actor)
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
