"""Journeys and their travellers, and travellers' requests for a journey."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau.audit import audit_log
from reisbureau.constants import LicenceStatus
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.services import licence_request, notification_send

from ..constants import ACTIVE_JOURNEY_STATUSES, JourneyStatus, RequestStatus
from ..models import Journey, JourneyRequest, JourneyTask, JourneyTraveller, StandardJourney
from ..permissions import is_planner
from ._common import _locked_journey, _require_adviser, _require_journey_owner
from .passport import passport_apply, refuse_on_passport
from .tasks import _renumber

def journey_create(
    *, actor: User, title: str, goal: str = "", travellers: list[User] | None = None,
    is_open: bool = False, seats: int | None = None,
    standard_journey: StandardJourney | None = None, adviser: User | None = None,
    request: JourneyRequest | None = None,
) -> Journey:
    _require_adviser(actor)
    adviser = adviser or actor
    if not is_planner(adviser):
        raise DomainError(_("The adviser of a journey must be a travel adviser."))
    travellers = list(dict.fromkeys(travellers or []))
    if seats is not None and len(travellers) > seats:
        raise DomainError(" ".join([
            ngettext("This journey has %(seats)s seat.", "This journey has %(seats)s seats.",
                     seats) % {"seats": seats},
            ngettext("You named %(count)s traveller.", "You named %(count)s travellers.",
                     len(travellers)) % {"count": len(travellers)}]))
    with transaction.atomic():
        journey = Journey(title=(title or "").strip(), goal=goal, adviser=adviser,
                          is_open=is_open, seats=seats, standard_journey=standard_journey)
        _clean(journey)
        journey.save()
        for traveller in travellers:
            JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        if standard_journey is not None:
            for st in standard_journey.tasks.all():
                JourneyTask.objects.create(
                    journey=journey, order=st.order, work_task=st.work_task,
                    approach=st.approach, tool=st.tool, prompts=st.prompts,
                    expected_minutes_saved=st.expected_minutes_saved,
                )
            _renumber(journey)
        audit_log(actor=actor, action="journey.created", target=journey, data={
            "travellers": [t.pk for t in travellers],
            "standard_journey": standard_journey.pk if standard_journey else None,
        })
        if standard_journey is not None:
            passport_apply(journey=journey, actor=actor)
        if request is not None:
            journey_request_handle(request=request, actor=actor)
        for traveller in travellers:
            _welcome(journey, traveller)
        return journey


def _welcome(journey: Journey, traveller: User) -> None:
    notification_send(
        recipient=traveller,
        subject=_("You are on the journey “%(title)s”") % {"title": journey.title},
        body=_("Your travel adviser %(adviser)s plans this journey with you.")
        % {"adviser": journey.adviser},
        url=journey.get_absolute_url(), about=journey.adviser,
    )


def journey_update(*, journey: Journey, actor: User, title: str, goal: str, is_open: bool,
                   seats: int | None) -> Journey:
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        if journey.status not in ACTIVE_JOURNEY_STATUSES:
            raise DomainError(_("A completed or cancelled journey cannot be changed."))
        taken = journey.memberships.count()
        if seats is not None and seats < taken:
            raise DomainError(ngettext(
                "%(count)s traveller is on this journey; the seats cannot be fewer.",
                "%(count)s travellers are on this journey; the seats cannot be fewer.",
                taken) % {"count": taken})
        journey.title, journey.goal, journey.is_open, journey.seats = title, goal, is_open, seats
        _clean(journey)
        journey.save(update_fields=["title", "goal", "is_open", "seats", "updated_at"])
        audit_log(actor=actor, action="journey.updated", target=journey,
                  data={"is_open": is_open, "seats": seats})
        return journey


def _set_status(journey: Journey, status: str, actor, action: str, **extra) -> None:
    old = journey.status
    journey.status = status
    fields = ["status", "updated_at"]
    for name, value in extra.items():
        setattr(journey, name, value)
        fields.append(name)
    journey.save(update_fields=fields)
    audit_log(actor=actor, action=action, target=journey, data={"from": old, "to": status})


def journey_start(*, journey: Journey, actor: User) -> Journey:
    """planning → travelling. Needs travellers with a licence and at least one task."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        if journey.status != JourneyStatus.PLANNING:
            raise DomainError(_("Only a journey in planning can start."))
        travellers = list(journey.travellers.select_related("licence"))
        if not travellers:
            raise DomainError(_("Add at least one traveller before the journey starts."))
        if not journey.tasks.exists():
            raise DomainError(_("Add at least one task before the journey starts."))
        without = [str(t) for t in travellers if not hasattr(t, "licence")]
        if without:
            raise DomainError(_("These travellers have no licence yet: %(names)s.")
                              % {"names": ", ".join(without)})
        _set_status(journey, JourneyStatus.TRAVELLING, actor, "journey.started",
                    started_at=timezone.localdate())
        for traveller in travellers:
            notification_send(
                recipient=traveller,
                subject=_("Your journey “%(title)s” has started") % {"title": journey.title},
                url=journey.get_absolute_url(),
            )
        return journey


def journey_cancel(*, journey: Journey, actor: User) -> Journey:
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        if journey.status not in ACTIVE_JOURNEY_STATUSES:
            raise DomainError(_("This journey has already ended."))
        _set_status(journey, JourneyStatus.CANCELLED, actor, "journey.cancelled")
        return journey


def journey_add_traveller(*, journey: Journey, traveller: User, actor: User) -> str:
    """The adviser adds a traveller. Returns the traveller's licence status."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        _require_journey_owner(journey, actor)
        refuse_on_passport(journey)
        _check_room(journey, traveller)
        status = licence_request(user=traveller, actor=actor)
        JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        audit_log(actor=actor, action="journey.traveller_added", target=journey,
                  data={"traveller": traveller.pk, "licence": status})
        _welcome(journey, traveller)
        return status


def _check_room(journey: Journey, traveller: User) -> None:
    if journey.status not in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
        raise DomainError(_("Travellers can only join a journey in planning or travelling."))
    if journey.memberships.filter(traveller=traveller).exists():
        raise DomainError(_("%(name)s is already on this journey.") % {"name": traveller})
    if journey.seats is not None and journey.memberships.count() >= journey.seats:
        raise DomainError(ngettext("This journey is full: its %(seats)s seat is taken.",
                                   "This journey is full: all %(seats)s seats are taken.",
                                   journey.seats) % {"seats": journey.seats})


def journey_join(*, journey: Journey, traveller: User) -> str:
    """A traveller joins an open group journey.

    Travelling needs a licence: one is assigned from the pool; when none is free the traveller
    goes on the licence waiting list and does not join yet (LicenceStatus.WAITING is returned).
    """
    with transaction.atomic():
        journey = _locked_journey(journey)
        if not journey.is_open:
            raise DomainError(_("This journey is not open to join."))
        _check_room(journey, traveller)
        status = licence_request(user=traveller, actor=traveller,
                                 reason=_("Joining the journey “%(title)s”")
                                 % {"title": journey.title})
        if status != LicenceStatus.ACTIVE:
            return status
        JourneyTraveller.objects.create(journey=journey, traveller=traveller)
        audit_log(actor=traveller, action="journey.joined", target=journey,
                  data={"traveller": traveller.pk})
        notification_send(
            recipient=journey.adviser,
            subject=_("%(name)s joined “%(title)s”") % {"name": traveller,
                                                        "title": journey.title},
            url=journey.get_absolute_url(), about=traveller,
        )
        return status


def journey_leave(*, journey: Journey, traveller: User) -> None:
    with transaction.atomic():
        journey = _locked_journey(journey)
        if journey.status != JourneyStatus.PLANNING:
            raise DomainError(_("You can only leave a journey while it is being planned."))
        deleted, _details = journey.memberships.filter(traveller=traveller).delete()
        if not deleted:
            raise DomainError(_("You are not on this journey."))
        audit_log(actor=traveller, action="journey.left", target=journey,
                  data={"traveller": traveller.pk})


# --- Journey requests --------------------------------------------------------------------

def journey_request_create(*, traveller: User, message: str = "",
                           standard_journey: StandardJourney | None = None) -> JourneyRequest:
    with transaction.atomic():
        if JourneyRequest.objects.filter(traveller=traveller, status=RequestStatus.OPEN,
                                         standard_journey=standard_journey).exists():
            raise DomainError(_("You already have an open request for this; an adviser will "
                                "contact you."))
        req = JourneyRequest(traveller=traveller, message=message[:4000],
                             standard_journey=standard_journey)
        _clean(req)
        req.save()
        audit_log(actor=traveller, action="journey.requested", target=req,
                  data={"standard_journey": standard_journey.pk if standard_journey else None})
        return req


def journey_request_handle(*, request: JourneyRequest, actor: User) -> JourneyRequest:
    _require_adviser(actor)
    with transaction.atomic():
        request = JourneyRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.OPEN:
            raise DomainError(_("This request has already been handled."))
        request.status, request.handled_by = RequestStatus.HANDLED, actor
        request.handled_at = timezone.now()
        request.save(update_fields=["status", "handled_by", "handled_at"])
        audit_log(actor=actor, action="journey.request_handled", target=request)
        return request


def personal_data_anonymise(user: User) -> None:
    """AVG: a departed employee's free-text requests go; journeys, tasks and reports stay, so
    the agency's figures and customs decisions keep their meaning."""
    JourneyRequest.objects.filter(traveller=user).update(message="")
