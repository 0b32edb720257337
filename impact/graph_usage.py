"""Usage from Microsoft Graph: the Microsoft 365 Copilot usage report
(getMicrosoft365CopilotUsageUserDetail, period D30), read with an app registration's client
credentials and imported by THE importer (impact/importer.py) with its checks.

The report's JSON rows are written as the CSV the admin center exports (the same column names,
only the e-mail address and the activity dates: no display names), stored as the import's file
and run as a Microsoft 365 import. So an import from Graph stores exactly what an upload of the
same data stores, shows on the imports page with its result, and its file is removed when done.

What is sent where: a token request to GRAPH_LOGIN_URL/{tenant}/oauth2/v2.0/token (client id and
secret, scope https://graph.microsoft.com/.default), then GETs of the report on GRAPH_API_URL
with that token, following @odata.nextLink. Nothing about the portal's users is sent.

Failures (no access, Graph down, throttled for too long, the report's concealed names) fail
the import with a Dutch message before anything is stored: no file, no records.
"""

import csv
import io
import logging
import re
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log

from . import importer
from .constants import ImportFormat, ImportMode, ImportSource, ImportStatus
from .models import UsageImport

logger = logging.getLogger(__name__)

SCOPE = "https://graph.microsoft.com/.default"
MAX_PAGES = 1000  # 200 rows a page: far more employees than a municipality has
# The report's JSON properties and the admin center export's column names. A property of a
# newer app ("...LastActivityDate") becomes "<Words> Last Activity Date": the importer skips an
# app it does not know, as it does for the CSV.
COLUMNS = {
    "reportRefreshDate": "Report Refresh Date",
    "userPrincipalName": "User Principal Name",
    "lastActivityDate": "Last Activity Date",
    "microsoftTeamsCopilotLastActivityDate": "Microsoft Teams Copilot Last Activity Date",
    "wordCopilotLastActivityDate": "Word Copilot Last Activity Date",
    "excelCopilotLastActivityDate": "Excel Copilot Last Activity Date",
    "powerPointCopilotLastActivityDate": "PowerPoint Copilot Last Activity Date",
    "outlookCopilotLastActivityDate": "Outlook Copilot Last Activity Date",
    "oneNoteCopilotLastActivityDate": "OneNote Copilot Last Activity Date",
    "loopCopilotLastActivityDate": "Loop Copilot Last Activity Date",
    "copilotChatLastActivityDate": "Copilot Chat Last Activity Date",
}
# With "Display concealed user, group, and site names in all reports" on, Microsoft replaces
# every user principal name by a 32-hex hash.
CONCEALED = re.compile(r"[0-9A-Fa-f]{32}")


class GraphError(Exception):
    """The report could not be read: the import fails with this (Dutch) message."""


def enabled() -> bool:
    return bool(settings.GRAPH_USAGE_IMPORT_ENABLED)


def create_import(*, actor) -> UsageImport:
    """A waiting import from Graph (inside the caller's transaction). `queued_at` is set: the
    sweep leaves it to the job that fetches the report."""
    return UsageImport.objects.create(
        uploaded_by=actor, source=ImportSource.GRAPH, format=ImportFormat.M365,
        # The tenant's report names every licensed account, also people without a portal
        # account: those rows are listed as errors and skipped, the others imported.
        mode=ImportMode.SKIP_BAD_ROWS,
        filename=f"Microsoft Graph {timezone.localdate():%Y-%m-%d}",
        queued_at=timezone.now())


def run(usage_import_id: int) -> UsageImport | None:
    """Fetch the report for a waiting import from Graph, then run the importer. Safe to call
    twice: an import that already has its file (or is finished) goes straight to the importer."""
    usage_import = UsageImport.objects.filter(pk=usage_import_id).first()
    if usage_import is None:
        return None
    if (usage_import.source != ImportSource.GRAPH or usage_import.file
            or usage_import.status != ImportStatus.PENDING):
        return importer.run(usage_import_id)
    try:
        rows = fetch_rows()
        content = to_csv(rows)
    except GraphError as exc:
        _fail(usage_import, str(exc))
        return usage_import
    # Only a waiting import without a file gets this one (a second job for it stops here).
    usage_import.file.save(f"graph-{usage_import.pk}.csv", ContentFile(content), save=False)
    if not UsageImport.objects.filter(pk=usage_import.pk, status=ImportStatus.PENDING,
                                      file="").update(file=usage_import.file.name):
        usage_import.file.storage.delete(usage_import.file.name)
    return importer.run(usage_import_id)


def _fail(usage_import, message: str) -> None:
    UsageImport.objects.filter(pk=usage_import.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.FAILED, message=message[:1000], finished_at=timezone.now())
    usage_import.refresh_from_db()
    audit_log(actor=None, action="impact.usage_import_failed", target=usage_import,
              data={"source": ImportSource.GRAPH})


# --- Reading the report ------------------------------------------------------------------

def fetch_rows() -> list[dict]:
    """Every row of the report, all pages. Raises GraphError."""
    session = requests.Session()
    token = _token(session)
    session.headers["Authorization"] = f"Bearer {token}"
    session.headers["Accept"] = "application/json"
    api = settings.GRAPH_API_URL.rstrip("/")
    url = api + settings.GRAPH_USAGE_REPORT_PATH
    params = {"$format": "application/json"}
    rows: list[dict] = []
    for _page in range(MAX_PAGES):
        body = _json(_request(session, "GET", url, params=params))
        value = body.get("value")
        if not isinstance(value, list):
            raise GraphError(_("Microsoft Graph answered with something other than the usage "
                               "report; nothing was imported."))
        rows.extend(row for row in value if isinstance(row, dict))
        next_link = body.get("@odata.nextLink")
        if not next_link:
            return rows
        # Follow only links to the same Graph host: the token goes with the request.
        if urlsplit(next_link).netloc != urlsplit(api).netloc:
            raise GraphError(_("Microsoft Graph pointed to another address for the next page; "
                               "nothing was imported."))
        url, params = next_link, None
    raise GraphError(_("The usage report has more pages than expected; nothing was imported."))


def _token(session) -> str:
    if not (settings.GRAPH_TENANT_ID and settings.GRAPH_CLIENT_ID
            and settings.GRAPH_CLIENT_SECRET):
        raise GraphError(_("The connection to Microsoft Graph is not set up (tenant, client id "
                           "or client secret is missing); ask the administrator."))
    url = (f"{settings.GRAPH_LOGIN_URL.rstrip('/')}/{settings.GRAPH_TENANT_ID}"
           "/oauth2/v2.0/token")
    response = _request(session, "POST", url, data={
        "grant_type": "client_credentials", "client_id": settings.GRAPH_CLIENT_ID,
        "client_secret": settings.GRAPH_CLIENT_SECRET, "scope": SCOPE}, login=True)
    token = _json(response).get("access_token")
    if not isinstance(token, str) or not token:
        raise GraphError(_("Microsoft Entra ID gave no access token; nothing was imported."))
    return token


def _request(session, method, url, *, login=False, **kwargs):
    attempts = max(1, settings.GRAPH_MAX_ATTEMPTS)
    for attempt in range(1, attempts + 1):
        try:
            response = session.request(method, url, timeout=settings.GRAPH_TIMEOUT_SECONDS,
                                       **kwargs)
        except requests.RequestException as exc:
            logger.warning("Microsoft Graph unreachable (%s)", type(exc).__name__)
            raise GraphError(_("Microsoft Graph could not be reached; nothing was imported. "
                               "The next run tries again.")) from None
        if response.status_code in (429, 503) and attempt < attempts:
            wait = _retry_after(response)
            if wait is not None:
                logger.info("Microsoft Graph throttled the request; waiting %s s", wait)
                time.sleep(wait)
                continue
        break
    status = response.status_code
    if status == 200:
        return response
    logger.warning("Microsoft Graph answered %s to %s", status, "login" if login else "report")
    if status in (400, 401) and login:
        raise GraphError(_("Microsoft Entra ID refused the app registration's credentials "
                           "(tenant, client id or client secret is wrong or expired); nothing "
                           "was imported."))
    if status in (401, 403):
        raise GraphError(_("Microsoft Graph refused access to the usage report; nothing was "
                           "imported. The app registration needs the application permission "
                           "Reports.Read.All with admin consent."))
    if status in (429, 503):
        raise GraphError(_("Microsoft Graph is busy (too many requests) and kept asking to wait; "
                           "nothing was imported. The next run tries again."))
    raise GraphError(_("Microsoft Graph answered with an error (%(status)s); nothing was "
                       "imported. The next run tries again.") % {"status": status})


def _retry_after(response) -> int | None:
    """Seconds to wait, or None when the wait is missing or longer than allowed."""
    try:
        seconds = int(response.headers.get("Retry-After", "5"))
    except ValueError:
        return None
    if 0 <= seconds <= settings.GRAPH_MAX_RETRY_AFTER_SECONDS:
        return seconds
    return None


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise GraphError(_("Microsoft Graph answered with something other than the usage "
                           "report; nothing was imported."))
    return body


# --- Into the importer's shape -----------------------------------------------------------

def to_csv(rows: list[dict]) -> bytes:
    """The report's rows as the admin center's CSV export (UTF-8), for the importer. Raises
    GraphError for a report with concealed names."""
    names = [str(row.get("userPrincipalName") or "").strip() for row in rows]
    filled = [name for name in names if name]
    if filled and all("@" not in name and CONCEALED.fullmatch(name) for name in filled):
        raise GraphError(_(
            "The usage report hides the names of users (they are replaced by codes), so it "
            "cannot be matched to employees; nothing was imported. A Microsoft 365 "
            "administrator must turn off “Display concealed user, group, and site names in all "
            "reports” (Microsoft 365 admin center › Settings › Org settings › Reports); then "
            "fetch the report again."))
    fields = list(COLUMNS)
    for row in rows:
        for key in row:
            if key.endswith("LastActivityDate") and key not in fields:
                fields.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([COLUMNS.get(key) or _words(key) for key in fields])
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in fields])
    return out.getvalue().encode("utf-8")


def _words(key: str) -> str:
    """"whiteboardCopilotLastActivityDate" -> "Whiteboard Copilot Last Activity Date"."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)
    return words[:1].upper() + words[1:]


def _cell(value) -> str:
    return "" if value is None else str(value)[:200]
