"""Reads of the dated progress reports: the figures a report freezes at publication, the list,
the previous report and what changed since then. Aggregates only, no person's name."""

from datetime import date

from .selectors import Filters, dashboard, governance_indicators


# The totals a published report keeps, in the order the report shows them.
PROGRESS_TOTALS = ("population", "licences_used", "active", "hours_total", "hours_per_week",
                   "tasks_adopted")


def _plain(value):
    """A figure as JSON keeps it: numbers stay numbers, everything else becomes text."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def progress_figures(*, start: date, end: date) -> dict:
    """The figures of a progress report for a period, as plain JSON: the four steps'
    indicators as they stand, and the period's totals, weekly hours and function groups from
    the dashboard. Aggregates only: groups under the minimum size are left out, as on the
    dashboard, and no person is named."""
    board = dashboard(Filters(start=start, end=end))
    totals = {"population": board.population,
              "licences_used": board.readiness["licences_used"]}
    trend, groups = [], []
    if not board.hidden:
        totals.update({"active": board.adoption["active"],
                       "hours_total": board.impact["hours_total"],
                       "hours_per_week": board.impact["hours_per_week"],
                       "tasks_adopted": board.impact["tasks_adopted"]})
        trend = [{"week": _plain(r["week"]), "hours": _plain(r["hours"])}
                 for r in board.impact["trend"]]
        groups = [{"name": str(g["name"]), "hours": _plain(g["hours"])}
                  for g in board.groups if "hours" in g]
    return {
        "version": 1,
        "hidden": board.hidden,
        "min_group": board.min_group,
        "steps": [{"step": s["step"], "rows": [[key, _plain(value)] for key, value in s["rows"]]}
                  for s in governance_indicators()],
        "totals": {key: _plain(value) for key, value in totals.items()},
        "trend": trend,
        "groups": groups,
    }


def progress_reports():
    from .models import ProgressReport

    return ProgressReport.objects.only(
        "pk", "title", "period_start", "period_end", "published_at")


def progress_report_previous(report):
    """The report published before this one (by period, then publication), or None."""
    from django.db.models import Q

    from .models import ProgressReport

    return ProgressReport.objects.filter(
        Q(period_end__lt=report.period_end)
        | Q(period_end=report.period_end, published_at__lt=report.published_at)
        | Q(period_end=report.period_end, published_at=report.published_at, pk__lt=report.pk)
    ).order_by("-period_end", "-published_at", "-pk").first()


def progress_comparison(report, previous) -> dict:
    """What changed since the previous report: each total with its difference, and each
    indicator with the value it had then."""
    now, then = report.figures or {}, (previous.figures if previous else None) or {}
    totals = []
    for key in PROGRESS_TOTALS:
        value = (now.get("totals") or {}).get(key)
        before = (then.get("totals") or {}).get(key) if previous else None
        delta = None
        if isinstance(value, int | float) and isinstance(before, int | float):
            delta = round(value - before, 1)
            delta = int(delta) if float(delta).is_integer() else delta
        totals.append({"key": key, "value": value, "previous": before, "delta": delta})
    before_rows = {key: value for s in then.get("steps", []) for key, value in s["rows"]}
    steps = [{"step": s["step"], "rows": [
        {"key": key, "value": value, "previous": before_rows.get(key),
         "changed": bool(previous) and key in before_rows and before_rows[key] != value}
        for key, value in s["rows"]]} for s in now.get("steps", [])]
    return {"totals": totals, "steps": steps}
