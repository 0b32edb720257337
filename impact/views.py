from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from journeys import selectors as journey_selectors
from reisbureau import csvexport
from reisbureau.constants import Role
from reisbureau.csvexport import csv_export
from reisbureau.db_router import use_replica
from reisbureau.permissions import (
    council_may_view,
    has_any_role,
    is_agency_staff,
    login_required,
    role_required,
)
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import permissions, registry, selectors, services
from .constants import FINISHED_IMPORT_STATUSES, InterviewTheme, ObjectionStatus
from .forms import (
    DashboardFilterForm,
    InterviewForm,
    ObjectionAnswerForm,
    ObjectionForm,
    QuestionForm,
    SurveyAnswerForm,
    SurveyForm,
    TimeSavingEditForm,
    TimeSavingForm,
    UsageImportForm,
)

DASHBOARD = permissions.REPORT_READERS


def _csv(filename: str, header: list, rows) -> HttpResponse:
    return csvexport.response(filename, header, rows)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


# --- Landing -----------------------------------------------------------------------------

@council_may_view
@login_required
def index(request):
    user = request.user
    return render(request, "impact/index.html", {
        "open_surveys": list(selectors.open_surveys_for(user)[:10]),
        "recent_savings": list(selectors.savings_of(user)[:5]),
        "is_dashboard": permissions.can_see_dashboards(user),
        "is_interviewer": permissions.can_interview(user),
        "is_handler": permissions.can_handle_objections(user),
        "is_agency": is_agency_staff(user),
        "advised": list(journey_selectors.journeys_of_adviser(user)[:20])
        if has_any_role(user, Role.ADVISER) else [],
    })


# --- Time saved --------------------------------------------------------------------------

@require_POST
@login_required
def saving_log(request):
    user = request.user
    form = TimeSavingForm(request.POST, tasks=selectors.usable_tasks(user))
    next_url = request.POST.get("next") or ""
    target = next_url if next_url in ("/", reverse("impact:savings")) else reverse(
        "impact:savings")
    if form.is_valid():
        data = form.cleaned_data
        ok, entry = attempt(lambda: services.time_saving_log(
            traveller=user, task_id=data["task"], minutes=data["minutes"], day=data["day"],
            note=data["note"]), request=request)
        if ok:
            when = _("today") if entry.date == timezone.localdate() else entry.date.strftime(
                "%d-%m-%Y")
            messages.success(request, ngettext(
                "%(when)s %(minutes)s minute saved with “%(task)s”. Thank you!",
                "%(when)s %(minutes)s minutes saved with “%(task)s”. Thank you!",
                entry.minutes) % {"when": when.capitalize(),
                                                         "minutes": entry.minutes,
                                                         "task": entry.task.work_task})
            return redirect(target)
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(target)


@login_required
def savings(request):
    user = request.user
    tasks = list(selectors.usable_tasks(user))
    return render(request, "impact/savings.html", {
        "form": TimeSavingForm(tasks=tasks), "has_tasks": bool(tasks),
        "summaries": selectors.task_summaries(user),
        "page": paginate(request, selectors.savings_of(user)),
    })


@login_required
def saving_edit(request, pk):
    entry = permissions.time_savings.get_for_user_or_404(
        request.user, selectors.savings_of(request.user), pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        services.time_saving_delete(entry=entry, actor=request.user)
        messages.success(request, _("The entry has been removed."))
        return redirect("impact:savings")
    form = TimeSavingEditForm(request.POST or None, initial={
        "minutes": entry.minutes, "day": entry.date, "note": entry.note})
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.time_saving_update(
            entry=entry, actor=request.user, minutes=form.cleaned_data["minutes"],
            day=form.cleaned_data["day"], note=form.cleaned_data["note"]), form=form)
        if ok:
            messages.success(request, _("The entry has been corrected."))
            return redirect("impact:savings")
    return render(request, "impact/saving_edit.html", {"form": form, "entry": entry})


@role_required(Role.ADVISER, Role.AGENCY_STAFF)
def journey_savings(request, journey_pk):
    journey = journey_selectors.journey_for_logs(request.user, journey_pk)
    return render(request, "impact/journey_savings.html", {
        "journey": journey, "page": paginate(request, selectors.journey_savings(journey))})


# --- Dashboard ---------------------------------------------------------------------------

def _filters(request):
    """The filters of the query string; a value that is not valid is left out and named in
    `ignored` (shown on the page), never a 500 and never silently."""
    form, ignored = DashboardFilterForm(request.GET or None), []
    if form.is_bound and not form.is_valid():
        form, ignored = form.without_errors()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, ignored, selectors.Filters(
            start=d["van"], end=d["tot"], department=d["afdeling"],
            function_group=d["functiegroep"], persona=d["persona"])
    return form, ignored, selectors.Filters.default()


@council_may_view
@role_required(*DASHBOARD)
@use_replica
@csv_export(query={"export": "csv"})
def dashboard(request):
    form, ignored, filters = _filters(request)
    board = selectors.cached_dashboard(filters)
    if request.GET.get("export") == "csv":
        return _dashboard_csv(board)
    charts = {}
    if not board.hidden:
        charts = {
            "hours": {"type": "line", "label": _("Hours saved a week"),
                      "labels": [r["week"].isoformat() for r in board.impact["trend"]],
                      "values": [r["hours"] for r in board.impact["trend"]]},
            "groups": {"type": "bar", "label": _("Hours saved in the period"),
                       "labels": [r["name"] for r in board.groups if "hours" in r],
                       "values": [r["hours"] for r in board.groups if "hours" in r]},
            "adoption": {"type": "bar", "label": _("Active employees a month"),
                         "labels": [r["month"].strftime("%Y-%m") for r in board.adoption["trend"]],
                         "values": [max(r["usage"], r["loggers"])
                                    for r in board.adoption["trend"]]},
        }
        for spec in charts.values():
            spec["rows"] = list(zip(spec["labels"], spec["values"]))
    return render(request, "impact/dashboard.html", {
        "board": board, "filters": form, "charts": charts, "ignored": ignored,
        "query_string": _query_without_page(request),
        "journey_labels": dict(_journey_status_labels()),
        "task_labels": dict(_task_status_labels()),
    })


def _journey_status_labels():
    from journeys.constants import JourneyStatus

    return JourneyStatus.choices


def _task_status_labels():
    from journeys.constants import TaskStatus

    return TaskStatus.choices


def _dashboard_csv(board):
    f = board.filters
    rows = [[_("Period"), f"{f.start.isoformat()} – {f.end.isoformat()}"],
            [_("Employees in the selection"), board.population]]
    if board.hidden:
        rows.append([_("Hidden"), ngettext("Fewer than %(n)s employee", "Fewer than %(n)s employees",
                                           board.min_group) % {"n": board.min_group}])
    else:
        rows += [
            [_("Licences in use"), board.readiness["licences_used"]],
            [_("Active in the last 28 days"), board.adoption["active"]],
            [_("Hours saved in total"), board.impact["hours_total"]],
            [_("Hours saved a week, average over the whole period"),
             board.impact["hours_per_week"]],
            [_("Hours saved a week, average of the last four weeks"),
             board.impact["hours_per_week_recent"]],
            [_("Tasks adopted"), board.impact["tasks_adopted"]],
            [_("Value (EUR)"), board.impact["value"]],
            [_("Licence cost (EUR)"), board.impact["cost"]],
            [_("Return on investment (%)"), board.impact["roi_percent"]],
        ]
        for r in board.impact["trend"]:
            rows.append([_("Hours saved in the week of %(week)s") % {"week": r["week"]},
                         r["hours"]])
        for g in board.groups:
            rows.append([_("Function group: %(name)s") % {"name": g["name"]},
                         g.get("hours", _("hidden"))])
        for r in board.sentiment.get("rows", []):
            rows.append([r["text"], r["average"]])
    for label, n in board.objections["rows"]:
        rows.append([_("Objections: %(status)s") % {"status": label}, n])
    return _csv("impact-dashboard.csv", [_("Figure"), _("Value")], rows)


@council_may_view
@role_required(*DASHBOARD)
@use_replica
@csv_export(query={"export": "csv"})
def ranking(request):
    rows = selectors.rollout_ranking()
    if request.GET.get("export") == "csv":
        return _csv("uitrol-ranglijst.csv", [
            _("Function group"), _("Employees"), _("Travelling"), _("Not yet travelling"),
            _("Minutes saved per traveller a week"), _("Hours a week to gain")],
            [[r["group"].name, r["employees"], r.get("travelling", ""), r.get("not_yet", ""),
              r.get("minutes_per_traveller") or "", r.get("potential_hours") or ""]
             if not r["hidden"] else [r["group"].name, _("hidden"), "", "", "", ""]
             for r in rows])
    return render(request, "impact/ranking.html", {"rows": rows,
                                                   "min_group": selectors.min_group_size()})


# --- Surveys -----------------------------------------------------------------------------

@role_required(*permissions.SURVEY_READERS)
def surveys(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_build_surveys(request.user):
            raise PermissionDenied
        if form.is_valid():
            ok, survey = attempt(lambda: services.survey_create(actor=request.user,
                                                                **form.cleaned_data), form=form)
            if ok:
                messages.success(request, _("The survey has been created. Add its questions."))
                return redirect(survey)
    return render(request, "impact/surveys.html", {
        "page": paginate(request, selectors.surveys_with_counts()), "form": form,
        "can_build": permissions.can_build_surveys(request.user)})


@role_required(*permissions.SURVEY_READERS)
@csv_export(query={"export": "csv"})
def survey_detail(request, pk):
    survey = permissions.surveys.get_for_user_or_404(request.user, pk=pk)
    can_build = permissions.can_build_surveys(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if not can_build:
            raise PermissionDenied
        if form.is_valid():
            ok, _result = attempt(lambda: services.survey_add_question(
                survey=survey, actor=request.user, **form.cleaned_data), form=form)
            if ok:
                messages.success(request, _("Question added."))
                return redirect(survey)
    results = selectors.survey_results(survey)
    if request.GET.get("export") == "csv":
        rows = []
        if not results["hidden"]:
            for r in results["results"]:
                for value, n in r["counts"]:
                    rows.append([r["question"].text, value, n])
        return _csv(f"enquete-{survey.pk}.csv", [_("Question"), _("Answer"), _("Count")], rows)
    return render(request, "impact/survey_detail.html", {
        "survey": survey, "results": results, "form": form, "can_build": can_build,
        "questions": list(survey.questions.all()), "min_group": selectors.min_group_size()})


@login_required
def survey_answer(request, pk):
    survey = permissions.surveys.get_for_user_or_404(request.user, pk=pk)
    own = survey.responses.filter(respondent=request.user).prefetch_related(
        "answers__question").first()
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None,
                            questions=questions)
    if own is None and request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.survey_respond(
            survey=survey, respondent=request.user, answers=form.answers()), form=form)
        if ok:
            messages.success(request, _("Thank you for your answers."))
            return redirect("impact:survey_answer", pk=survey.pk)
    return render(request, "impact/survey_answer.html", {
        "survey": survey, "form": form, "own": own,
        "own_answers": list(own.answers.all()) if own else []})


# --- Interviews --------------------------------------------------------------------------

@role_required(*permissions.INTERVIEW_ROLES)
def interviews(request):
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.interview_record(actor=request.user,
                                                                **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The interview has been recorded."))
            return redirect("impact:interviews")
    theme = request.GET.get("thema", "")
    theme = theme if theme in InterviewTheme.values else ""
    return render(request, "impact/interviews.html", {
        "form": form, "page": paginate(request, selectors.interviews(theme=theme)),
        "theme": theme, "themes": InterviewTheme.choices,
        "theme_counts": selectors.interview_theme_counts(),
        "query_string": f"thema={theme}" if theme else ""})


# --- Objections --------------------------------------------------------------------------

@login_required
def objections(request):
    status = request.GET.get("status", "")
    status = status if status in ObjectionStatus.values else ""
    qs = permissions.objections.visible(request.user, selectors.objections(status=status))
    return render(request, "impact/objections.html", {
        "page": paginate(request, qs), "status": status, "statuses": ObjectionStatus.choices,
        "is_handler": permissions.can_handle_objections(request.user),
        "counts": selectors.objection_counts(),
        "query_string": f"status={status}" if status else ""})


@login_required
def objection_new(request):
    kind = registry.target_kinds().get(request.GET.get("soort", "task"))
    if kind is None:
        raise Http404
    choices = kind.choices(request.user)
    initial = {}
    if request.GET.get("id", "").isdigit():
        initial["target"] = int(request.GET["id"])
    form = ObjectionForm(request.POST or None, target_choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, objection = attempt(lambda: services.objection_raise(
            actor=request.user, target_kind=kind.key, target_id=form.cleaned_data["target"],
            kind=form.cleaned_data["kind"], description=form.cleaned_data["description"]),
            form=form)
        if ok:
            messages.success(request, _("Your objection has been registered. The agency will "
                                        "answer it."))
            return redirect(objection)
    return render(request, "impact/objection_form.html", {"form": form, "kind": kind})


@login_required
def objection_detail(request, pk):
    objection = permissions.objections.get_for_user_or_404(
        request.user, selectors.objections(), pk=pk)
    is_handler = permissions.can_handle_objections(request.user)
    form = ObjectionAnswerForm(request.POST or None)
    if request.method == "POST":
        if not is_handler:
            raise PermissionDenied
        if request.POST.get("action") == "consider":
            return act(request, lambda: services.objection_consider(objection=objection,
                                                                    actor=request.user),
                       success=_("The objection is under consideration."), then=objection)
        if form.is_valid():
            return act(request, lambda: services.objection_resolve(
                objection=objection, actor=request.user, answer=form.cleaned_data["answer"]),
                success=_("The objection has been resolved."), then=objection)
    return render(request, "impact/objection_detail.html", {
        "objection": objection, "is_handler": is_handler, "form": form,
        "ObjectionStatus": ObjectionStatus})


# --- Usage import ------------------------------------------------------------------------

@role_required(*permissions.IMPORTERS)
def imports(request):
    form = UsageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, usage_import = attempt(lambda: services.usage_import_start(
            actor=request.user, uploaded_file=form.cleaned_data["file"],
            format=form.cleaned_data["format"], mode=form.cleaned_data["mode"]), form=form)
        if ok:
            messages.success(request, _("The file has been uploaded; this page shows how the "
                                        "import goes."))
            return redirect(usage_import)
    return render(request, "impact/imports.html", {
        "form": form, "page": paginate(request, selectors.usage_imports()),
        "graph_enabled": settings.GRAPH_USAGE_IMPORT_ENABLED})


@require_POST
@role_required(*permissions.IMPORTERS)
def import_graph(request):
    """Staff's "Fetch now": the Copilot usage report from Microsoft Graph, when switched on."""
    if not settings.GRAPH_USAGE_IMPORT_ENABLED:
        raise Http404
    ok, usage_import = attempt(lambda: services.graph_usage_import_start(actor=request.user),
                               request=request)
    if not ok:
        return redirect("impact:imports")
    messages.success(request, _("The usage report is being fetched from Microsoft Graph; this "
                                "page shows how the import goes."))
    return redirect(usage_import)


@role_required(*permissions.IMPORTERS)
def import_detail(request, pk):
    usage_import = permissions.imports.get_for_user_or_404(
        request.user, selectors.usage_imports(), pk=pk)
    context = {"usage_import": usage_import,
               "finished": usage_import.status in FINISHED_IMPORT_STATUSES}
    if request.htmx:
        return render(request, "impact/import_detail.html#progress", context)
    return render(request, "impact/import_detail.html", context)


@require_POST
@role_required(*permissions.IMPORTERS)
def import_retry(request, pk):
    usage_import = permissions.imports.get_for_user_or_404(
        request.user, selectors.usage_imports(), pk=pk)
    return act(request, lambda: services.usage_import_retry(actor=request.user,
                                                            usage_import=usage_import),
               success=_("The import starts again."), then=usage_import)


# --- Reports -----------------------------------------------------------------------------

@role_required(Role.MANAGER, Role.AGENCY_STAFF, Role.ADVISER)
@use_replica
def evaluation_report(request):
    return render(request, "impact/evaluation_report.html", {
        "report": selectors.evaluation_report(),
        "task_labels": dict(_task_status_labels())})


INDICATOR_LABELS = {
    "agency": gettext_lazy("Agency open, staffing (hours a week)"),
    "licences": gettext_lazy("Licences in use"),
    "journeys": gettext_lazy("Journeys planned or under way"),
    "customs": gettext_lazy("Customs sessions held every two weeks"),
    "evaluations": gettext_lazy("Three-month evaluations done"),
    "trainings": gettext_lazy("Trainings held"),
    "literacy": gettext_lazy("AI-literacy coverage"),
    "community": gettext_lazy("Community activity"),
    "hours": gettext_lazy("Hours saved, measured"),
    "surveys": gettext_lazy("Survey responses"),
    "objections": gettext_lazy("Objections raised"),
    "rollout": gettext_lazy("Function groups travelling"),
    "measured_groups": gettext_lazy("Function groups with measured time saved"),
    "adopted": gettext_lazy("Tasks adopted as a standard way of working"),
    "excluded": gettext_lazy("Tasks excluded by customs"),
}


@council_may_view
@role_required(*DASHBOARD)
@use_replica
@csv_export(query={"export": "csv"})
def governance_report(request):
    titles = {1: gettext_lazy("Step 1: open a travel agency"),
              2: gettext_lazy("Step 2: make employees skilled travellers"),
              3: gettext_lazy("Step 3: measure impact and speed up adoption"),
              4: gettext_lazy("Step 4: from pilot to standard way of working")}
    steps = [{"step": s["step"], "title": titles[s["step"]],
              "rows": [(INDICATOR_LABELS[key], value) for key, value in s["rows"]]}
             for s in selectors.governance_indicators()]
    if request.GET.get("export") == "csv":
        return _csv("voortgang-college-en-raad.csv", [_("Step"), _("Indicator"), _("Value")],
                    [[s["title"], label, value if value is not None else _("not measured yet")]
                     for s in steps for label, value in s["rows"]])
    return render(request, "impact/governance_report.html", {
        "steps": steps, "ranking": [r for r in selectors.rollout_ranking() if not r["hidden"]],
        "today": timezone.localdate()})

