"""The first-start checklist: what a new municipality has not done yet.

The core names no domain app, so each app registers its own items from its AppConfig.ready:
`register(key, label, done, url_name)`. `done` is a function without arguments that reads
(never writes) and answers whether the step is done; `url_name` is the page where it is done.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class SetupCheck:
    key: str
    label: str
    done: Callable[[], bool]
    url_name: str
    order: int = 50


_CHECKS: dict[str, SetupCheck] = {}


def register(key: str, label, done: Callable[[], bool], url_name: str, *, order: int = 50):
    _CHECKS[key] = SetupCheck(key=key, label=label, done=done, url_name=url_name, order=order)


def registered() -> list[SetupCheck]:
    return sorted(_CHECKS.values(), key=lambda c: (c.order, c.key))


def checklist() -> list[dict]:
    """Every registered step with whether it is done and where to do it."""
    items = []
    for check in registered():
        try:
            url = reverse(check.url_name)
        except NoReverseMatch:
            url = ""
        items.append({"key": check.key, "label": check.label, "done": bool(check.done()),
                      "url": url})
    return items


def people_imported_or_sso_configured() -> bool:
    """More people than the first administrator, or sign-in through OpenID Connect set up."""
    from django.conf import settings

    from .models import User

    if settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS"):
        return True
    return User.objects.filter(is_active=True).count() > 1
