"""Who may read what through the API: the same rules as the pages, asked of the same places.

Every endpoint is read-only. The figures are for whoever may open the impact dashboard
(managers, agency staff, the College and the Raad); the catalogues (standard journeys, public
prompts, training sessions) for every employee who may open their pages, which a council-only
account may not (it sees aggregates only, as `CouncilOnlyMiddleware` keeps it from the pages).
Tokens belong to one person: someone else's token is a 404 (`tokens.get_for_user_or_404`).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from impact import permissions as impact_permissions
from reisbureau.permissions import Policy, is_council_only

from .models import ApiToken


def can_hold_tokens(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_anonymised)


def can_revoke(user, token) -> bool:
    return user.is_authenticated and token.user_id == user.pk


def can_read_figures(user) -> bool:
    return impact_permissions.can_see_dashboards(user)


def can_read_catalogues(user) -> bool:
    return user.is_authenticated and not is_council_only(user)


class ApiTokenPolicy(Policy):
    model = ApiToken

    def visible(self, user, qs=None):
        qs = qs if qs is not None else ApiToken.objects.all()
        if not user.is_authenticated:
            return qs.none()
        return qs.filter(user=user)


tokens = ApiTokenPolicy()


# --- DRF permission classes ---------------------------------------------------------------

class SignedIn(BasePermission):
    """A signed-in, active employee reading (tokens have the read scope only)."""

    message = _("You may not read this.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active
                    and request.method in SAFE_METHODS)


class ReadsCatalogues(SignedIn):
    message = _("The College and the Raad read aggregated figures only.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and can_read_catalogues(request.user)


class ReadsFigures(SignedIn):
    message = _("Only managers, agency staff and the College and the Raad read these figures.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and can_read_figures(request.user)
