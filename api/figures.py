"""The impact dashboard as data: the same `Dashboard` the page shows (impact.selectors,
cached the same way), never recomputed here. A selection under MIN_GROUP_SIZE employees gives
its size and `hidden: true` and no figure, and every function-group row the dashboard hides
stays hidden (`hidden` or `too_few_contributors`, without figures), exactly as on the page.
"""

from rest_framework.exceptions import ValidationError

from impact import selectors as impact_selectors
from impact.constants import ObjectionStatus
from impact.forms import DashboardFilterForm


def filters_from(query) -> impact_selectors.Filters:
    """The dashboard's own filter form (van, tot, afdeling, functiegroep, persona). Unlike the
    page, which leaves a bad value out and says so, the API refuses it (400): a report must
    never show other figures than the ones asked for."""
    form = DashboardFilterForm(query or None)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form_errors(form))
    if not form.is_bound:
        return impact_selectors.Filters.default()
    d = form.cleaned_data
    return impact_selectors.Filters(start=d["van"], end=d["tot"], department=d["afdeling"],
                                    function_group=d["functiegroep"], persona=d["persona"])


def form_errors(form) -> dict:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def _ref(obj):
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def board_payload(board) -> dict:
    f = board.filters
    data = {
        "period": {"start": f.start, "end": f.end, "weeks": f.weeks},
        "department": _ref(f.department),
        "function_group": _ref(f.function_group),
        "persona": _ref(f.persona),
        "population": board.population,
        "hidden": board.hidden,
        "min_group_size": board.min_group,
        "computed_at": board.computed_at,
        "readiness": None, "adoption": None, "impact": None, "sentiment": None,
        "weeks": [], "months": [], "function_groups": [],
        "objections": _objections(board.objections),
    }
    if board.hidden:
        return data
    data["readiness"] = {k: board.readiness[k] for k in ("licences_total", "licences_used",
                                                          "trained")}
    data["adoption"] = {
        "active": board.adoption["active"], "population": board.adoption["population"],
        "journeys": board.adoption["journeys"], "tasks": board.adoption["tasks"],
    }
    data["impact"] = {k: board.impact[k] for k in (
        "minutes", "hours_total", "hours_per_week", "hours_per_week_recent", "recent_weeks",
        "tasks_adopted", "value", "cost", "roi_percent")}
    data["weeks"] = weekly_rows(board)
    data["months"] = [{"month": r["month"], "active_usage": r["usage"],
                       "active_logging": r["loggers"]} for r in board.adoption["trend"]]
    data["function_groups"] = [_group_row(r) for r in board.groups]
    s = board.sentiment
    if s.get("survey") is not None:
        data["sentiment"] = {
            "respondents": s["respondents"], "hidden": s["hidden"],
            "invitations_sent": s["sent"], "invitations_answered": s["answered"],
            "statements": [] if s["hidden"] else [
                {"text": r["text"], "average": r["average"], "agree_percent": r["agree_percent"],
                 "responses": r["n"]} for r in s["rows"]],
        }
    return data


def weekly_rows(board) -> list[dict]:
    """One row a week of hours saved for the selection (none when the selection is hidden),
    with the selection's names beside it so rows of several calls stack into one table."""
    if board.hidden:
        return []
    f = board.filters
    names = {"department": getattr(f.department, "name", None),
             "function_group": getattr(f.function_group, "name", None),
             "persona": getattr(f.persona, "name", None)}
    return [{"week": r["week"], "hours": r["hours"], **names} for r in board.impact["trend"]]


def _objections(counts: dict) -> dict:
    by_status = {value: n for value, (_label, n) in zip(ObjectionStatus.values, counts["rows"])}
    return {"total": counts["total"], "by_status": by_status}


def _group_row(row: dict) -> dict:
    shown = not row["hidden"] and not row["too_few_contributors"]
    return {
        "id": row["pk"], "name": row["name"],
        "hidden": row["hidden"], "too_few_contributors": row["too_few_contributors"],
        "hours": row["hours"] if shown else None,
        "hours_per_week": row["hours_per_week"] if shown else None,
        "minutes_per_traveller_week": row["minutes_per_traveller_week"] if shown else None,
    }
