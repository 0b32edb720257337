"""Calendars (ICS): the one place that writes a calendar, and each person's feed.

Every calendar the portal serves, the downloads behind a login and the personal feed Outlook
subscribes to, is written by `calendar_ics`. The core names no domain app, so each app registers
what it adds to a person's feed from its AppConfig.ready: `register(key, events)`, where
`events(user, *, since, limit)` returns the icalendar `Event`s the user may see that end after
`since` (at most `limit` of each kind), in a fixed number of queries, without other people's names.

The feed's address holds a secret token: `salted_hmac(nonce)` with the SECRET_KEY. The table
stores the nonce and the token's SHA-256 (`CalendarFeed`); a token must also still match its
nonce, so rotating the SECRET_KEY invalidates every feed address.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac
from icalendar import Calendar

# A feed shows what is coming and the last month, at most this many events per app.
FEED_PAST_DAYS = 30
FEED_LIMIT = 200

_SALT = "reisbureau.calendar_feed"
_contributors: dict[str, Callable] = {}


def register(key: str, events: Callable) -> None:
    _contributors[key] = events


def calendar_ics(*, prodid: str, name, events) -> bytes:
    """A VCALENDAR with `events`; icalendar writes CRLF line endings and folds long lines."""
    cal = Calendar()
    cal.add("prodid", f"-//Reisbureau//{prodid}//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", str(name))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def feed_events(user) -> list:
    """Everything the registered apps put in `user`'s feed (none for a council-only account,
    which sees aggregates only)."""
    from .permissions import is_council_only

    if is_council_only(user):
        return []
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    events = []
    for key in sorted(_contributors):
        events.extend(_contributors[key](user, since=since, limit=FEED_LIMIT))
    return events


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def token_for(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
