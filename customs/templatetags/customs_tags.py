from django import template

from customs import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def customs_links(context):
    """The pages other apps added to the customs menu that this user may open."""
    return navigation.links_for(context["request"].user)
