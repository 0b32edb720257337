"""The main navigation: each role sees what it may use (the views check again on the server).

Every app contributes its own entries as `nav_items` on its AppConfig; the core names none of
them. Entries are shown in `order`.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

EVERYONE = None


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: tuple | None  # None: every signed-in employee
    staff_only: bool = False
    order: int = 50


@functools.cache
def nav_items() -> tuple[NavItem, ...]:
    items = [item for config in apps.get_app_configs()
             for item in getattr(config, "nav_items", ())]
    return tuple(sorted(items, key=lambda item: item.order))


def nav_for(user, current_path: str = "") -> list[dict]:
    from django.urls import resolve

    from .permissions import has_any_role, is_council_only

    if not user.is_authenticated:
        return []
    council_only = is_council_only(user)
    items = []
    for item in nav_items():
        if item.staff_only and not user.is_staff:
            continue
        if item.roles is not None and not has_any_role(user, *item.roles):
            continue
        url = reverse(item.url_name)
        # The College and the Raad see only the entries they may open (CouncilOnlyMiddleware).
        if council_only and not getattr(resolve(url).func, "council_may_view", False):
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": item.label, "current": current})
    return items


@functools.cache
def agency_links() -> tuple[NavItem, ...]:
    """Links other apps add to the agency pages' menu (`agency_links` on their AppConfig)."""
    items = [item for config in apps.get_app_configs()
             for item in getattr(config, "agency_links", ())]
    return tuple(sorted(items, key=lambda item: item.order))


def agency_links_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [{"url": reverse(item.url_name), "label": item.label} for item in agency_links()
            if item.roles is None or user.is_superuser or user.has_role(*item.roles)]


@functools.cache
def account_links() -> tuple[NavItem, ...]:
    """Links other apps add under "Account and security" on Mijn gegevens (`account_links`
    on their AppConfig), e.g. the page for personal API tokens."""
    items = [item for config in apps.get_app_configs()
             for item in getattr(config, "account_links", ())]
    return tuple(sorted(items, key=lambda item: item.order))


def account_links_for(user) -> list[dict]:
    return [{"url": reverse(item.url_name), "label": item.label} for item in account_links()
            if item.roles is None or user.is_superuser or user.has_role(*item.roles)]


@dataclass(frozen=True)
class HomePanel:
    """A part of a role's card on the start page: a template that receives the start page's
    context (user, licence_status, capacity, …). Apps contribute them as `home_panels`."""

    role: str
    template: str
    order: int = 50
