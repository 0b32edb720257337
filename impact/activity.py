"""The activity roll-ups: who used AI in which month, kept per month by the roll-up job.

The dashboard's adoption figures ("active in the last 28 days", active employees per month)
would otherwise count distinct people over millions of usage rows and time-saving entries on
every view. A month is rebuilt when something in it changed: time logged, corrected or removed
(services mark it) or a usage import finished (the importer marks its months). Rebuilding a
month costs a fixed number of queries plus one insert per 2,000 employees, whatever the number
of entries.
"""

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, DateField, Max, Q
from django.db.models.functions import Cast, TruncMonth

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


def refresh_import(usage_import_id: int, months) -> None:
    """After a usage import finished (on commit): its records in the monthly activity now,
    rather than at the next hourly run.

    An import only adds records, so an employee's last usage day in a month can only move
    later: the import's own records, grouped by employee and month, are merged into
    UserMonthActivity by one INSERT ... SELECT ... ON CONFLICT (the later day wins), and the
    months' group counts are recounted from those rows. The months' other usage and time saved
    are not read, so the cost follows the import and the number of employees, not what the
    months already hold (rebuilding each month whole read every usage row and time saving of
    it and wrote every employee's row back: seconds per month at ten thousand employees). The
    months stay marked, so the hourly job still rebuilds them whole."""
    months = sorted({month_start(m) for m in months})
    if not months:
        return
    with transaction.atomic():
        _lock_all(months)
        _merge_usage(usage_import_id)
        MonthlyActivityRollup.objects.filter(month__in=months).delete()
        _insert_group_rows(UserMonthActivity.objects.filter(month__in=months).order_by())


def _merge_usage(usage_import_id: int) -> None:
    """Per employee and month of the import: its last day, into UserMonthActivity. One
    statement (the SELECT compiled by the ORM: the month function differs per database)."""
    select, params = (
        UsageRecord.objects.filter(usage_import_id=usage_import_id).order_by()
        .annotate(month=Cast(TruncMonth("date"), DateField()))
        .values("user_id", "month").annotate(last=Max("date"))
        .values_list("user_id", "month", "last").query.sql_with_params())
    qn = connection.ops.quote_name
    table = qn(UserMonthActivity._meta.db_table)
    last = qn("last_usage_day")
    with connection.cursor() as cursor:
        # The SELECT has a WHERE clause, which settles SQLite's parsing of the ON CONFLICT.
        cursor.execute(
            f"INSERT INTO {table} ({qn('user_id')}, {qn('month')}, {last}) {select} "
            f"ON CONFLICT ({qn('month')}, {qn('user_id')}) DO UPDATE SET {last} = "
            f"excluded.{last} WHERE {table}.{last} IS NULL OR {table}.{last} < excluded.{last}",
            params)


def _lock_all(months: list[date]) -> None:
    from .services import lock_markers

    lock_markers(RollupDirtyMonth, "month", months)


def _group_counts(rows) -> list[tuple[tuple[str, ...], object]]:
    """Per month, department and function group (persona NULL), and per persona, of activity
    rows: the roll-up's columns and a values queryset that selects them in that order."""
    counts = {"usage_users": Count("pk", filter=Q(last_usage_day__isnull=False)),
              "loggers": Count("pk", filter=Q(last_log_day__isnull=False))}
    groups = ("month", "user__department_id", "user__function_group_id")
    columns = ("month", "department_id", "function_group_id")
    return [
        ((*columns, "usage_users", "loggers"), rows.values(*groups).annotate(**counts)),
        ((*columns, "persona_id", "usage_users", "loggers"),
         rows.filter(user__personas__isnull=False).values(*groups, "user__personas")
         .annotate(**counts)),
    ]


def _group_rows(rows) -> list[MonthlyActivityRollup]:
    """The roll-up rows of activity rows, as objects."""
    return [MonthlyActivityRollup(**dict(zip(columns, r.values(), strict=True)))
            for columns, queryset in _group_counts(rows) for r in queryset]


def _insert_group_rows(rows) -> None:
    """The roll-up rows of activity rows, written by INSERT ... SELECT: no row passes through
    Python (two statements, however many groups)."""
    qn = connection.ops.quote_name
    table = qn(MonthlyActivityRollup._meta.db_table)
    with connection.cursor() as cursor:
        for columns, queryset in _group_counts(rows):
            select, params = queryset.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} ({', '.join(map(qn, columns))}) {select}",
                           params)


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
