"""Trainings and promptathons as calendar events (ICS) for Outlook: the download of all training
sessions, and what learning adds to a person's calendar feed (reisbureau.calendar_feeds)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from icalendar import Event

from reisbureau.calendar_feeds import calendar_ics

from . import permissions
from .constants import RegistrationStatus
from .models import Promptathon, TrainingRegistration, TrainingSession

_SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)


def training_event(session, *, with_trainer=True, my_status="") -> Event:
    """One training session. The personal feed leaves the trainer's name out
    (`with_trainer=False`) and marks the sessions the person holds a seat for or waits for."""
    base = settings.REISBUREAU["BASE_URL"]
    url = f"{base}{session.get_absolute_url()}"
    summary = session.title
    if my_status in _SEATED:
        summary = _("%(title)s (you are registered)") % {"title": session.title}
    elif my_status == RegistrationStatus.WAITING:
        summary = _("%(title)s (on the waiting list)") % {"title": session.title}
    event = Event()
    event.add("uid", f"training-{session.pk}@reisbureau")
    event.add("summary", summary)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", session.created_at)
    if session.location:
        event.add("location", session.location)
    event.add("url", url)
    if with_trainer:
        description = _("%(kind)s training by %(trainer)s. %(url)s") % {
            "kind": session.get_kind_display(), "trainer": session.trainer, "url": url}
    else:
        description = _("%(kind)s training. %(url)s") % {
            "kind": session.get_kind_display(), "url": url}
    event.add("description", description)
    return event


def promptathon_event(promptathon) -> Event:
    """A promptathon on its day (whole day)."""
    base = settings.REISBUREAU["BASE_URL"]
    url = f"{base}{promptathon.get_absolute_url()}"
    event = Event()
    event.add("uid", f"promptathon-{promptathon.pk}@reisbureau")
    event.add("summary", _("Promptathon: %(title)s") % {"title": promptathon.title})
    event.add("dtstart", promptathon.held_on)
    event.add("dtend", promptathon.held_on + timedelta(days=1))
    event.add("dtstamp", promptathon.created_at)
    event.add("url", url)
    event.add("description", url)
    return event


def trainings_ics(sessions) -> bytes:
    return calendar_ics(prodid="Trainingen", name=_("AI trainings"),
                        events=(training_event(s) for s in sessions))


def feed_events(user, *, since, limit):
    """Trainings and promptathons in a person's calendar feed: those the person may see, their
    own registration marked, no trainer's or other attendee's name (two queries)."""
    mine = TrainingRegistration.objects.filter(session=OuterRef("pk"), user=user)
    sessions = permissions.trainings.visible(
        user, TrainingSession.objects.filter(ends_at__gte=since)
    ).annotate(my_status=Subquery(mine.values("status")[:1])).order_by("starts_at", "pk")
    promptathons = permissions.promptathons.visible(
        user, Promptathon.objects.filter(held_on__gte=since.date())).order_by("held_on", "pk")
    return ([training_event(s, with_trainer=False, my_status=s.my_status or "")
             for s in sessions[:limit]]
            + [promptathon_event(p) for p in promptathons[:limit]])
