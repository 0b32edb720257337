"""Hostile input: XSS payloads through every free-text field, then every page that shows them.

Part one types the payloads into the real forms (prompt, board topic and reply, report reason,
inventory entry, department). Part two puts them in every other free-text field at once,
straight into the database, the worst case (no form validation in between) for journeys,
tasks, customs decisions and measures, travel reports, toolkit pages, objections, interviews,
survey answers, trainings, promptathons, teams, names of people and of departments, function
groups and personas, and hide and report reasons; a customs rationale and free-text measures go
through the customs service. Then each role visits the pages that show them, and every page must
show: no dialog and no console marker (nothing ran), no CSP violation (the page fixture), no
element with an event-handler attribute, no javascript: or data: link, no iframe, object or
embed, and no script element carrying a payload.
"""

import re

import pytest
from django.db.models import CharField, JSONField, TextField
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.payloads import ALL_PAYLOADS, DANGEROUS_SELECTORS, XSS_MARKER, XSS_PAYLOADS, \
    short_payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = re.compile(r"X\d{3} |Gevaarlijke tekst|alert\(|onerror|javascript")


@pytest.fixture
def watched(page):
    """The page, with a record of every dialog and every console line with the marker."""
    ran = []

    def on_dialog(dialog):
        ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: ran.append(f"console: {msg.text}")
            if XSS_MARKER in msg.text else None)
    page.ran = ran
    return page


def assert_nothing_ran(page, where=""):
    where = where or page.url
    for selector in DANGEROUS_SELECTORS:
        expect(page.locator(selector), f"{selector} on {where}").to_have_count(0)
    executable = page.locator("script:not([type='application/json'])")
    for text in ("XSS", XSS_MARKER, "alert("):
        expect(executable.filter(has_text=text), f"script with {text} on {where}") \
            .to_have_count(0)
    assert page.ran == [], f"script ran on {where}: {page.ran}"


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state()
    assert_nothing_ran(page, url)
    assert_accessible(page)
    return page.get_by_text(SHOWN).count() > 0


def _submit(page, field_name, values, button=None):
    """Fill the form that holds `field_name` and send it with its (last) button."""
    form = page.locator("main form").filter(has=page.locator(f"[name='{field_name}']")).first
    for name, value in values.items():
        form.locator(f"[name='{name}']").fill(value)
    (form.get_by_role("button", name=button) if button else form.get_by_role("button").last) \
        .click()
    page.wait_for_load_state()


def _details_form(page, action_end, reason):
    """Open the folded form (report, hide) whose action ends in `action_end` and send it."""
    form = page.locator(f"form[action$='{action_end}']")
    form.locator("xpath=ancestor::details/summary").click()
    form.locator("textarea").fill(reason)
    form.get_by_role("button").click()
    page.wait_for_load_state()


# --- Part one: the real forms ------------------------------------------------------------

def test_payloads_typed_into_the_forms_never_run(watched, demo, browser, live_server):
    from community.models import PostReport, Prompt, Topic
    from journeys.models import InventoryEntry
    from reisbureau.models import Department

    page = watched
    login(page, "reiziger@voorbeeldstad.example")

    page.goto("/community/prompts/nieuw/")
    _submit(page, "text", {"title": short_payload(1, 200), "text": ALL_PAYLOADS})
    prompt = Prompt.objects.get(title=short_payload(1, 200))
    assert prompt.text == ALL_PAYLOADS.replace("\n", "\r\n") or prompt.text == ALL_PAYLOADS
    assert visit(page, prompt.get_absolute_url())
    assert visit(page, "/community/prompts/?q=X001")

    page.goto("/community/prikbord/nieuw/")
    page.get_by_label("Vraag").check()
    _submit(page, "body", {"title": short_payload(2, 200), "body": ALL_PAYLOADS})
    topic = Topic.objects.get(title=short_payload(2, 200))
    assert visit(page, topic.get_absolute_url())
    _submit(page, "body", {"body": ALL_PAYLOADS}, button="Antwoord plaatsen")
    assert topic.replies.count() == 1
    assert visit(page, topic.get_absolute_url())
    others = Topic.objects.exclude(author__email="reiziger@voorbeeldstad.example") \
        .order_by("pk").first()
    page.goto(others.get_absolute_url())
    _details_form(page, f"/onderwerp/{others.pk}/melden/", ALL_PAYLOADS)
    assert PostReport.objects.filter(topic=others, reason__contains="onerror").exists()
    assert visit(page, "/community/prikbord/")

    page.goto("/reizen/")
    form = page.locator("main form").filter(has=page.locator("[name='minutes_per_week']")).first
    form.locator("[name='frequency']").select_option("weekly")
    form.locator("[name='kind']").first.check()
    _submit(page, "minutes_per_week", {
        "title": short_payload(3, 200), "description": ALL_PAYLOADS,
        "minutes_per_week": "60", "data_touched": ALL_PAYLOADS})
    assert InventoryEntry.objects.filter(title=short_payload(3, 200)).exists()
    assert visit(page, "/reizen/")

    staff = browser.new_context(locale="nl-NL", base_url=live_server.url)
    other = staff.new_page()
    other.ran = []
    other.on("dialog", lambda d: (other.ran.append(d.message), d.dismiss()))
    login(other, "beheer@voorbeeldstad.example")
    other.goto("/reisbureau/afdelingen/nieuw/")
    _submit(other, "name", {"name": short_payload(4, 120), "description": ALL_PAYLOADS})
    assert Department.objects.filter(name=short_payload(4, 120)).exists()
    reply = topic.replies.get()
    other.goto(topic.get_absolute_url())
    _details_form(other, f"/reactie/{reply.pk}/verbergen/", ALL_PAYLOADS)
    reply.refresh_from_db()
    assert reply.is_hidden and "onerror" in reply.hidden_reason
    for url in ("/reisbureau/afdelingen/", "/community/prikbord/meldingen/",
                "/reizen/tijdvreters/", topic.get_absolute_url()):
        other.goto(url)
        assert_nothing_ran(other, url)
        assert_accessible(other)
        assert other.get_by_text(SHOWN).count() > 0, url
    staff.close()


# --- Part two: every other free-text field -----------------------------------------------

def _text_fields(model):
    return [f for f in model._meta.get_fields()
            if isinstance(f, CharField | TextField) and not f.choices
            and f.name not in ("email", "password", "token", "filename", "tool", "username")
            and not f.name.startswith(("search", "slug"))]


def _poison():
    """Every free-text field of every row (up to 30 a model) gets a payload."""
    from community.models import PostReport, Prompt, PromptVersion, Reply, Topic, WeeklyTip
    from learning.models import (
        KeyUserProfile, Promptathon, PromptathonChallenge, PromptathonSubmission,
        PromptathonTeam, ToolkitPage, TrainingSession,
    )
    from customs.models import ExclusionRule, Measure, ToolChange
    from impact.models import Interview, Objection, Survey, SurveyAnswer, SurveyQuestion, \
        TimeSaving
    from journeys.models import (
        Evaluation, InventoryEntry, Journey, JourneyRequest, JourneyTask, StandardJourney,
        StandardTask, TaskTest, TravelReport,
    )
    from reisbureau.models import Department, FunctionGroup, Persona, User

    models = [
        Prompt, PromptVersion, Topic, Reply, PostReport, WeeklyTip, TrainingSession, Promptathon,
        PromptathonChallenge, PromptathonTeam, PromptathonSubmission, KeyUserProfile,
        ToolkitPage, TimeSaving, Survey, SurveyQuestion, SurveyAnswer, Interview, Objection,
        Measure, ExclusionRule, ToolChange, InventoryEntry, StandardJourney, StandardTask,
        Journey, JourneyTask, TaskTest, JourneyRequest, Evaluation, TravelReport, Department,
        FunctionGroup, Persona,
    ]
    index = 10
    for model in models:
        fields = _text_fields(model)
        assert fields, model
        for obj in model.objects.order_by("pk")[:30]:
            values = {}
            for field in fields:
                index += 1
                values[field.name] = (ALL_PAYLOADS if field.max_length is None
                                      else short_payload(index, field.max_length))
            model.objects.filter(pk=obj.pk).update(**values)
    JourneyTask.objects.update(measures=[short_payload(i, 100) for i in range(3)])
    Topic.objects.filter(pk__in=Topic.objects.order_by("-pk").values("pk")[:1]).update(
        is_hidden=True)
    for user in User.objects.order_by("pk")[:80]:
        index += 1
        User.objects.filter(pk=user.pk).update(first_name=short_payload(index, 150),
                                               last_name=short_payload(index + 1, 150))
    assert any(isinstance(f, JSONField) for f in JourneyTask._meta.get_fields())


def _decide_with_payloads():
    """A customs rationale and free-text measures, through the customs service."""
    from customs import services
    from customs.constants import Decision
    from customs.models import Submission
    from reisbureau.models import User

    officer = User.objects.get(email="douane@voorbeeldstad.example")
    submission = Submission.objects.filter(status="open").exclude(
        task__journey__adviser=officer).order_by("pk").first()
    assert submission is not None
    services.decision_record(submission=submission, officer=officer,
                             decision=Decision.CLEARED_WITH_MEASURES,
                             extra_measures="\n".join(XSS_PAYLOADS[:6]),
                             rationale=ALL_PAYLOADS)
    return submission


def _pages():
    from community.models import Prompt, Topic, WeeklyTip
    from learning.models import Promptathon, ToolkitPage, TrainingSession
    from impact.models import Objection, Survey
    from journeys.models import Journey, StandardJourney, TravelReport
    from reisbureau.models import User

    journey = Journey.objects.filter(adviser__email="adviseur@voorbeeldstad.example") \
        .order_by("pk").first()
    traveller_journey = Journey.objects.filter(
        memberships__traveller__email="reiziger@voorbeeldstad.example").order_by("pk").first()
    first = {m: m.objects.order_by("pk").first() for m in (
        Prompt, Topic, WeeklyTip, TrainingSession, Promptathon, ToolkitPage, Objection, Survey,
        StandardJourney, TravelReport)}
    person = User.objects.filter(email__startswith="medewerker").order_by("pk").first()
    return {
        "reiziger@voorbeeldstad.example": [
            "/", "/reizen/", traveller_journey.get_absolute_url() if traveller_journey else "/",
            "/reizen/verslagen/", first[TravelReport].get_absolute_url(),
            "/community/", "/community/prompts/", first[Prompt].get_absolute_url(),
            "/community/prikbord/", first[Topic].get_absolute_url(), "/community/tips/",
            first[WeeklyTip].get_absolute_url(), "/community/trainingen/",
            first[TrainingSession].get_absolute_url(), "/community/promptathons/",
            first[Promptathon].get_absolute_url(), "/community/toolkit/",
            first[ToolkitPage].get_absolute_url(), "/community/key-users/",
            "/impact/tijdwinst/", "/meldingen/",
        ],
        "adviseur@voorbeeldstad.example": [
            "/reizen/tijdvreters/", "/reizen/planning/", "/reizen/verzoeken/",
            journey.get_absolute_url(), "/reizen/standaardreizen/",
            first[StandardJourney].get_absolute_url(), "/impact/interviews/",
            f"/impact/tijdwinst/reis/{journey.pk}/",
        ],
        "douane@voorbeeldstad.example": [
            "/douane/", "/douane/zittingen/volgende/", "/douane/maatregelen/",
            "/douane/uitsluitingen/", "/douane/hulpmiddelen/", "/douane/register/",
            "/douane/audittrail/",
        ],
        "beheer@voorbeeldstad.example": [
            "/reisbureau/", "/reisbureau/mensen/", f"/reisbureau/mensen/{person.pk}/",
            "/reisbureau/afdelingen/", "/reisbureau/functiegroepen/", "/reisbureau/personas/",
            "/reisbureau/bezetting/", "/reisbureau/licenties/", "/community/prikbord/meldingen/",
            "/impact/bezwaren/", first[Objection].get_absolute_url(), "/impact/enquetes/",
            first[Survey].get_absolute_url(), "/community/trainingen/register/",
            "/impact/dashboard/", "/impact/uitrol/",
        ],
        "manager@voorbeeldstad.example": [
            "/impact/dashboard/", "/impact/evaluatie/", "/impact/voortgang/",
        ],
    }


def test_payloads_in_every_free_text_field_never_run(watched, demo, browser, live_server):
    submission = _decide_with_payloads()
    _poison()
    pages = _pages()
    pages["douane@voorbeeldstad.example"] += [
        f"/douane/inzendingen/{submission.pk}/", f"/douane/taken/{submission.task_id}/",
        f"/douane/zittingen/{submission.session_id}/"]
    pages["adviseur@voorbeeldstad.example"].append(
        f"/reizen/{submission.task.journey_id}/")
    shown, visited = [], []
    for email, urls in pages.items():
        context = browser.new_context(locale="nl-NL", base_url=live_server.url)
        page = context.new_page()
        page.ran = []
        page.on("dialog", lambda d, page=page: (page.ran.append(d.message), d.dismiss()))
        page.on("console", lambda msg, page=page: page.ran.append(msg.text)
                if XSS_MARKER in msg.text or "Content Security Policy" in msg.text else None)
        login(page, email)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (email, url, response.status)
            visited.append(url)
            if visit(page, url):
                shown.append(url)
        context.close()
    # The hostile text reached (escaped) nearly every page; pages that show no free text
    # (a dashboard with only figures) are the exception.
    assert len(shown) >= 0.8 * len(visited), sorted(set(visited) - set(shown))
    # The customs rationale and measures are on the submission page, as text.
    assert f"/douane/inzendingen/{submission.pk}/" in shown
