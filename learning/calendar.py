"""The training sessions as a calendar (ICS) for Outlook."""

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event


def trainings_ics(sessions) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Reisbureau//Trainingen//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("AI trainings"))
    base = settings.REISBUREAU["BASE_URL"]
    for session in sessions:
        url = f"{base}{session.get_absolute_url()}"
        event = Event()
        event.add("uid", f"training-{session.pk}@reisbureau")
        event.add("summary", session.title)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", session.created_at)
        if session.location:
            event.add("location", session.location)
        event.add("url", url)
        event.add("description", _("%(kind)s training by %(trainer)s. %(url)s") % {
            "kind": session.get_kind_display(), "trainer": session.trainer, "url": url})
        cal.add_component(event)
    return cal.to_ical()
