"""The customs pages: submitting, deciding in the session, history, exports, query counts."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from icalendar import Calendar

from customs import services
from customs.constants import Decision, SubmissionStatus
from customs.models import CustomsDecision, CustomsSession, Submission
from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from reisbureau.models import AuditEntry
from tests.customs.factories import (
    SAFE_ANSWERS,
    CustomsDecisionFactory,
    CustomsSessionFactory,
    MeasureFactory,
    OfficerFactory,
    SubmissionFactory,
)
from tests.customs.test_services import SUBMITTERS, submit_case
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FORM = {"personal_data": "nee", "special_categories": "nee", "social_domain": "nee",
        "affects_decisions": "nee", "output_to_citizens": "ja", "profiling": "nee",
        "device": "municipal", "hosting": "eea", "human_check": "ja",
        # The AI Act decision aid, every question it asks for this path on the page.
        "aiact_shown": "role,system_type,exemption,prohibited,annex_i,annex_iii,transparency,"
                       "transparency_exception",
        "aiact_role": "deployer", "aiact_system_type": "gpai_system", "aiact_exemption": "none",
        "aiact_prohibited": ["none"], "aiact_annex_i": "no", "aiact_annex_iii": ["none"],
        "aiact_transparency": ["chatbot"], "aiact_transparency_exception": "no"}


def test_adviser_submits_with_the_questionnaire(client, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), work_task="Notulen")
    client.force_login(adviser)
    url = reverse("customs:submit_task", args=[task.pk])
    page = client.get(url).content.decode()
    assert "Risicovragenlijst" in page and "Notulen" in page
    response = client.post(url, FORM, follow=True)
    assert "Taak ingediend bij de douane" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.output_to_citizens and submission.proposed_ai_act == "transparency"
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.AT_CUSTOMS


@pytest.mark.parametrize(("who", "may"), SUBMITTERS)
def test_the_submit_page_follows_the_one_submit_rule(client, make_user, who, may):
    task, actor = submit_case(who, make_user)
    client.force_login(actor)
    url = reverse("customs:submit_task", args=[task.pk])
    journey_page = client.get(task.journey.get_absolute_url())
    if journey_page.status_code == 200:  # the button is offered exactly when submitting works
        assert (url in journey_page.content.decode()) is may
    refused = 404 if actor.has_role("adviser") else 403  # a submitter's role, not this journey
    assert client.get(url).status_code == (200 if may else refused)
    response = client.post(url, FORM)
    assert response.status_code == (302 if may else refused)
    assert Submission.objects.filter(task=task).exists() is may


def test_an_incomplete_questionnaire_gives_dutch_errors_and_saves_nothing(client, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    client.force_login(adviser)
    response = client.post(reverse("customs:submit_task", args=[task.pk]),
                           {**FORM, "personal_data": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Submission.objects.exists()
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.DRAFT


def test_submitting_a_task_already_at_customs_is_a_message_not_a_500(client, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), at_customs=True)
    client.force_login(adviser)
    response = client.post(reverse("customs:submit_task", args=[task.pk]), FORM)
    assert response.status_code == 200
    assert "kan niet worden ingediend" in response.content.decode()


def _decide_data(submission, **data):
    return {f"besluit{submission.pk}-{k}": v for k, v in data.items()}


def test_officer_clears_with_two_measures_in_the_session_page_over_htmx(client, officer,
                                                                        traveller):
    submission = SubmissionFactory(task__journey__travellers=[traveller])
    a, b = MeasureFactory(title="Alleen op een gemeentelaptop"), MeasureFactory(
        title="Geen persoonsgegevens invoeren")
    client.force_login(officer)
    page = client.get(submission.session.get_absolute_url()).content.decode()
    form_url = reverse("customs:decide_form", args=[submission.pk])
    assert "Besluit over" in page and f'hx-get="{form_url}"' in page
    assert "Alleen op een gemeentelaptop" not in page  # the form loads when the item opens
    fragment = client.get(form_url, **HTMX).content.decode()
    assert "<html" not in fragment and "Alleen op een gemeentelaptop" in fragment
    assert f'name="besluit{submission.pk}-rationale"' in fragment
    response = client.post(reverse("customs:decide", args=[submission.pk]), _decide_data(
        submission, decision="cleared_with_measures", measures=[a.pk, b.pk],
        rationale="Met twee maatregelen"), **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "Besloten:" in html and "Geen persoonsgegevens" in html
    task = JourneyTask.objects.get(pk=submission.task_id)
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES
    assert task.measures == ["Alleen op een gemeentelaptop", "Geen persoonsgegevens invoeren"]
    client.force_login(traveller)
    history = client.get(reverse("customs:task_history", args=[task.pk])).content.decode()
    assert "Met twee maatregelen" in history and "Alleen op een gemeentelaptop" in history
    journey_page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "Alleen op een gemeentelaptop" in journey_page


@pytest.mark.parametrize("decision", ["excluded", "sent_back"])
def test_a_decision_without_rationale_is_refused_and_changes_nothing(client, officer,
                                                                     decision):
    submission = SubmissionFactory()
    client.force_login(officer)
    response = client.post(reverse("customs:decide", args=[submission.pk]),
                           {**_decide_data(submission, decision=decision, rationale=""),
                            "next": "zitting"}, follow=True)
    assert "Dit besluit heeft een onderbouwing nodig" in response.content.decode()
    assert not CustomsDecision.objects.exists()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN
    response = client.post(reverse("customs:decide", args=[submission.pk]),
                           _decide_data(submission, decision=decision, rationale=""), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    # The message stands beside the rationale field, which is marked invalid.
    assert f'id="id_besluit{submission.pk}-rationale_error"' in html
    assert "alleen goedkeuren zonder maatregelen kan zonder" in html
    assert not CustomsDecision.objects.exists()


def test_a_plain_clearance_needs_no_rationale_and_the_label_says_so(client, officer):
    submission = SubmissionFactory()
    client.force_login(officer)
    fragment = client.get(reverse("customs:decide_form", args=[submission.pk]),
                          **HTMX).content.decode()
    assert "Onderbouwing (verplicht, behalve bij goedkeuren zonder maatregelen)" in fragment
    assert "(optioneel)" not in fragment.split("rationale")[1].split("</label>")[0]
    response = client.post(reverse("customs:decide", args=[submission.pk]),
                           _decide_data(submission, decision="cleared", rationale=""), **HTMX)
    assert response.status_code == 200
    decision = CustomsDecision.objects.get()
    assert decision.decision == "cleared" and decision.rationale == ""
    assert JourneyTask.objects.get(pk=submission.task_id).status == TaskStatus.CLEARED


def test_an_over_long_rationale_is_refused_beside_the_field(client, officer):
    submission = SubmissionFactory()
    client.force_login(officer)
    response = client.post(reverse("customs:decide", args=[submission.pk]), _decide_data(
        submission, decision="excluded", rationale="x" * 5001), **HTMX)
    assert "De tekst is te lang (hoogstens 5.000 tekens)." in response.content.decode()
    assert not CustomsDecision.objects.exists()


def test_the_second_officer_sees_it_was_decided(client, officer):
    submission = SubmissionFactory()
    services.decision_record(submission=submission, officer=OfficerFactory(),
                             decision=Decision.CLEARED, rationale="In orde")
    client.force_login(officer)
    response = client.post(reverse("customs:decide", args=[submission.pk]), _decide_data(
        submission, decision="excluded", rationale="Nee"), **HTMX)
    assert "al besloten" in response.content.decode()
    assert CustomsDecision.objects.count() == 1


def test_the_planner_sees_no_decision_form_and_is_refused(client, adviser):
    from django.contrib.auth.models import Group

    adviser.groups.add(Group.objects.get(name="officer"))
    submission = SubmissionFactory(task__journey__adviser=adviser)
    client.force_login(adviser)
    page = client.get(submission.session.get_absolute_url()).content.decode()
    assert "andere douanier besluit" in page
    response = client.post(reverse("customs:decide", args=[submission.pk]), _decide_data(
        submission, decision="cleared", rationale="Eigen taak"), follow=True)
    assert "andere douanier besluit" in response.content.decode()
    assert not CustomsDecision.objects.exists()


def test_officers_maintain_the_catalogue_in_the_browser(client, officer):
    client.force_login(officer)
    client.post(reverse("customs:measure_new"), {"title": "Geen persoonsgegevens invoeren",
                                                 "is_active": "on"})
    response = client.post(reverse("customs:measure_new"),
                           {"title": "geen persoonsgegevens invoeren"})
    assert "staat al in de catalogus" in response.content.decode()
    response = client.post(reverse("customs:rule_new"), {"title": "Leeg"})
    assert "minstens één voorwaarde" in response.content.decode()
    client.post(reverse("customs:rule_new"), {"title": "Sociaal domein", "keywords": "gesprek",
                                              "when_social_domain": "on", "is_active": "on"})
    assert "Sociaal domein" in client.get(reverse("customs:rules")).content.decode()
    assert "Geen persoonsgegevens" in client.get(reverse("customs:measures")).content.decode()


# --- Exports, parsed back with real parsers --------------------------------------------------

def test_sessions_export_to_a_calendar(client, officer):
    session = CustomsSessionFactory()
    SubmissionFactory(session=session)
    client.force_login(officer)
    response = client.get(reverse("customs:sessions_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(events) == 1
    assert events[0].decoded("dtstart") == session.date
    assert str(events[0]["uid"]) == f"douanezitting-{session.pk}@reisbureau"
    assert "1 taak op de agenda" in str(events[0]["description"])


def test_the_register_exports_cleared_applications_as_csv_and_json(client, officer):
    decision = CustomsDecisionFactory(decision=Decision.CLEARED_WITH_MEASURES,
                                      measures=["Geen persoonsgegevens"],
                                      submission__task__work_task="Notulen met Copilot")
    CustomsDecisionFactory(decision=Decision.EXCLUDED, submission__task__excluded=True)
    client.force_login(officer)
    rows = list(csv.DictReader(io.StringIO(client.get(
        reverse("customs:register_export", args=["csv"])).content.decode())))
    assert [r["name"] for r in rows] == ["Notulen met Copilot"]
    assert rows[0]["organization"] == "Gemeente Voorbeeldstad"
    assert rows[0]["measures"] == "Geen persoonsgegevens"
    data = json.loads(client.get(reverse("customs:register_export", args=["json"])).content)
    [item] = data["algorithms"]
    assert item["name"] == "Notulen met Copilot" and item["measures"] == ["Geen persoonsgegevens"]
    for field in ("description_short", "status", "goal", "human_intervention", "risks",
                  "legal_basis", "impact_assessments", "provider", "begin_date",
                  "contact_email"):
        assert field in item
    assert "Notulen met Copilot" in client.get(reverse("customs:register")).content.decode()
    assert decision.task_id
    assert client.get(reverse("customs:register_export", args=["xml"])).status_code == 404


def test_the_audit_trail_filters_and_exports_csv(client, officer, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    client.force_login(officer)
    page = client.get(reverse("customs:audit"), {"actie": "customs.submitted"})
    # The page names the action in Dutch; the CSV below keeps the code.
    assert "Taak ingediend bij de douane" in page.content.decode()
    assert ">customs.submitted<" not in page.content.decode()
    assert AuditEntry.objects.filter(action="customs.session_planned").exists()
    assert "Douanezitting gepland" not in page.content.decode()
    # the filter finds an action by its Dutch words too
    page = client.get(reverse("customs:audit"), {"actie": "ingediend bij de douane"})
    assert "Taak ingediend bij de douane" in page.content.decode()
    response = client.get(reverse("customs:audit"), {"actie": "customs.", "formaat": "csv"})
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Dutch Excel: BOM and semicolons
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["time", "by", "action", "object", "details", "by_id", "object_type",
                       "object_id"]
    assert {r[2] for r in rows[1:]} <= {"customs.submitted", "customs.session_planned"}
    assert any(r[2] == "customs.submitted" and r[1] == adviser.display_name
               and r[5] == str(adviser.pk) for r in rows[1:])
    # the filter "door" finds the actor by their current name
    page = client.get(reverse("customs:audit"), {"door": adviser.last_name})
    assert "Taak ingediend bij de douane" in page.content.decode()


# --- Query counts --------------------------------------------------------------------------

def _count(client, url, django_assert_max_num_queries, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_queue_and_session_page_do_not_grow_with_rows(client, officer,
                                                      django_assert_max_num_queries):
    session = CustomsSessionFactory()
    MeasureFactory(), MeasureFactory()
    for _ in range(2):
        SubmissionFactory(session=session)
    CustomsDecisionFactory(submission__session=session)
    client.force_login(officer)
    urls = [reverse("customs:index"), session.get_absolute_url(), reverse("customs:sessions"),
            reverse("customs:register")]
    small = [_count(client, u, django_assert_max_num_queries, 14) for u in urls]
    for _ in range(6):
        SubmissionFactory(session=session)
        CustomsDecisionFactory(submission__session=session)
    assert [_count(client, u, django_assert_max_num_queries, 14) for u in urls] == small


def test_tool_change_page_is_for_officers(client, officer, adviser):
    url = "/douane/hulpmiddelen/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(adviser)
    assert client.get(url).status_code == 403
    assert client.post(url, {"tool": "copilot_word", "description": "x"}).status_code == 403
    client.force_login(officer)
    response = client.post(url, {"tool": "copilot_word", "description": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in response.content.decode()
    response = client.post(url, {"tool": "copilot_word", "description": "Nieuw model"},
                           follow=True)
    assert "Vastgelegd." in response.content.decode()


def test_the_decision_form_is_for_officers_and_falls_back_to_the_submission_page(
        client, officer, adviser, traveller):
    submission = SubmissionFactory()
    url = reverse("customs:decide_form", args=[submission.pk])
    for user in (traveller, adviser):
        client.force_login(user)
        assert client.get(url, **HTMX).status_code == 403
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == submission.get_absolute_url()
    assert client.post(url, **HTMX).status_code == 405
    assert client.get(reverse("customs:decide_form", args=[999999]), **HTMX).status_code == 404
    own = SubmissionFactory(task__journey__adviser=officer)
    fragment = client.get(reverse("customs:decide_form", args=[own.pk]), **HTMX)
    assert fragment.status_code == 200  # the item says so; the decision itself is refused


# --- Planning the next session: the daily job or an officer's POST, never a GET -------------

def test_without_a_planned_session_the_pages_say_so_and_plan_nothing(client, officer):
    CustomsSessionFactory(date=dt.date(2020, 1, 7))  # only a past session
    client.force_login(officer)
    for url in (reverse("customs:sessions"), reverse("customs:index")):
        page = client.get(url).content.decode()
        assert "Er is nog geen volgende zitting gepland" in page, url
        assert reverse("customs:session_plan") in page and "csrfmiddlewaretoken" in page, url
    response = client.get(reverse("customs:session_next"))
    assert response.status_code == 302 and response["Location"] == reverse("customs:sessions")
    assert CustomsSession.objects.count() == 1
    assert not AuditEntry.objects.filter(action="customs.session_planned").exists()


def test_the_next_session_page_opens_a_planned_session(client, officer):
    session = services.session_plan()
    client.force_login(officer)
    response = client.get(reverse("customs:session_next"))
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    page = client.get(reverse("customs:sessions")).content.decode()
    assert "Er is nog geen volgende zitting gepland" not in page
    assert session.get_absolute_url() in page


def test_an_officer_plans_the_next_session_with_a_post(client, officer):
    client.force_login(officer)
    response = client.post(reverse("customs:session_plan"), follow=True)
    session = CustomsSession.objects.get()
    assert session.date >= dt.date.today()
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "De volgende zitting is gepland op" in response.content.decode()
    entry = AuditEntry.objects.get(action="customs.session_planned")
    assert entry.actor == officer
    client.post(reverse("customs:session_plan"))  # a second click plans nothing more
    assert CustomsSession.objects.count() == 1
    assert AuditEntry.objects.filter(action="customs.session_planned").count() == 1


def test_only_officers_may_plan_a_session(client, traveller, adviser, manager, agency_staff):
    url = reverse("customs:session_plan")
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (traveller, adviser, manager, agency_staff):
        client.force_login(user)
        assert client.post(url).status_code == 403, user
    assert not CustomsSession.objects.exists()


def test_planning_a_session_needs_a_post_with_the_csrf_token(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(reverse("customs:session_plan")).status_code == 405
    assert client.post(reverse("customs:session_plan")).status_code == 403
    assert not CustomsSession.objects.exists()
