"""The main navigation: each role sees what it may use (the views check again on the server)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import Role

EVERYONE = None


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: tuple | None  # None: every signed-in employee
    staff_only: bool = False


NAV_ITEMS = [
    NavItem("home", _("My agency"), EVERYONE),
    NavItem("journeys:index", _("Journeys"), EVERYONE),
    NavItem("customs:index", _("Customs"), (Role.OFFICER, Role.ADVISER, Role.AGENCY_STAFF)),
    NavItem("community:index", _("Community"), EVERYONE),
    NavItem("impact:index", _("Impact"), EVERYONE),
    NavItem("reisbureau:capacity", _("The agency"), (Role.AGENCY_STAFF,)),
    NavItem("admin:index", _("Administration"), EVERYONE, staff_only=True),
]


def nav_for(user, current_path: str = "") -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.staff_only and not user.is_staff:
            continue
        if item.roles is not None and not (user.is_superuser or user.has_role(*item.roles)):
            continue
        url = reverse(item.url_name)
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": item.label, "current": current})
    return items
