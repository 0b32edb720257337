"""Pages other apps add to the customs menu (the register's publication, for officers), so
customs names no app above it."""

from dataclasses import dataclass

from django.urls import reverse

from reisbureau.permissions import has_any_role


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    roles: tuple


_links: list[Link] = []


def register_link(url_name: str, label, roles: tuple) -> None:
    if all(link.url_name != url_name for link in _links):
        _links.append(Link(url_name=url_name, label=label, roles=tuple(roles)))


def links_for(user) -> list[dict]:
    return [{"url": reverse(link.url_name), "label": link.label} for link in _links
            if has_any_role(user, *link.roles)]
