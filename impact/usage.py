"""Reads of the imported usage: employees per Microsoft 365 app on the dashboard, and the
licence reclaim (holders without activity, licences in use). Aggregates in the database; the
same small-group rule as the other dashboard figures (impact.selectors)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reisbureau.models import FunctionGroup, User

from .constants import M365_APPS, ImportStatus
from .models import LicenceCheck, TimeSaving, UsageRecord
from .selectors import Filters, _local_midnight, min_group_size, population


def _app_order(tool: str) -> tuple:
    known = list(dict.fromkeys(M365_APPS.values()))
    return (known.index(tool) if tool in known else len(known), tool)


def app_usage(people, filters: Filters) -> dict:
    """Distinct employees who used each Microsoft 365 app (the imported usage records, one tool
    per app), per calendar month of the period and per function group. Four queries whatever the
    size. A function group smaller than the minimum is hidden, as in `group_rows`."""
    records = UsageRecord.objects.filter(date__gte=filters.start, date__lte=filters.end,
                                         usage_import__status=ImportStatus.DONE,
                                         user__in=people).order_by()
    monthly = list(records.annotate(month=TruncMonth("date")).values("month", "tool").annotate(
        users=Count("user_id", distinct=True)).order_by("month", "tool"))
    per_group = records.values("user__function_group_id", "tool").annotate(
        users=Count("user_id", distinct=True))
    tools = sorted({r["tool"] for r in monthly}, key=_app_order)
    months = sorted({_as_date(r["month"]) for r in monthly})
    cells = {(_as_date(r["month"]), r["tool"]): r["users"] for r in monthly}
    group_people = population(Filters(start=filters.start, end=filters.end,
                                      department=filters.department, persona=filters.persona))
    sizes = dict(group_people.values("function_group_id").annotate(n=Count("pk"))
                 .values_list("function_group_id", "n"))
    by_group = {(r["user__function_group_id"], r["tool"]): r["users"] for r in per_group}
    groups = []
    for pk, name in sorted(FunctionGroup.objects.values_list("pk", "name"), key=lambda g: g[1]):
        if filters.function_group and filters.function_group.pk != pk:
            continue
        hidden = sizes.get(pk, 0) < min_group_size()
        groups.append({"name": name, "hidden": hidden,
                       "values": [] if hidden else [by_group.get((pk, t), 0) for t in tools]})
    return {
        "tools": tools,
        "months": [{"month": m, "values": [cells.get((m, t), 0) for t in tools]}
                   for m in months],
        "totals": [max((cells.get((m, t), 0) for m in months), default=0) for t in tools],
        "groups": groups,
    }


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


# --- Licence reclaim ---------------------------------------------------------------------

def idle_days() -> int:
    return settings.REISBUREAU["LICENCE_IDLE_DAYS"]


def _last_activity_subqueries():
    last_usage = UsageRecord.objects.filter(
        user=OuterRef("pk"), usage_import__status=ImportStatus.DONE).order_by().values(
        "user").annotate(last=Max("date")).values("last")
    last_saving = TimeSaving.objects.filter(traveller=OuterRef("pk")).order_by().values(
        "traveller").annotate(last=Max("date")).values("last")
    return Subquery(last_usage[:1]), Subquery(last_saving[:1])


def idle_licence_holders(*, today: date | None = None):
    """Active employees who have had a licence for at least the idle period and have neither
    imported Copilot activity nor a logged time saving in it (today included), with their last
    activity of each kind and their open licence check (if asked). Someone who answered "yes"
    is left alone for another idle period. One query per page."""
    today = today or timezone.localdate()
    since = today - timedelta(days=idle_days() - 1)
    last_usage, last_saving = _last_activity_subqueries()
    open_check = LicenceCheck.objects.filter(user=OuterRef("pk"), answered_at__isnull=True,
                                             released_at__isnull=True)
    return User.objects.filter(
        is_active=True, licence__isnull=False,
        licence__assigned_at__lt=_local_midnight(since)).annotate(
        last_usage=last_usage, last_saving=last_saving,
        asked_at=Subquery(open_check.values("asked_at")[:1]),
    ).filter(Q(last_usage__isnull=True) | Q(last_usage__lt=since),
             Q(last_saving__isnull=True) | Q(last_saving__lt=since)).exclude(
        pk__in=LicenceCheck.objects.filter(
            answer=LicenceCheck.Answer.YES,
            answered_at__gte=_local_midnight(since)).values("user_id")).order_by(
        "last_name", "first_name", "pk")


def licences_in_use(*, today: date | None = None) -> int:
    """Licence holders with Copilot activity or a logged saving in the last idle period."""
    today = today or timezone.localdate()
    since = today - timedelta(days=idle_days() - 1)
    holders = User.objects.filter(licence__isnull=False)
    return holders.filter(
        Q(pk__in=UsageRecord.objects.filter(
            date__gte=since, usage_import__status=ImportStatus.DONE).values("user_id"))
        | Q(pk__in=TimeSaving.objects.filter(date__gte=since).values("traveller_id"))).count()


def licence_checks_visible_to(user):
    """A traveller sees only their own questions."""
    return LicenceCheck.objects.filter(user=user) if user.is_authenticated else (
        LicenceCheck.objects.none())
