"""Pages other apps add to the community's menu and overview page.

Learning (trainings, promptathons, key users, the toolkit) lives under /community/ too and adds
its pages here from its AppConfig, so the community names no app above it.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str


_links: list[Link] = []


def register_link(url_name: str, label) -> None:
    if all(link.url_name != url_name for link in _links):
        _links.append(Link(url_name=url_name, label=label))


def links() -> list[dict]:
    return [{"url": reverse(link.url_name), "label": link.label} for link in _links]
