"""Every read of impact. Dashboard figures are database aggregates; time saved comes from the
weekly roll-ups, so a dashboard costs the same at two million entries as at two hundred.

Privacy: every figure about people is computed for a *population* (the employees matching the
filters). When that population is smaller than MIN_GROUP_SIZE the figures are hidden, and so
is every row of a breakdown whose own population is smaller: narrowing the filters cannot
single out a person.
"""

from dataclasses import dataclass, field
from time import time_ns
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language

from journeys import selectors as journey_selectors
from reisbureau import selectors as core_selectors
from reisbureau.models import FunctionGroup, LicenceAssignment, User

from .constants import (
    ACTIVE_WINDOW_DAYS,
    InterviewTheme,
    ObjectionStatus,
    QuestionKind,
)
from .models import (
    Interview,
    MonthlyActivityRollup,
    Objection,
    RollupRun,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    TimeSaving,
    UsageImport,
    UserMonthActivity,
    WeeklyRollup,
)


RECENT_WEEKS = 4


def min_group_size() -> int:
    return settings.REISBUREAU["MIN_GROUP_SIZE"]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    department: object = None
    function_group: object = None
    persona: object = None

    @property
    def weeks(self) -> int:
        return max(1, ((self.end - self.start).days + 1 + 6) // 7)

    @property
    def months(self) -> float:
        return max(1.0, ((self.end - self.start).days + 1) / 30.44)

    @classmethod
    def default(cls, today=None):
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=364), end=today)


def population(filters: Filters):
    qs = User.objects.filter(is_active=True)
    if filters.department:
        qs = qs.filter(department=filters.department)
    if filters.function_group:
        qs = qs.filter(function_group=filters.function_group)
    if filters.persona:
        qs = qs.filter(personas=filters.persona)
    return qs


# --- Pure arithmetic (tested on its own) --------------------------------------------------

def value_and_roi(*, minutes_saved: int, licences: int, months: float,
                  hourly_rate: float | None = None, licence_cost_month: float | None = None):
    """Value of the time saved against the cost of the licences for the period."""
    conf = settings.REISBUREAU
    rate = conf["HOURLY_RATE_EUR"] if hourly_rate is None else hourly_rate
    cost_month = conf["LICENCE_COST_EUR_MONTH"] if licence_cost_month is None else (
        licence_cost_month)
    hours = minutes_saved / 60
    value = round(hours * rate)
    cost = round(licences * cost_month * months)
    roi = round(100 * (value - cost) / cost) if cost else None
    return {"hours": round(hours, 1), "value": value, "cost": cost, "roi_percent": roi}


def task_time(*, baseline: int | None, saved_per_week: float) -> dict:
    """Baseline minutes a week against the minutes with AI."""
    if baseline is None:
        return {"baseline": None, "saved": round(saved_per_week), "with_ai": None,
                "percent": None}
    saved = min(round(saved_per_week), baseline)
    return {"baseline": baseline, "saved": saved, "with_ai": baseline - saved,
            "percent": round(100 * saved / baseline) if baseline else 0}


def active_travellers(user_qs, *, today: date | None = None) -> int:
    """Travellers with at least one AI action (imported usage or a logged saving) in the last
    28 days, today included. Reads the per-month activity the roll-up job keeps (at most two
    months of rows per employee), so it is as fresh as the roll-ups."""
    today = today or timezone.localdate()
    since = today - timedelta(days=ACTIVE_WINDOW_DAYS - 1)
    return user_qs.filter(pk__in=UserMonthActivity.objects.filter(
        month__gte=since.replace(day=1), month__lte=today).filter(
        Q(last_usage_day__gte=since, last_usage_day__lte=today)
        | Q(last_log_day__gte=since, last_log_day__lte=today)).values("user_id")).count()


# --- Time saved: the traveller's own -----------------------------------------------------

def savings_of(user):
    return TimeSaving.objects.filter(traveller=user).select_related("task__journey").order_by(
        "-date", "-pk")


def usable_tasks(user):
    return journey_selectors.usable_tasks_of_traveller(user)


def task_summaries(user, *, weeks: int = 4) -> list[dict]:
    """Per usable task: baseline, average saved a week over the last weeks, minutes with AI."""
    today = timezone.localdate()
    since = week_start(today) - timedelta(weeks=weeks - 1)
    tasks = list(usable_tasks(user))
    totals = dict(TimeSaving.objects.filter(traveller=user, week_start__gte=since).values(
        "task_id").annotate(total=Sum("minutes")).values_list("task_id", "total"))
    return [{"task": t, **task_time(baseline=journey_selectors.task_baseline_minutes(t),
                                     saved_per_week=(totals.get(t.pk, 0) / weeks))}
            for t in tasks]


def journey_savings(journey):
    return TimeSaving.objects.filter(task__journey=journey).select_related(
        "traveller", "task").order_by("-date", "-pk")


# --- Dashboard ---------------------------------------------------------------------------

def rollups(filters: Filters):
    qs = WeeklyRollup.objects.filter(week_start__gte=week_start(filters.start),
                                     week_start__lte=filters.end)
    qs = qs.filter(persona=filters.persona) if filters.persona else qs.filter(
        persona__isnull=True)
    if filters.department:
        qs = qs.filter(department=filters.department)
    if filters.function_group:
        qs = qs.filter(function_group=filters.function_group)
    return qs.order_by()


def rollup_freshness():
    return RollupRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


@dataclass
class Dashboard:
    filters: Filters
    population: int
    hidden: bool
    min_group: int
    readiness: dict = field(default_factory=dict)
    adoption: dict = field(default_factory=dict)
    impact: dict = field(default_factory=dict)
    sentiment: dict = field(default_factory=dict)
    objections: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)
    apps: dict = field(default_factory=dict)
    freshness: object = None
    computed_at: object = field(default_factory=timezone.now)


def _dashboard_version():
    """The token services.dashboard_invalidate() renews whenever time saved, usage or survey
    answers change. Made when missing (evicted), so an old entry is never read again."""
    from .services import DASHBOARD_VERSION_KEY

    version = cache.get(DASHBOARD_VERSION_KEY)
    if version is None:
        cache.add(DASHBOARD_VERSION_KEY, time_ns(), None)
        version = cache.get(DASHBOARD_VERSION_KEY)
    return version


def cached_dashboard(filters: Filters) -> Dashboard:
    """The dashboard as every manager sees it for these filters, computed at most once every
    `DASHBOARD_CACHE_SECONDS` (Redis) and again as soon as the roll-ups change: the key holds
    the latest roll-up run and a version token that a logged saving, a finished usage import
    and a survey answer renew on commit, so those show at once; other
    figures (journey states, objections, licences) are at most that many seconds old, and the
    page says when the figures were computed. Aggregates only, the same for every viewer."""
    seconds = settings.REISBUREAU["DASHBOARD_CACHE_SECONDS"]
    if not seconds:
        return dashboard(filters)
    run = RollupRun.objects.filter(finished_at__isnull=False).order_by(
        "-finished_at").values_list("pk", flat=True).first()
    key = ":".join(str(part) for part in (
        "impact-dashboard-v3", run, _dashboard_version(), get_language(), filters.start, filters.end,
        getattr(filters.department, "pk", ""), getattr(filters.function_group, "pk", ""),
        getattr(filters.persona, "pk", "")))
    board = cache.get(key)
    if board is None:
        board = dashboard(filters)
        cache.set(key, board, seconds)
    return board


def dashboard(filters: Filters) -> Dashboard:
    from . import registry

    people = population(filters)
    size = people.count()
    board = Dashboard(filters=filters, population=size, hidden=size < min_group_size(),
                      min_group=min_group_size(), freshness=rollup_freshness())
    board.objections = objection_counts()
    pool = core_selectors.capacity_overview() if not (
        filters.department or filters.function_group or filters.persona) else None
    licences = LicenceAssignment.objects.filter(user__in=people).count()
    board.readiness = {
        "licences_total": pool.licences_total if pool else None,
        "licences_used": licences,
        "trained": registry.indicator_value("literacy_coverage"),
    }
    if board.hidden:
        return board
    # The whole municipality (no filter): every journey and task, without first matching
    # them to the ten thousand employees of the selection.
    unfiltered = not (filters.department or filters.function_group or filters.persona)
    ids = None if unfiltered else people.values("pk")
    board.adoption = {
        "active": active_travellers(people),
        "population": size,
        "journeys": journey_selectors.journey_status_counts(ids),
        "tasks": journey_selectors.task_status_counts(ids),
        "trend": usage_trend(people, filters),
    }
    totals = rollups(filters).aggregate(minutes=Sum("minutes"), entries=Sum("entries"))
    minutes = totals["minutes"] or 0
    weekly = list(rollups(filters).values("week_start").annotate(m=Sum("minutes"))
                  .order_by("week_start"))
    # The average over the whole period hides a rising trend: the last four weeks of the
    # period (the end date's week included) beside it, from the same rows.
    recent_since = week_start(filters.end) - timedelta(weeks=RECENT_WEEKS - 1)
    recent = sum(r["m"] for r in weekly if r["week_start"] >= recent_since)
    board.impact = {
        "minutes": minutes,
        "hours_total": round(minutes / 60, 1),
        "hours_per_week": round(minutes / 60 / filters.weeks, 1),
        "weeks": filters.weeks,
        "recent_weeks": min(RECENT_WEEKS, filters.weeks),
        "hours_per_week_recent": round(recent / 60 / min(RECENT_WEEKS, filters.weeks), 1),
        "tasks_adopted": board.adoption["tasks"].get("adopted", 0),
        "trend": [{"week": r["week_start"], "hours": round(r["m"] / 60, 1)} for r in weekly],
        **value_and_roi(minutes_saved=minutes, licences=licences, months=filters.months),
    }
    board.sentiment = sentiment(people, filters)
    board.groups = group_rows(filters)
    from .usage import app_usage

    board.apps = app_usage(people, filters)
    return board


def usage_trend(people, filters: Filters) -> list[dict]:
    """Distinct active employees per calendar month of the period (imported usage and logged
    savings), summed from the monthly activity roll-ups: each employee is in one department
    and one function group, so the sums count each person once."""
    qs = MonthlyActivityRollup.objects.filter(month__gte=filters.start.replace(day=1),
                                              month__lte=filters.end)
    qs = qs.filter(persona=filters.persona) if filters.persona else qs.filter(
        persona__isnull=True)
    if filters.department:
        qs = qs.filter(department=filters.department)
    if filters.function_group:
        qs = qs.filter(function_group=filters.function_group)
    rows = qs.order_by("month").values("month").annotate(usage=Sum("usage_users"),
                                                         loggers=Sum("loggers"))
    return [{"month": r["month"], "usage": r["usage"], "loggers": r["loggers"]} for r in rows]


def contributors_by_group(filters: Filters) -> dict:
    """Per function group, a lower bound of the distinct travellers behind its time saved: the
    largest number who logged in one week (each traveller belongs to one department, so the
    week's sum over departments counts each once). Reads the roll-ups only."""
    weekly = rollups(filters).values("function_group_id", "week_start").annotate(
        n=Sum("travellers")).values_list("function_group_id", "n")
    result: dict = {}
    for group_id, n in weekly:
        result[group_id] = max(result.get(group_id, 0), n or 0)
    return result


def group_rows(filters: Filters) -> list[dict]:
    """Per function group within the filters; a group smaller than the minimum is hidden."""
    people = population(Filters(start=filters.start, end=filters.end,
                                department=filters.department, persona=filters.persona))
    sizes = dict(people.values("function_group_id").annotate(n=Count("pk", distinct=True))
                 .values_list("function_group_id", "n"))
    data = {r["function_group_id"]: r for r in rollups(
        Filters(start=filters.start, end=filters.end, department=filters.department,
                persona=filters.persona)).values("function_group_id").annotate(
        minutes=Sum("minutes"), traveller_weeks=Sum("travellers"))}
    contributors = contributors_by_group(Filters(
        start=filters.start, end=filters.end, department=filters.department,
        persona=filters.persona))
    names = dict(FunctionGroup.objects.values_list("pk", "name"))
    rows = []
    for pk, name in sorted(names.items(), key=lambda item: item[1]):
        if filters.function_group and filters.function_group.pk != pk:
            continue
        size = sizes.get(pk, 0)
        row = {"pk": pk, "name": name, "employees": size, "hidden": size < min_group_size()}
        # Figures made by fewer than the minimum number of travellers would show one person's
        # logs, however large the group: show them only when enough travellers contribute.
        row["too_few_contributors"] = (not row["hidden"]
                                       and 0 < contributors.get(pk, 0) < min_group_size())
        if not row["hidden"] and not row["too_few_contributors"]:
            r = data.get(pk) or {"minutes": 0, "traveller_weeks": 0}
            row["hours"] = round((r["minutes"] or 0) / 60, 1)
            row["hours_per_week"] = round((r["minutes"] or 0) / 60 / filters.weeks, 1)
            row["minutes_per_traveller_week"] = (
                round(r["minutes"] / r["traveller_weeks"]) if r["traveller_weeks"] else None)
        rows.append(row)
    return rows


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def sentiment(people, filters: Filters) -> dict:
    survey = Survey.objects.filter(is_default=True).first()
    if survey is None:
        return {"survey": None}
    # Local midnights, not `__date`: a range on the column itself can use its index.
    since, until = _local_midnight(filters.start), _local_midnight(filters.end + timedelta(days=1))
    answers = SurveyAnswer.objects.filter(
        response__survey=survey, response__respondent__in=people,
        response__submitted_at__gte=since, response__submitted_at__lt=until,
        question__kind=QuestionKind.SCALE)
    respondents = SurveyResponse.objects.filter(
        survey=survey, respondent__in=people, submitted_at__gte=since,
        submitted_at__lt=until).count()
    rate = response_rate(survey)
    if respondents < min_group_size():
        return {"survey": survey, "respondents": respondents, "hidden": True, **rate}
    rows = answers.values("question_id", "question__text", "question__order").annotate(
        avg=Avg("scale_value"), n=Count("pk"),
        agree=Count("pk", filter=Q(scale_value__gte=4))).order_by("question__order")
    return {"survey": survey, "respondents": respondents, "hidden": False, **rate,
            "rows": [{"text": r["question__text"], "average": round(r["avg"], 1),
                      "agree_percent": round(100 * r["agree"] / r["n"]), "n": r["n"]}
                     for r in rows]}


def response_rate(survey) -> dict:
    counts = SurveyInvitation.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(responded_at__isnull=False)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)))
    sent = counts["sent"]
    return {"sent": sent, "answered": counts["answered"], "reminded": counts["reminded"],
            "rate": round(100 * counts["answered"] / sent) if sent else None}


def objection_counts() -> dict:
    counts = dict(Objection.objects.values("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    return {"rows": [(label, counts.get(value, 0)) for value, label in ObjectionStatus.choices],
            "total": sum(counts.values()),
            "by_kind": dict(Objection.objects.values("kind").annotate(n=Count("pk"))
                            .values_list("kind", "n"))}


# --- Where to roll out next --------------------------------------------------------------

def rollout_ranking(*, weeks: int = 13, today: date | None = None) -> list[dict]:
    """Function groups by the hours a week they would gain if every employee travelled:
    measured minutes saved per traveller a week times the employees not yet travelling."""
    today = today or timezone.localdate()
    filters = Filters(start=today - timedelta(weeks=weeks), end=today)
    employees = dict(User.objects.filter(is_active=True).values("function_group_id").annotate(
        n=Count("pk")).values_list("function_group_id", "n"))
    travelling = dict(journey_selectors.travellers_on_journeys().order_by().values(
        "function_group_id").annotate(n=Count("pk", distinct=True)).values_list(
        "function_group_id", "n"))
    measured = {r["function_group_id"]: r for r in rollups(filters).values(
        "function_group_id").annotate(minutes=Sum("minutes"),
                                      traveller_weeks=Sum("travellers"))}
    contributors = contributors_by_group(filters)
    rows = []
    for group in FunctionGroup.objects.order_by("name"):
        size = employees.get(group.pk, 0)
        row = {"group": group, "employees": size, "hidden": size < min_group_size()}
        if row["hidden"]:
            rows.append(row)
            continue
        on_journeys = travelling.get(group.pk, 0)
        m = measured.get(group.pk)
        if m and contributors.get(group.pk, 0) < min_group_size():
            m = None  # too few travellers measured: their average would be one person's
            row["too_few_contributors"] = True
        per_traveller = round(m["minutes"] / m["traveller_weeks"]) if m and m[
            "traveller_weeks"] else None
        not_yet = max(size - on_journeys, 0)
        potential = round(per_traveller * not_yet / 60, 1) if per_traveller else None
        row.update({"travelling": on_journeys, "not_yet": not_yet,
                    "minutes_per_traveller": per_traveller, "potential_hours": potential})
        rows.append(row)
    rows.sort(key=lambda r: (r["hidden"], r.get("potential_hours") is None,
                             -(r.get("potential_hours") or 0), r["group"].name))
    return rows


# --- Lists -------------------------------------------------------------------------------

def interviews(*, theme: str = ""):
    qs = Interview.objects.select_related("interviewer", "department", "function_group")
    if theme:
        # JSON containment differs per database; themes are few, so filter on the text form.
        qs = qs.filter(themes__icontains=f'"{theme}"')
    return qs.order_by("-held_on", "-pk")


def interview_theme_counts() -> list[tuple]:
    counts = {value: 0 for value in InterviewTheme.values}
    for themes in Interview.objects.values_list("themes", flat=True).iterator():
        for theme in themes:
            if theme in counts:
                counts[theme] += 1
    return [(label, counts[value]) for value, label in InterviewTheme.choices]


def objections(*, status: str = ""):
    qs = Objection.objects.select_related("raised_by", "handled_by", "target_type")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def surveys_with_counts():
    return Survey.objects.annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
        sent_count=Count("invitations", distinct=True),
    ).order_by("-is_default", "title", "pk")


def open_surveys_for(user):
    """Surveys the user may answer now: invited and not answered, or open to all."""
    answered = SurveyResponse.objects.filter(respondent=user).values("survey_id")
    invited = SurveyInvitation.objects.filter(traveller=user, responded_at__isnull=True).values(
        "survey_id")
    return Survey.objects.filter(Q(pk__in=invited) | Q(is_open=True)).exclude(
        pk__in=answered).order_by("title", "pk")


def survey_results(survey) -> dict:
    """Counts per answer; open answers only without names, and only above the minimum."""
    respondents = survey.responses.count()
    hidden = respondents < min_group_size()
    questions = list(survey.questions.all())
    results = []
    if not hidden:
        scale = {(r["question_id"], r["scale_value"]): r["n"] for r in SurveyAnswer.objects.filter(
            question__survey=survey, scale_value__isnull=False).values(
            "question_id", "scale_value").annotate(n=Count("pk"))}
        choice = {(r["question_id"], r["choice"]): r["n"] for r in SurveyAnswer.objects.filter(
            question__survey=survey).exclude(choice="").values("question_id", "choice")
            .annotate(n=Count("pk"))}
        texts = {}
        for qid, text in SurveyAnswer.objects.filter(question__survey=survey).exclude(
                text="").order_by("?").values_list("question_id", "text")[:500]:
            texts.setdefault(qid, []).append(text)
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                counts = [(v, scale.get((q.pk, v), 0)) for v in range(1, 6)]
            elif q.kind == QuestionKind.CHOICE:
                counts = [(c, choice.get((q.pk, c), 0)) for c in q.choices]
            else:
                counts = []
            results.append({"question": q, "counts": counts, "texts": texts.get(q.pk, [])[:50]})
    return {"respondents": respondents, "hidden": hidden, "results": results,
            **response_rate(survey)}


def usage_imports():
    return UsageImport.objects.select_related("uploaded_by").order_by("-created_at", "-pk")


# --- Reports -----------------------------------------------------------------------------

def evaluation_report() -> dict:
    evaluations = list(journey_selectors.completed_evaluations()[:50])
    return {
        "evaluations": evaluations,
        "counts": journey_selectors.evaluation_counts(),
        "themes": interview_theme_counts(),
        "objections": objection_counts(),
        "tasks": journey_selectors.task_status_counts(),
        "hours_total": round((WeeklyRollup.objects.filter(persona__isnull=True).aggregate(
            m=Sum("minutes"))["m"] or 0) / 60),
    }


def governance_indicators() -> list[dict]:
    """The four steps of the seed with what the portal measures for each."""
    from . import registry

    capacity = core_selectors.capacity_overview()
    journeys = journey_selectors.journey_status_counts()
    tasks = journey_selectors.task_status_counts()
    evaluations = journey_selectors.evaluation_counts()
    hours = (WeeklyRollup.objects.filter(persona__isnull=True).aggregate(m=Sum("minutes"))["m"]
             or 0) / 60
    surveys = SurveyResponse.objects.count()
    ranking = rollout_ranking()
    measured_groups = [r for r in ranking if not r["hidden"] and r.get("minutes_per_traveller")]
    travelling_groups = [r for r in ranking if not r["hidden"] and r.get("travelling")]
    staffing = ", ".join(f"{label}: {h} u" for label, h in capacity.staffing_hours.items() if h)

    def measured(key):
        return registry.indicator_value(key)

    return [
        {"step": 1, "title": "step1", "rows": [
            ("agency", staffing or None),
            ("licences", f"{capacity.licences_used} / {capacity.licences_total}"),
            ("journeys", sum(v for k, v in journeys.items() if k != "cancelled")),
            ("customs", measured("customs_sessions")),
            ("evaluations", f"{evaluations['done']} / {evaluations['total']}"),
        ]},
        {"step": 2, "title": "step2", "rows": [
            ("trainings", measured("trainings")),
            ("literacy", measured("literacy_coverage")),
            ("community", measured("community_activity")),
        ]},
        {"step": 3, "title": "step3", "rows": [
            ("hours", round(hours)),
            ("surveys", surveys),
            ("objections", objection_counts()["total"]),
            ("rollout", f"{len(travelling_groups)} / {len(ranking)}"),
            ("measured_groups", len(measured_groups)),
        ]},
        {"step": 4, "title": "step4", "rows": [
            ("adopted", tasks.get("adopted", 0)),
            ("excluded", tasks.get("excluded", 0)),
        ]},
    ]


