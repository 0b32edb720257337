import functools

from django.conf import settings

from .navigation import agency_links_for, nav_for
from .selectors import unread_notification_count


def portal(request):
    user = request.user
    context = {
        "municipality_name": settings.REISBUREAU["MUNICIPALITY_NAME"],
        "nav_items": nav_for(user, request.path),
        # Called by the agency menu only, so other pages pay nothing for it.
        "agency_links": functools.partial(agency_links_for, user),
    }
    if user.is_authenticated:
        context["unread_notifications"] = unread_notification_count(user)
    return context
