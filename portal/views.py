"""The start page: one card per role the user has, filled with the panels the apps contribute
(`home_panels` on their AppConfig), in their order."""

import functools

from django.apps import apps
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from reisbureau import selectors
from reisbureau.constants import LicenceStatus, Role
from reisbureau.forms import LicenceRequestForm
from reisbureau.permissions import council_may_view, login_required

# Each role's card: its heading id and heading, in the order the cards appear.
CARDS = (
    (Role.TRAVELLER, "kop-reiziger", _("Your next step as a traveller")),
    (Role.ADVISER, "kop-adviseur", _("Your work as a travel adviser")),
    (Role.OFFICER, "kop-douane", _("Customs")),
    (Role.MANAGER, "kop-manager", _("Impact for managers")),
    (Role.AGENCY_STAFF, "kop-beheer", _("Running the agency")),
    (Role.COUNCIL, "kop-raad", _("Progress for the College and the Raad")),
)


@functools.cache
def _panels() -> dict[str, tuple[str, ...]]:
    by_role: dict[str, list] = {role: [] for role, _id, _heading in CARDS}
    for config in apps.get_app_configs():
        for panel in getattr(config, "home_panels", ()):
            by_role[panel.role].append(panel)
    return {role: tuple(p.template for p in sorted(panels, key=lambda p: p.order))
            for role, panels in by_role.items()}


@council_may_view
@login_required
def home(request):
    user = request.user
    has = {role: user.has_role(role) for role in Role.values}
    context = {
        "roles": [label for value, label in Role.choices if has[value]],
        "cards": [{"id": card_id, "heading": heading, "panels": _panels()[role]}
                  for role, card_id, heading in CARDS if has[role]],
        "licence_status": selectors.licence_status(user),
        "waitlist_position": selectors.waitlist_position(user),
        "notifications": selectors.notifications_for(user)[:5],
        "licence_form": LicenceRequestForm(),
        "LicenceStatus": LicenceStatus,
    }
    if has[Role.AGENCY_STAFF] or has[Role.MANAGER] or has[Role.ADVISER]:
        context["capacity"] = selectors.start_page_capacity()
        context["my_capacity"] = next(
            (a for a in context["capacity"].advisers if a.user.pk == user.pk), None
        )
    if has[Role.OFFICER]:
        from allauth.mfa.utils import is_mfa_enabled

        context["mfa_enabled"] = is_mfa_enabled(user)
    return render(request, "portal/home.html", context)
