"""Template helpers so the core's start page can show journeys without importing this app."""

from django import template

from journeys import selectors
from journeys.constants import ACTIVE_JOURNEY_STATUSES

register = template.Library()


@register.simple_tag
def active_journeys_of(user, limit=5):
    return list(selectors.journeys_of_traveller(user).filter(
        status__in=ACTIVE_JOURNEY_STATUSES)[:limit])
