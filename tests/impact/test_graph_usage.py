"""Usage from Microsoft Graph (impact/graph_usage.py) against a real HTTP server on loopback that
serves responses of the recorded shape: the token endpoint of Entra ID and the Copilot usage
report (getMicrosoft365CopilotUsageUserDetail, JSON with `value` and `@odata.nextLink`)."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from impact import importer, tasks
from impact.constants import ImportFormat, ImportMode, ImportSource, ImportStatus
from impact.models import UsageImport, UsageRecord

pytestmark = pytest.mark.django_db

REPORT_PATH = "/beta/reports/getMicrosoft365CopilotUsageUserDetail(period='D30')"
DAY = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
EARLIER = (timezone.localdate() - dt.timedelta(days=10)).isoformat()


def _row(upn, **dates):
    row = {"reportRefreshDate": DAY, "reportPeriod": 30, "userPrincipalName": upn,
           "displayName": "Naam " + upn[:6], "lastActivityDate": dates.pop("last", None),
           "microsoftTeamsCopilotLastActivityDate": None, "wordCopilotLastActivityDate": None,
           "excelCopilotLastActivityDate": None, "powerPointCopilotLastActivityDate": None,
           "outlookCopilotLastActivityDate": None, "oneNoteCopilotLastActivityDate": None,
           "loopCopilotLastActivityDate": None, "copilotChatLastActivityDate": None,
           "copilotActivityUserDetailsByPeriod": [{"reportPeriod": 30}]}
    row.update(dates)
    return row


PAGE_1 = [
    _row("persoon0@voorbeeldstad.example", last=DAY,
         microsoftTeamsCopilotLastActivityDate=DAY, wordCopilotLastActivityDate=EARLIER),
    _row("Persoon1@Voorbeeldstad.example", last=DAY, copilotChatLastActivityDate=DAY,
         powerPointCopilotLastActivityDate=EARLIER, oneNoteCopilotLastActivityDate=DAY),
]
PAGE_2 = [
    _row("persoon2@voorbeeldstad.example"),  # licensed, never used it
    _row("extern@elders.example", last=DAY, wordCopilotLastActivityDate=DAY),  # no account
    _row("persoon3@voorbeeldstad.example", last=EARLIER, outlookCopilotLastActivityDate=EARLIER,
         excelCopilotLastActivityDate=DAY, loopCopilotLastActivityDate=DAY),
]


class GraphServer:
    """Answers from a queue per route ("token", "page1", "page2"); the last answer repeats.
    Records every request (path, headers, body)."""

    def __init__(self):
        self.routes: dict[str, list] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                route = ("token" if self.path.endswith("/oauth2/v2.0/token")
                         else "page2" if "skiptoken" in self.path else "page1")
                server.requests.append({"route": route, "path": self.path, "body": body,
                                        "headers": dict(self.headers)})
                queue = server.routes.get(route) or [(404, {}, {"error": "not found"})]
                status, headers, payload = queue.pop(0) if len(queue) > 1 else queue[0]
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def report(self, page1, page2=None):
        self.routes["token"] = [(200, {}, {"token_type": "Bearer", "expires_in": 3599,
                                           "access_token": "eyJ0-test-token"})]
        first = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#Collection",
                 "value": page1}
        if page2 is not None:
            first["@odata.nextLink"] = f"{self.url}{REPORT_PATH}?$skiptoken=volgende"
            self.routes["page2"] = [(200, {}, {"value": page2})]
        self.routes["page1"] = [(200, {}, first)]

    def of(self, route):
        return [r for r in self.requests if r["route"] == route]


@pytest.fixture
def graph(settings):
    server = GraphServer()
    server.thread.start()
    settings.GRAPH_USAGE_IMPORT_ENABLED = True
    settings.GRAPH_TENANT_ID = "contoso-tenant"
    settings.GRAPH_CLIENT_ID = "app-id"
    settings.GRAPH_CLIENT_SECRET = "geheim"
    settings.GRAPH_LOGIN_URL = server.url
    settings.GRAPH_API_URL = server.url
    settings.GRAPH_USAGE_REPORT_PATH = REPORT_PATH
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def people(make_user):
    return [make_user("traveller", email=f"persoon{i}@voorbeeldstad.example") for i in range(4)]


def _records():
    return sorted(UsageRecord.objects.values_list("user__email", "date", "tool", "actions"))


def test_two_pages_are_imported_as_the_csv_export_would_be(graph, people, agency_staff):
    graph.report(PAGE_1, PAGE_2)
    assert tasks.import_graph_usage.apply().get() == ImportStatus.DONE
    usage_import = UsageImport.objects.get()
    assert usage_import.source == ImportSource.GRAPH and usage_import.uploaded_by is None
    assert usage_import.format == ImportFormat.M365 and not usage_import.file
    assert usage_import.total_rows == 5 and usage_import.error_count == 1
    assert usage_import.errors[0]["message"] == "Onbekende medewerker: extern@elders.example."
    from_graph = _records()
    assert len(from_graph) == 8

    # What was sent where: the client credentials to the token endpoint, the token to Graph.
    token_request = graph.of("token")[0]
    assert token_request["path"] == "/contoso-tenant/oauth2/v2.0/token"
    assert parse_qs(token_request["body"]) == {
        "grant_type": ["client_credentials"], "client_id": ["app-id"],
        "client_secret": ["geheim"], "scope": ["https://graph.microsoft.com/.default"]}
    pages = graph.of("page1") + graph.of("page2")
    assert len(pages) == 2
    assert all(p["headers"]["Authorization"] == "Bearer eyJ0-test-token" for p in pages)
    assert "geheim" not in json.dumps(pages)

    # The same data as the admin center's CSV export, uploaded: the same records.
    UsageRecord.objects.all().delete()
    header = ("Report Refresh Date,User Principal Name,Display Name,Last Activity Date,"
              "Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,"
              "Excel Copilot Last Activity Date,PowerPoint Copilot Last Activity Date,"
              "Outlook Copilot Last Activity Date,OneNote Copilot Last Activity Date,"
              "Loop Copilot Last Activity Date,Copilot Chat Last Activity Date,Report Period")
    keys = ["lastActivityDate", "microsoftTeamsCopilotLastActivityDate",
            "wordCopilotLastActivityDate", "excelCopilotLastActivityDate",
            "powerPointCopilotLastActivityDate", "outlookCopilotLastActivityDate",
            "oneNoteCopilotLastActivityDate", "loopCopilotLastActivityDate",
            "copilotChatLastActivityDate"]
    lines = [header] + [",".join([DAY, r["userPrincipalName"], r["displayName"]]
                                 + [r[k] or "" for k in keys] + ["30"])
                        for r in PAGE_1 + PAGE_2]
    upload = UsageImport(uploaded_by=agency_staff, filename="export.csv",
                         format=ImportFormat.M365, mode=ImportMode.SKIP_BAD_ROWS)
    upload.file.save("export.csv", ContentFile("\n".join(lines).encode()), save=False)
    upload.save()
    assert importer.run(upload.pk).status == ImportStatus.DONE
    assert _records() == from_graph


def test_a_throttled_page_is_waited_for_and_retried(graph, people):
    graph.report(PAGE_1)
    graph.routes["page1"].insert(0, (429, {"Retry-After": "1"}, {"error": {
        "code": "TooManyRequests", "message": "Too many requests"}}))
    assert tasks.import_graph_usage.apply().get() == ImportStatus.DONE
    assert len(graph.of("page1")) == 2
    assert UsageImport.objects.get().status == ImportStatus.DONE
    assert len(_records()) == 5


def test_throttled_beyond_the_bound_fails_and_saves_nothing(graph, people, settings):
    settings.GRAPH_MAX_ATTEMPTS = 2
    graph.report(PAGE_1)
    graph.routes["page1"] = [(429, {"Retry-After": "0"}, {})]
    assert tasks.import_graph_usage.apply().get() == ImportStatus.FAILED
    assert len(graph.of("page1")) == 2
    usage_import = UsageImport.objects.get()
    assert "te veel verzoeken" in usage_import.message
    assert not UsageRecord.objects.exists()


def test_a_concealed_report_fails_with_the_tenant_setting_explained(graph, people):
    hashed = [_row("8A3F1B2C4D5E6F708192A3B4C5D6E7F8", last=DAY, wordCopilotLastActivityDate=DAY),
              _row("0123456789abcdef0123456789ABCDEF", last=DAY)]
    for row in hashed:
        row["displayName"] = "C3A8E0F1D2B4A69788796A5B4C3D2E1F"
    graph.report(hashed)
    assert tasks.import_graph_usage.apply().get() == ImportStatus.FAILED
    usage_import = UsageImport.objects.get()
    assert usage_import.status == ImportStatus.FAILED and not usage_import.file
    assert "Display concealed user, group, and site names in all reports" in \
        usage_import.message
    assert "Microsoft 365-beheercentrum" in usage_import.message
    assert not UsageRecord.objects.exists()


@pytest.mark.parametrize("status, words", [
    (500, "fout (500)"), (503, "te veel verzoeken"), (403, "Reports.Read.All"),
    (401, "Reports.Read.All")])
def test_an_error_of_graph_fails_the_import_and_saves_nothing(graph, people, status, words,
                                                              settings):
    settings.GRAPH_MAX_ATTEMPTS = 1
    graph.report(PAGE_1, PAGE_2)
    graph.routes["page2"] = [(status, {}, {"error": {"code": "x"}})]
    assert tasks.import_graph_usage.apply().get() == ImportStatus.FAILED
    usage_import = UsageImport.objects.get()
    assert words in usage_import.message and "niets" in usage_import.message
    assert not usage_import.file and not UsageRecord.objects.exists()


def test_refused_credentials_fail_with_their_own_message(graph, people):
    graph.report(PAGE_1)
    graph.routes["token"] = [(401, {}, {"error": "invalid_client"})]
    assert tasks.import_graph_usage.apply().get() == ImportStatus.FAILED
    assert "client secret" in UsageImport.objects.get().message
    assert not graph.of("page1") and not UsageRecord.objects.exists()


def test_the_task_does_nothing_when_switched_off(graph, people, settings):
    settings.GRAPH_USAGE_IMPORT_ENABLED = False
    graph.report(PAGE_1)
    assert tasks.import_graph_usage.apply().get() == "disabled"
    assert not UsageImport.objects.exists() and not graph.requests


def test_the_task_is_routed_and_scheduled_only_when_switched_on(settings):
    from django.apps import apps

    assert settings.CELERY_TASK_ROUTES["impact.tasks.import_graph_usage"] == {
        "queue": "imports"}
    assert "impact-graph-usage-import" not in apps.get_app_config("impact").schedules


def test_staff_fetch_now(client, graph, people, agency_staff, django_capture_on_commit_callbacks):
    graph.report(PAGE_1)
    client.force_login(agency_staff)
    page = client.get(reverse("impact:imports"))
    assert "Nu ophalen" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:import_graph"))
    usage_import = UsageImport.objects.get()
    assert response.status_code == 302 and response.url == usage_import.get_absolute_url()
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.DONE
    assert usage_import.uploaded_by == agency_staff and usage_import.source == "graph"
    assert len(_records()) == 5
    detail = client.get(usage_import.get_absolute_url())
    assert detail.status_code == 200


def test_a_failed_fetch_shows_its_message_on_the_import_page(
        client, graph, people, agency_staff, django_capture_on_commit_callbacks):
    graph.report(PAGE_1)
    graph.routes["page1"] = [(500, {}, {})]
    client.force_login(agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:import_graph"))
    page = client.get(response.url).content.decode()
    assert "Microsoft Graph antwoordde met een fout (500); er is niets geïmporteerd." in page
    assert "Mislukt" in page
    assert "Microsoft Graph" in client.get(reverse("impact:imports")).content.decode()


@pytest.mark.parametrize("role", ["traveller", "adviser", "officer", "manager", "council"])
def test_only_agency_staff_fetch(client, graph, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("impact:import_graph")).status_code == 403
    assert not UsageImport.objects.exists() and not graph.requests


def test_fetch_now_is_not_there_when_switched_off(client, agency_staff, settings):
    settings.GRAPH_USAGE_IMPORT_ENABLED = False
    client.force_login(agency_staff)
    assert "Nu ophalen" not in client.get(reverse("impact:imports")).content.decode()
    assert client.post(reverse("impact:import_graph")).status_code == 404
    assert not UsageImport.objects.exists()


def test_anonymous_is_sent_to_the_login(client, graph):
    response = client.post(reverse("impact:import_graph"))
    assert response.status_code == 302 and "login" in response.url
