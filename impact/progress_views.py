"""The dated progress reports: the list (with the publish form for agency staff), one report
compared with the previous one, and its CSV and server-drawn PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reisbureau import csvexport
from reisbureau.csvexport import csv_export
from reisbureau.exceptions import DomainError
from reisbureau.permissions import council_may_view, has_any_role, role_required
from reisbureau.views import paginate

from . import permissions, progress, services
from .views import INDICATOR_LABELS


STEP_TITLES = {1: gettext_lazy("Step 1: open a travel agency"),
               2: gettext_lazy("Step 2: make employees skilled travellers"),
               3: gettext_lazy("Step 3: measure impact and speed up adoption"),
               4: gettext_lazy("Step 4: from pilot to standard way of working")}
TOTAL_LABELS = {
    "population": gettext_lazy("Employees"),
    "licences_used": gettext_lazy("Licences in use"),
    "active": gettext_lazy("Active in the last 28 days"),
    "hours_total": gettext_lazy("Hours saved in the period"),
    "hours_per_week": gettext_lazy("Hours saved a week, average over the period"),
    "tasks_adopted": gettext_lazy("Tasks adopted"),
}


def _report_with_comparison(request, pk):
    report = permissions.progress_reports.get_for_user_or_404(request.user, pk=pk)
    previous = progress.progress_report_previous(report)
    return report, previous, progress.progress_comparison(report, previous)


@council_may_view
@role_required(*permissions.REPORT_READERS)
def progress_reports(request):
    from .forms import ProgressReportForm

    can_publish = has_any_role(request.user, *permissions.REPORT_PUBLISHERS)
    return render(request, "impact/progress_reports.html", {
        "page": paginate(request, progress.progress_reports()),
        "form": ProgressReportForm() if can_publish else None})


@require_POST
@role_required(*permissions.REPORT_PUBLISHERS)
def progress_report_publish(request):
    from .forms import ProgressReportForm

    form = ProgressReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.progress_report_publish(
                actor=request.user, period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"], title=form.cleaned_data["title"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Progress report published."))
            return redirect(report)
    return render(request, "impact/progress_reports.html", {
        "page": paginate(request, progress.progress_reports()), "form": form}, status=400)


@council_may_view
@role_required(*permissions.REPORT_READERS)
def progress_report_detail(request, pk):
    report, previous, comparison = _report_with_comparison(request, pk)
    figures = report.figures or {}
    charts = {}
    if figures.get("trend"):
        charts["hours"] = {"type": "bar", "label": _("Hours saved a week"),
                           "labels": [w["week"] for w in figures["trend"]],
                           "values": [w["hours"] for w in figures["trend"]]}
    if figures.get("groups"):
        charts["groups"] = {"type": "bar", "label": _("Hours saved in the period"),
                            "labels": [g["name"] for g in figures["groups"]],
                            "values": [g["hours"] for g in figures["groups"]]}
    for spec in charts.values():
        spec["rows"] = list(zip(spec["labels"], spec["values"]))
    return render(request, "impact/progress_report_detail.html", {
        "report": report, "previous": previous, "figures": figures, "charts": charts,
        "totals": [{**t, "label": TOTAL_LABELS[t["key"]]} for t in comparison["totals"]],
        "steps": [{"title": STEP_TITLES.get(s["step"], s["step"]),
                   "rows": [{**r, "label": INDICATOR_LABELS.get(r["key"], r["key"])}
                            for r in s["rows"]]} for s in comparison["steps"]]})


@council_may_view
@role_required(*permissions.REPORT_READERS)
@csv_export()
def progress_report_csv(request, pk):
    report, previous, comparison = _report_with_comparison(request, pk)
    rows = [[_("Period"), "", f"{report.period_start.isoformat()} – "
             f"{report.period_end.isoformat()}", ""]]
    for t in comparison["totals"]:
        rows.append([_("Totals for the period"), TOTAL_LABELS[t["key"]],
                     "" if t["value"] is None else t["value"],
                     "" if t["previous"] is None else t["previous"]])
    for s in comparison["steps"]:
        for r in s["rows"]:
            rows.append([STEP_TITLES.get(s["step"], s["step"]),
                         INDICATOR_LABELS.get(r["key"], r["key"]),
                         _("not measured yet") if r["value"] is None else r["value"],
                         "" if r["previous"] is None else r["previous"]])
    for w in (report.figures or {}).get("trend", []):
        rows.append([_("Hours saved a week"), w["week"], w["hours"], ""])
    for g in (report.figures or {}).get("groups", []):
        rows.append([_("Hours saved in the period"), g["name"], g["hours"], ""])
    return csvexport.response(f"voortgangsrapportage-{report.period_end.isoformat()}.csv",
                [_("Part"), _("Figure"), _("This report"), _("Previous report")], rows)


@council_may_view
@role_required(*permissions.REPORT_READERS)
def progress_report_pdf(request, pk):
    from reisbureau.selectors import municipality_name

    from . import report_pdf

    report, previous, comparison = _report_with_comparison(request, pk)
    municipality = municipality_name()
    pdf = report_pdf.render(report, comparison=comparison, previous=previous,
                            step_titles=STEP_TITLES, indicator_labels=INDICATOR_LABELS,
                            total_labels=TOTAL_LABELS, municipality=municipality)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="voortgangsrapportage-{report.period_end.isoformat()}.pdf"')
    return response

