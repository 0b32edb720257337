"""Dated progress reports for the College and the Raad: published once, kept as published."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import TeamsEvent, User
from reisbureau.teams import teams_card, teams_notify

from .. import progress
from ..models import ProgressReport
from ..permissions import can_publish_progress_reports


def progress_report_publish(*, actor: User, period_start: date, period_end: date,
                            title: str = "") -> ProgressReport:
    """Freeze the progress report's figures for a period and publish it (agency staff)."""
    if not can_publish_progress_reports(actor):
        raise DomainError(_("Only agency staff publish progress reports."))
    if period_end < period_start:
        raise DomainError(_("The period ends before it starts."))
    if period_end > timezone.localdate():
        raise DomainError(_("A progress report covers a period that has ended or ends today."))
    title = title.strip() or _("Progress report %(start)s – %(end)s") % {
        "start": period_start.strftime("%d-%m-%Y"), "end": period_end.strftime("%d-%m-%Y")}
    with transaction.atomic():
        report = ProgressReport(
            title=title, period_start=period_start, period_end=period_end,
            published_by=actor, published_at=timezone.now(),
            figures=progress.progress_figures(start=period_start, end=period_end))
        _clean(report)
        report.save()
        audit_log(actor=actor, action="impact.progress_report_published", target=report,
                  data={"report": report.pk, "period_start": period_start.isoformat(),
                        "period_end": period_end.isoformat()})
        teams_notify(event=TeamsEvent.MONTHLY_FIGURES, key=str(report.pk),
                     card=lambda: teams_card(
                         title=_("New figures: %(title)s") % {"title": report.title},
                         text=_("The figures for %(start)s – %(end)s are published.") % {
                             "start": date_format(period_start), "end": date_format(period_end)},
                         url=report.get_absolute_url(), link_text=_("See the figures")))
    return report
