import functools

from .navigation import agency_links_for, nav_for
from .permissions import is_council_only
from .selectors import municipality_branding, unread_notification_count


def portal(request):
    user = request.user
    branding = municipality_branding()
    context = {
        "municipality_name": branding["name"],
        "municipality_logo_url": branding["logo_url"],
        "nav_items": nav_for(user, request.path),
        # The College and the Raad: pages leave out links and parts that name people.
        "council_only": is_council_only(user),
        # Called by the agency menu only, so other pages pay nothing for it.
        "agency_links": functools.partial(agency_links_for, user),
    }
    if user.is_authenticated:
        context["unread_notifications"] = unread_notification_count(user)
    return context
