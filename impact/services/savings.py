"""Time saved: logging, correcting and removing it, the weekly roll-ups, and the dashboard's
cache token."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys import selectors as journey_selectors
from journeys.constants import MAX_MINUTES_PER_WEEK
from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User

from .. import activity
from ..models import RollupDirtyWeek, RollupRun, TimeSaving, WeeklyRollup
from ._common import week_start


# --- Time saved --------------------------------------------------------------------------
# The checks are written once, in small parts without queries, so that logging one entry and
# logging many (`time_savings_log_many`) refuse the same things with the same words; only how
# the data they need is fetched differs (one entry's rows, or every entry's rows at once).

def _not_your_task() -> DomainError:
    return DomainError(_("Choose one of your own tasks that customs has cleared."))


def _task_pk(task_id) -> int:
    try:
        task_id = int(task_id)
    except (TypeError, ValueError):
        task_id = 0
    if not 0 < task_id < 2**63:
        raise _not_your_task()
    return task_id


def _checked_minutes(minutes, day: date) -> int:
    """The entry on its own: a positive whole number of minutes, on a day in the past year."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the minutes as a whole number.")) from None
    if minutes <= 0:
        raise DomainError(_("Enter a positive number of minutes saved."))
    if day > timezone.localdate():
        raise DomainError(_("You cannot log time saved on a date in the future."))
    if day < timezone.localdate() - timedelta(days=366):
        raise DomainError(_("You can log time saved for the past year only."))
    return minutes


def _check_week_total(task, minutes: int, already: int) -> None:
    """No more saved in one week than the task takes without AI."""
    baseline = journey_selectors.task_baseline_minutes(task) or MAX_MINUTES_PER_WEEK
    if minutes + already > baseline:
        raise DomainError(
            ngettext("This task takes %(baseline)s minutes a week without AI; you cannot save "
                     "more than that in one week (already logged this week: %(already)s "
                     "minute).",
                     "This task takes %(baseline)s minutes a week without AI; you cannot save "
                     "more than that in one week (already logged this week: %(already)s "
                     "minutes).", already)
            % {"baseline": baseline, "already": already})


def _check_measures_read(task, traveller: User) -> None:
    if journey_selectors.traveller_must_acknowledge(task, traveller):
        raise DomainError(str(journey_selectors.MEASURES_FIRST))


def _new_saving(*, traveller: User, task, minutes: int, day: date, note: str) -> TimeSaving:
    return TimeSaving(traveller=traveller, task=task, date=day, week_start=week_start(day),
                      minutes=minutes, note=note.strip()[:200])


def _check_saving(*, traveller: User, task, minutes, day: date, exclude_pk=None) -> int:
    minutes = _checked_minutes(minutes, day)
    same_week = TimeSaving.objects.filter(traveller=traveller, task=task,
                                          week_start=week_start(day))
    if exclude_pk:
        same_week = same_week.exclude(pk=exclude_pk)
    _check_week_total(task, minutes, same_week.aggregate(total=Sum("minutes"))["total"] or 0)
    return minutes


def _usable_task(traveller: User, task_id):
    task = journey_selectors.usable_tasks_of_traveller(traveller).filter(
        pk=_task_pk(task_id)).first()
    if task is None:
        raise _not_your_task()
    return task


def _mark_dirty(*weeks: date, traveller_id: int | None = None) -> None:
    """Mark the weeks (and their months) for the hourly job, and bring the traveller's part of
    them up to date as soon as the transaction commits, so the dashboard shows it at once.
    Two queries however many weeks; one refresh after the commit."""
    weeks = sorted(set(weeks))
    RollupDirtyWeek.objects.bulk_create([RollupDirtyWeek(week_start=w) for w in weeks],
                                        ignore_conflicts=True)
    activity.mark_dirty(activity.months_of_weeks(set(weeks)))
    if traveller_id is not None:
        transaction.on_commit(
            lambda: rollups_refresh(traveller_id=traveller_id, weeks=weeks), robust=True)


def time_saving_log(*, traveller: User, task_id, minutes, day: date, note: str = "") -> TimeSaving:
    """A traveller logs minutes saved on one of their own cleared tasks."""
    with transaction.atomic():
        task = _usable_task(traveller, task_id)
        _check_measures_read(task, traveller)
        minutes = _check_saving(traveller=traveller, task=task, minutes=minutes, day=day)
        entry = _new_saving(traveller=traveller, task=task, minutes=minutes, day=day, note=note)
        _clean(entry)
        entry.save()
        _mark_dirty(entry.week_start, traveller_id=traveller.pk)
        audit_log(actor=traveller, action="impact.time_saved_logged", target=entry,
                  data={"task": task.pk, "minutes": minutes, "date": day.isoformat()})
        return entry


def time_savings_log_many(*, actor: User, entries: list[dict]) -> list[TimeSaving]:
    """A traveller logs many savings at once (a diary kept elsewhere, the demo's year).

    `entries` are dicts with `task_id`, `minutes`, `day` and optionally `note`, as
    `time_saving_log` takes them. Each entry is checked as that service checks it, in the
    order given and counting the entries before it (so the week's limit holds across the
    batch); the first refused entry refuses the whole batch with the same message, and nothing
    is saved. Written in bulk, audited in one insert, the weeks marked and refreshed once
    after the commit. The queries do not grow with the number of entries, only with the
    number of different tasks that carry measures (two each, to check they were read).
    """
    if not entries:
        return []
    with transaction.atomic():
        wanted = set()
        for item in entries:
            try:
                wanted.add(_task_pk(item.get("task_id")))
            except DomainError:
                pass  # refused below, in its turn
        tasks = {t.pk: t for t in journey_selectors.usable_tasks_of_traveller(actor)
                 .filter(pk__in=wanted)}
        weeks = {week_start(item["day"]) for item in entries}
        logged = {(r["task_id"], r["week_start"]): r["total"] for r in TimeSaving.objects
                  .filter(traveller=actor, task_id__in=list(tasks), week_start__in=weeks)
                  .order_by().values("task_id", "week_start").annotate(total=Sum("minutes"))}
        read: set[int] = set()
        rows = []
        for item in entries:
            task = tasks.get(_task_pk(item.get("task_id")))
            if task is None:
                raise _not_your_task()
            if task.pk not in read:
                _check_measures_read(task, actor)
                read.add(task.pk)
            day = item["day"]
            minutes = _checked_minutes(item.get("minutes"), day)
            key = (task.pk, week_start(day))
            _check_week_total(task, minutes, logged.get(key, 0))
            logged[key] = logged.get(key, 0) + minutes
            entry = _new_saving(traveller=actor, task=task, minutes=minutes, day=day,
                                note=item.get("note", ""))
            _clean(entry, exclude=["traveller", "task"])  # both checked above, for all at once
            rows.append(entry)
        TimeSaving.objects.bulk_create(rows, batch_size=1000)
        _mark_dirty(*(r.week_start for r in rows), traveller_id=actor.pk)
        audit_log_many([
            audit_entry(actor=actor, action="impact.time_saved_logged", target=r,
                        data={"task": r.task_id, "minutes": r.minutes,
                              "date": r.date.isoformat()})
            for r in rows])
        return rows


def time_saving_update(*, entry: TimeSaving, actor: User, minutes, day: date,
                       note: str = "") -> TimeSaving:
    if entry.traveller_id != actor.pk:
        raise DomainError(_("You can only correct your own entries."))
    with transaction.atomic():
        entry = TimeSaving.objects.select_for_update(of=("self",)).select_related(
            "task__inventory_entry").get(pk=entry.pk)
        minutes = _check_saving(traveller=actor, task=entry.task, minutes=minutes, day=day,
                                exclude_pk=entry.pk)
        old = {"minutes": entry.minutes, "date": entry.date.isoformat()}
        old_week = entry.week_start
        entry.minutes, entry.date, entry.week_start = minutes, day, week_start(day)
        entry.note = note.strip()[:200]
        _clean(entry)
        entry.save(update_fields=["minutes", "date", "week_start", "note", "updated_at"])
        _mark_dirty(old_week, entry.week_start, traveller_id=actor.pk)
        audit_log(actor=actor, action="impact.time_saved_corrected", target=entry,
                  data={"from": old, "to": {"minutes": minutes, "date": day.isoformat()}})
        return entry


def time_saving_delete(*, entry: TimeSaving, actor: User) -> None:
    if entry.traveller_id != actor.pk:
        raise DomainError(_("You can only correct your own entries."))
    with transaction.atomic():
        _mark_dirty(entry.week_start, traveller_id=actor.pk)
        audit_log(actor=actor, action="impact.time_saved_removed", target=entry,
                  data={"minutes": entry.minutes, "date": entry.date.isoformat()})
        entry.delete()


def rollup_rebuild(*, full: bool = False) -> RollupRun:
    """Rebuild the weekly roll-ups of the weeks that changed (or all of them).

    One grouped query per rebuilt set of weeks; the dashboard reads the roll-ups, never the
    millions of entries. The hourly safety net: a change is already in its week's roll-up a
    moment after it was saved (`rollups_refresh`).
    """

    run = RollupRun.objects.create(started_at=timezone.now())
    with transaction.atomic():
        if full:
            weeks = list(TimeSaving.objects.order_by().values_list("week_start", flat=True)
                         .distinct())
            WeeklyRollup.objects.all().delete()
            RollupDirtyWeek.objects.all().delete()
        else:
            # In week order: a refresh locks its weeks in the same order (no deadlock).
            dirty = list(RollupDirtyWeek.objects.select_for_update().order_by(
                "week_start").values_list("week_start", flat=True))
            weeks = dirty
            WeeklyRollup.objects.filter(week_start__in=weeks).delete()
            RollupDirtyWeek.objects.filter(week_start__in=weeks).delete()
        for chunk_start in range(0, len(weeks), 200):
            chunk = weeks[chunk_start:chunk_start + 200]
            rows = _rollup_rows(TimeSaving.objects.filter(week_start__in=chunk))
            WeeklyRollup.objects.bulk_create(rows, batch_size=2000)
    run.finished_at = timezone.now()
    run.weeks = len(weeks)
    run.save(update_fields=["finished_at", "weeks"])
    return run


def _rollup_rows(entries) -> list[WeeklyRollup]:
    """The roll-up rows of some time-saving entries: per week, department and function group,
    and per persona. Two grouped queries."""
    base = entries.order_by()
    rows = []
    sums = {"minutes": Sum("minutes"), "entries": Count("pk"),
            "travellers": Count("traveller_id", distinct=True)}
    for r in base.values("week_start", "traveller__department_id",
                         "traveller__function_group_id").annotate(**sums):
        rows.append(WeeklyRollup(
            week_start=r["week_start"], department_id=r["traveller__department_id"],
            function_group_id=r["traveller__function_group_id"], persona=None,
            minutes=r["minutes"], entries=r["entries"], travellers=r["travellers"]))
    for r in base.filter(traveller__personas__isnull=False).values(
            "week_start", "traveller__department_id", "traveller__function_group_id",
            "traveller__personas").annotate(**sums):
        rows.append(WeeklyRollup(
            week_start=r["week_start"], department_id=r["traveller__department_id"],
            function_group_id=r["traveller__function_group_id"],
            persona_id=r["traveller__personas"],
            minutes=r["minutes"], entries=r["entries"], travellers=r["travellers"]))
    return rows


def lock_markers(model, field: str, values) -> None:
    """Lock the dirty markers of several weeks (or months), made if missing, in their order, as
    the hourly job locks them, so the two never wait for each other in a circle: two queries
    however many. Refreshes of the same week (or month) take turns with each other and with
    the hourly job, and each reads the entries only once it holds the lock, so the last one
    sees every committed change. When the hourly job deleted a marker while we waited, it is
    made again."""
    values = sorted(set(values))
    for _attempt in range(3):
        model.objects.bulk_create([model(**{field: v}) for v in values], ignore_conflicts=True)
        locked = list(model.objects.select_for_update().filter(**{f"{field}__in": values})
                      .order_by(field).values_list(field, flat=True))
        if len(locked) == len(values):
            return
    raise RuntimeError("could not lock the roll-up markers")


def rollups_refresh(*, traveller_id: int, weeks) -> None:
    """Run after savings are logged, corrected or removed (on commit): recompute the weekly
    roll-up rows of the traveller's department and function group for those weeks, and the
    traveller's monthly activity, then let the dashboard compute its figures again. Bounded:
    one group, and a fixed number of queries for the weeks (however many entries there are,
    here or elsewhere). The weeks stay marked, so the hourly job still rebuilds them whole
    (e.g. after a move to another department)."""
    user = User.objects.filter(pk=traveller_id).values(
        "department_id", "function_group_id").first()
    weeks = sorted(set(weeks))
    if user is None or not weeks:
        return
    with transaction.atomic():
        lock_markers(RollupDirtyWeek, "week_start", weeks)
        group = {"department_id": user["department_id"],
                 "function_group_id": user["function_group_id"]}
        WeeklyRollup.objects.filter(week_start__in=weeks, **group).delete()
        WeeklyRollup.objects.bulk_create(_rollup_rows(TimeSaving.objects.filter(
            week_start__in=weeks, traveller__department_id=group["department_id"],
            traveller__function_group_id=group["function_group_id"])), batch_size=2000)
        # The same transaction (one commit): weeks are locked before months, as nowhere
        # locks them the other way round.
        activity.refresh_user(traveller_id, activity.months_of_weeks(set(weeks)))
    dashboard_invalidate()


DASHBOARD_VERSION_KEY = "impact-dashboard-version"


def dashboard_invalidate() -> None:
    """The cached dashboards (every filter) are computed again on their next view: a new
    version token goes into their cache keys (impact.selectors.cached_dashboard)."""
    import time

    from django.core.cache import cache

    cache.set(DASHBOARD_VERSION_KEY, time.time_ns(), None)
