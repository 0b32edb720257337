from django import template

from community import navigation

register = template.Library()


@register.simple_tag
def community_links() -> list[dict]:
    """The pages other apps added to the community's menu (community.navigation)."""
    return navigation.links()
