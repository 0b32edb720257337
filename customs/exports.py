"""Exports: the sessions as a calendar (ICS), the register of AI applications (CSV, JSON) in the
fields of the Dutch Algoritmeregister publication standard that apply, and the audit trail."""

import json
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Event

from journeys.constants import Tool
from reisbureau.calendar_feeds import calendar_ics
from reisbureau.permissions import has_any_role
from reisbureau.selectors import municipality_name

from . import selectors
from .constants import Hosting
from .permissions import OFFICERS

REGISTER_FIELDS = ["name", "description_short", "organization", "status", "goal",
                   "human_intervention", "risks", "legal_basis", "impact_assessments",
                   "provider", "begin_date", "contact_email", "measures", "ai_act_category"]


def session_event(session) -> Event:
    """One customs session as a calendar event (whole day); `session` carries `item_count`."""
    base = settings.REISBUREAU["BASE_URL"]
    url = f"{base}{session.get_absolute_url()}"
    event = Event()
    event.add("uid", f"douanezitting-{session.pk}@reisbureau")
    event.add("summary", _("Customs session"))
    event.add("dtstart", session.date)
    event.add("dtend", session.date + timedelta(days=1))
    event.add("dtstamp", session.created_at)
    event.add("url", url)
    event.add("description", ngettext("%(count)s task on the agenda. %(url)s",
                                      "%(count)s tasks on the agenda. %(url)s",
                                      session.item_count) % {
        "count": session.item_count, "url": url})
    return event


def sessions_ics(sessions) -> bytes:
    return calendar_ics(prodid="Douanezittingen", name=_("Customs sessions"),
                        events=(session_event(s) for s in sessions))


def feed_events(user, *, since, limit):
    """The customs sessions in a person's calendar feed: for officers only, as the session pages."""
    if not has_any_role(user, *OFFICERS):
        return []
    sessions = selectors.sessions().filter(date__gte=since.date()).order_by("date", "pk")
    return [session_event(s) for s in sessions[:limit]]


def _provider(task) -> str:
    if task.tool == Tool.OTHER:
        return task.tool_other
    return "Microsoft (Copilot)"


def register_rows(decisions) -> list[dict]:
    organisation = municipality_name()
    rows = []
    for d in decisions:
        task, submission = d.task, d.submission
        proposal = submission.proposal or {}
        human = _("A person checks the output before it is used.") if submission.human_check \
            else _("The output is used without a person checking it.")
        if submission.dpia_needed:
            impact = _("DPIA needed (pre-scan DPIA): %(reasons)s") % {
                "reasons": " ".join(proposal.get("dpia_reasons", []))}
        else:
            impact = _("Pre-scan DPIA: no DPIA needed.")
        rows.append({
            "name": task.work_task,
            "description_short": task.approach,
            "organization": organisation,
            "status": _("In use"),
            "goal": task.journey.goal,
            "human_intervention": human,
            "risks": " ".join(proposal.get("risk_reasons", [])),
            "legal_basis": "",
            "impact_assessments": impact,
            "provider": _provider(task),
            "begin_date": timezone.localtime(d.decided_at).date().isoformat(),
            "contact_email": settings.DEFAULT_FROM_EMAIL,
            "measures": list(d.measures),
            "ai_act_category": str(submission.get_proposed_ai_act_display()),
            "hosting": str(dict(Hosting.choices).get(submission.hosting, "")),
            # A standard journey's customs passport: cleared once, the tasks of the journeys
            # planned from it run under this decision.
            "standard_journey": task.journey.passport_for.title
            if task.journey.passport_for_id else "",
            "tasks_under_clearance": getattr(d, "passport_dependents", 0),
        })
    return rows


REGISTER_CSV_HEADER = [*REGISTER_FIELDS, "hosting", "standard_journey", "tasks_under_clearance"]


def register_csv_rows(rows):
    """The register as CSV rows under `REGISTER_CSV_HEADER` (csvexport writes them)."""
    for row in rows:
        row = {**row, "measures": "; ".join(row["measures"])}
        yield [row.get(name, "") for name in REGISTER_CSV_HEADER]


def register_json(rows) -> str:
    return json.dumps({"organization": municipality_name(),
                       "algorithms": rows}, ensure_ascii=False, indent=2)


# "by" and "object" are the names as they are now (an anonymised employee by pseudonym); the ids
# are the stable reference the trail itself stores.
AUDIT_CSV_HEADER = ["time", "by", "action", "object", "details", "by_id", "object_type",
                    "object_id"]


def audit_csv_rows(entries):
    """The audit trail as CSV rows under `AUDIT_CSV_HEADER` (csvexport writes them)."""
    for e in entries:
        yield [e.created_at, e.actor_display, e.action, e.target_display,
               json.dumps(e.data, ensure_ascii=False), e.actor_id or "",
               e.target_type.model if e.target_type_id else "", e.target_id]
