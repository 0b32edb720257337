"""Template helpers so the core's start page can show a traveller's AI literacy without
importing this app."""

from django import template

from learning import selectors

register = template.Library()


@register.simple_tag
def literacy_of(user):
    return selectors.my_literacy(user)
