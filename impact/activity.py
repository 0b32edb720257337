"""The activity roll-ups: who used AI in which month, kept per month by the roll-up job.

The dashboard's adoption figures ("active in the last 28 days", active employees per month)
would otherwise count distinct people over millions of usage rows and time-saving entries on
every view. A month is rebuilt when something in it changed: time logged, corrected or removed
(services mark it) or a usage import finished (the importer marks its months). Rebuilding a
month costs a fixed number of queries plus one insert per 2,000 employees, whatever the number
of entries.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth

from .constants import ImportStatus
from .models import (
    MonthlyActivityRollup,
    RollupDirtyMonth,
    TimeSaving,
    UsageRecord,
    UserMonthActivity,
)

BATCH_SIZE = 2000


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def months_of_weeks(weeks) -> set[date]:
    """The months a set of weeks (their Mondays) touch: a week may straddle two."""
    return {month_start(w) for w in weeks} | {month_start(w + timedelta(days=6)) for w in weeks}


def mark_dirty(months) -> None:
    """One query however many months."""
    RollupDirtyMonth.objects.bulk_create(
        [RollupDirtyMonth(month=month_start(m)) for m in set(months)], ignore_conflicts=True)


def all_months() -> list[date]:
    usage = UsageRecord.objects.dates("date", "month")
    logs = TimeSaving.objects.dates("date", "month")
    return sorted(set(usage) | set(logs))


def rebuild(*, full: bool = False) -> int:
    """Rebuild the dirty months (or every month); returns how many."""
    with transaction.atomic():
        if full:
            months = all_months()
            UserMonthActivity.objects.all().delete()
            MonthlyActivityRollup.objects.all().delete()
            RollupDirtyMonth.objects.all().delete()
        else:
            months = list(RollupDirtyMonth.objects.select_for_update().order_by(
                "month").values_list("month", flat=True))
            RollupDirtyMonth.objects.filter(month__in=months).delete()
            UserMonthActivity.objects.filter(month__in=months).delete()
            MonthlyActivityRollup.objects.filter(month__in=months).delete()
        for month in months:
            _rebuild_month(month)
    return len(months)


def refresh_user(user_id: int, months) -> None:
    """After time was logged, corrected or removed (on commit): the employee's activity in those
    months, and the active counts of their department and function group. Bounded by one
    person and one group, and a fixed number of queries however many months (a batch of
    savings may span a year); the months stay marked for the hourly job."""
    from reisbureau.models import User

    user = User.objects.filter(pk=user_id).values("department_id", "function_group_id").first()
    months = sorted({month_start(m) for m in months})
    if user is None or not months:
        return
    span = {"date__gte": months[0], "date__lte": month_end(months[-1])}
    with transaction.atomic():
        _lock_all(months)
        usage = _last_day_per_month(UsageRecord.objects.filter(
            user_id=user_id, usage_import__status=ImportStatus.DONE, **span))
        logs = _last_day_per_month(TimeSaving.objects.filter(traveller_id=user_id, **span))
        UserMonthActivity.objects.filter(user_id=user_id, month__in=months).delete()
        UserMonthActivity.objects.bulk_create([
            UserMonthActivity(user_id=user_id, month=month, last_usage_day=usage.get(month),
                              last_log_day=logs.get(month))
            for month in months if usage.get(month) or logs.get(month)])
        group = {"department_id": user["department_id"],
                 "function_group_id": user["function_group_id"]}
        MonthlyActivityRollup.objects.filter(month__in=months, **group).delete()
        MonthlyActivityRollup.objects.bulk_create(_group_rows(
            UserMonthActivity.objects.filter(
                month__in=months, user__department_id=group["department_id"],
                user__function_group_id=group["function_group_id"]).order_by()))


def _last_day_per_month(rows) -> dict[date, date]:
    return {month_start(r["month"]): r["last"] for r in rows.order_by().annotate(
        month=TruncMonth("date")).values("month").annotate(last=Max("date"))}


def refresh_months(months) -> None:
    """After a usage import finished (on commit): rebuild its months now rather than at the
    next hourly run. One transaction a month, in month order; the months stay marked."""
    for month in sorted({month_start(m) for m in months}):
        with transaction.atomic():
            _lock(month)
            UserMonthActivity.objects.filter(month=month).delete()
            MonthlyActivityRollup.objects.filter(month=month).delete()
            _rebuild_month(month)


def _lock(month: date) -> None:
    from .services import lock_marker

    lock_marker(RollupDirtyMonth, month=month)


def _lock_all(months: list[date]) -> None:
    from .services import lock_markers

    lock_markers(RollupDirtyMonth, "month", months)


def _group_rows(rows) -> list[MonthlyActivityRollup]:
    """Per month, department and function group (and per persona) of activity rows."""
    counts = {"usage_users": Count("pk", filter=Q(last_usage_day__isnull=False)),
              "loggers": Count("pk", filter=Q(last_log_day__isnull=False))}
    return [
        MonthlyActivityRollup(month=r["month"], department_id=r["user__department_id"],
                              function_group_id=r["user__function_group_id"], persona=None,
                              usage_users=r["usage_users"], loggers=r["loggers"])
        for r in rows.values("month", "user__department_id", "user__function_group_id")
        .annotate(**counts)
    ] + [
        MonthlyActivityRollup(month=r["month"], department_id=r["user__department_id"],
                              function_group_id=r["user__function_group_id"],
                              persona_id=r["user__personas"],
                              usage_users=r["usage_users"], loggers=r["loggers"])
        for r in rows.filter(user__personas__isnull=False).values(
            "month", "user__department_id", "user__function_group_id", "user__personas")
        .annotate(**counts)
    ]


def _rebuild_month(month: date) -> None:
    end = month_end(month)
    usage = dict(UsageRecord.objects.filter(
        date__gte=month, date__lte=end, usage_import__status=ImportStatus.DONE).order_by()
        .values("user_id").annotate(last=Max("date")).values_list("user_id", "last"))
    logs = dict(TimeSaving.objects.filter(date__gte=month, date__lte=end).order_by()
                .values("traveller_id").annotate(last=Max("date"))
                .values_list("traveller_id", "last"))
    UserMonthActivity.objects.bulk_create(
        (UserMonthActivity(user_id=user_id, month=month, last_usage_day=usage.get(user_id),
                           last_log_day=logs.get(user_id))
         for user_id in sorted(set(usage) | set(logs))), batch_size=BATCH_SIZE)
    rows = UserMonthActivity.objects.filter(month=month).order_by()
    MonthlyActivityRollup.objects.bulk_create(_group_rows(rows), batch_size=BATCH_SIZE)
