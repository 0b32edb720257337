"""The published register in the Algoritmeregister standard's shape: one registration per
entry, the standard's own field names as keys (JSON) and columns (CSV)."""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, Max

from reisbureau.selectors import municipality_name

from .constants import LANGUAGE, SCHEMA_VERSION, required_fields, standard_fields

# The standard's list field (`theme`) in one CSV cell.
LIST_SEPARATOR = "; "


def registration(entry, organisation: str) -> dict:
    """All of the standard's fields of one entry (empty ones as "" or [])."""
    derived = {"organization": organisation, "language": LANGUAGE, "schema": SCHEMA_VERSION,
               "source_id": entry.source_id}
    return {name: derived[name] if name in derived else getattr(entry, name)
            for name in standard_fields()}


def registration_published(entry, organisation: str) -> dict:
    """One registration as the standard publishes it: an optional field left empty is left
    out, as the standard's site shows only filled optional fields (and an empty date or link
    is no valid value for it). The JSON export and the read API both give this."""
    required = set(required_fields())
    return {key: value for key, value in registration(entry, organisation).items()
            if key in required or value not in ("", [], None)}


def registrations_json(entries) -> str:
    """A JSON array of registrations in the standard's shape, compact (it is read by tools; at
    ten thousand entries indentation alone added a third)."""
    organisation = municipality_name()
    items = [registration_published(entry, organisation) for entry in entries]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


# The register's JSON feed, kept this long after it was made (a new version has a new key).
FEED_CACHE_SECONDS = 3600


def _register_version(organisation: str) -> str:
    """Changes whenever any entry is added, changed (state included: `updated_at`) or removed,
    or the municipality's name (the feed's `organization`) or the standard's version does."""
    from .models import RegisterEntry

    seen = RegisterEntry.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = seen["last"].isoformat() if seen["last"] else "-"
    raw = f"{SCHEMA_VERSION}|{organisation}|{seen['n']}|{last}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def published_json(entries) -> bytes:
    """`registrations_json` of the published entries, made once per version of the register:
    tooling polls the feed, and at ten thousand entries making it takes half a second. One
    aggregate query decides whether the kept feed is still the register's."""
    organisation = municipality_name()
    key = f"register-feed:{_register_version(organisation)}"
    feed = cache.get(key)
    if feed is None:
        feed = registrations_json(entries).encode()
        cache.set(key, feed, FEED_CACHE_SECONDS)
    return feed


def registrations_csv_rows(entries):
    """Rows under `standard_fields()` (csvexport writes them)."""
    organisation = municipality_name()
    for entry in entries:
        row = registration(entry, organisation)
        yield [LIST_SEPARATOR.join(value) if isinstance(value, list) else value
               for value in row.values()]
