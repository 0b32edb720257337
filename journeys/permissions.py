"""Who may see and change journeys, and what travellers see of them.

A traveller sees their own journeys and open group journeys; never another traveller's private
journey (404). Advisers and agency staff see every journey; only the journey's own adviser (or
agency staff) changes it. The services ask these same functions, so a page never offers what
the service would refuse.
"""

from django.db.models import Q

from reisbureau.constants import Role
from reisbureau.permissions import Policy, has_any_role
from reisbureau.permissions import is_agency_staff as is_agency

from .models import Evaluation, InventoryEntry, Journey, StandardJourney, TravelReport

PLANNERS = (Role.ADVISER, Role.AGENCY_STAFF)


def is_planner(user) -> bool:
    """Travel advisers and agency staff plan journeys and record tasks for colleagues."""
    return has_any_role(user, *PLANNERS)


class JourneyPolicy(Policy):
    model = Journey

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Journey.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_planner(user):
            return qs
        return qs.filter(Q(is_open=True) | Q(memberships__traveller=user)).distinct()

    def can_change(self, user, journey) -> bool:
        return user.is_authenticated and (
            is_agency(user) or (journey.adviser_id == user.pk and user.has_role(Role.ADVISER))
        )

    def is_traveller(self, user, journey) -> bool:
        return journey.memberships.filter(traveller=user).exists()

    def can_report_on(self, user, journey, *, is_traveller: bool) -> bool:
        """Tests and the travel report: the journey's travellers and whoever may change it."""
        return is_traveller or self.can_change(user, journey)


class InventoryPolicy(Policy):
    model = InventoryEntry

    def visible(self, user, qs=None):
        qs = qs if qs is not None else InventoryEntry.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_planner(user):
            return qs
        return qs.filter(employee=user)


class StandardJourneyPolicy(Policy):
    model = StandardJourney

    def visible(self, user, qs=None):
        qs = qs if qs is not None else StandardJourney.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_agency(user):
            return qs
        return qs.filter(is_published=True)

    def can_change(self, user, obj=None) -> bool:
        return is_agency(user)

    def can_request_passport(self, user, obj=None) -> bool:
        """The customs passport (its tasks cleared once): agency staff, who keep the standard
        journeys. They submit its tasks too (customs.permissions.can_submit)."""
        return is_agency(user)


class EvaluationPolicy(Policy):
    model = Evaluation

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Evaluation.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if has_any_role(user, Role.ADVISER, Role.AGENCY_STAFF, Role.MANAGER):
            return qs
        return qs.filter(journey__memberships__traveller=user).distinct()


class TravelReportPolicy(Policy):
    """Published reports are for everyone signed in."""

    model = TravelReport

    def visible(self, user, qs=None):
        qs = qs if qs is not None else TravelReport.objects.all()
        if not user.is_authenticated:
            return qs.none()
        return qs.filter(published_at__isnull=False)


journeys = JourneyPolicy()
inventory = InventoryPolicy()
standard_journeys = StandardJourneyPolicy()
evaluations = EvaluationPolicy()
reports = TravelReportPolicy()
