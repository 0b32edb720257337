"""Travel reports, written when a journey is completed."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import TeamsEvent, User
from reisbureau.teams import teams_card, teams_notify

from ..constants import JourneyStatus
from ..models import Journey, TravelReport
from ..permissions import journeys as journey_policy
from ._common import _locked_journey

def report_save(*, journey: Journey, actor: User, title: str, body: str) -> TravelReport:
    """Write (or rewrite) the travel report of a completed journey; it is published at once."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        is_traveller = journey.memberships.filter(traveller=actor).exists()
        if not journey_policy.can_report_on(actor, journey, is_traveller=is_traveller):
            raise DomainError(_("Only the adviser and the travellers of this journey write "
                                "its travel report."))
        if journey.status != JourneyStatus.COMPLETED:
            raise DomainError(_("A travel report is written when the journey is completed."))
        if not title.strip() or not body.strip():
            raise DomainError(_("A travel report needs a title and a text."))
        report = TravelReport.objects.filter(journey=journey).first()
        created = report is None
        if created:
            report = TravelReport(journey=journey, author=actor,
                                  published_at=timezone.now())
        report.title, report.body = title.strip(), body
        _clean(report)
        report.save()
        audit_log(actor=actor, action="report.published" if created else "report.updated",
                  target=report, data={"journey": journey.pk})
        if created:
            teams_notify(event=TeamsEvent.TRAVEL_REPORT, key=str(report.pk),
                         card=lambda: teams_card(
                             title=_("New travel report: %(title)s") % {"title": report.title},
                             text=Truncator(report.body).chars(600),
                             url=report.get_absolute_url(), link_text=_("Read the report")))
        return report
