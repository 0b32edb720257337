"""A high-risk task waits for a done DPIA (and IAMA) and for both officers: the privacy officer
proposes, the security officer confirms."""

import re

import pytest

from customs import services
from customs.models import CustomsDecision, DecisionProposal
from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from reisbureau.models import User
from tests.browser.conftest import assert_accessible, login
from tests.customs.test_assessments import HIGH_RISK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settle(page, kind, status, field, value):
    section = page.locator("section.portal-assessment", has=page.get_by_role(
        "heading", level=3, name=re.compile(f"^{kind}:")))
    section.locator("summary").click()
    section.get_by_label("Status").select_option(label=status)
    section.get_by_label(field).fill(value)
    section.get_by_role("button", name=re.compile("Opslaan")).click()
    page.wait_for_load_state()
    assert page.get_by_text(f"De {kind} van").first.is_visible()


def test_a_high_risk_task_waits_for_a_done_dpia_and_both_officers(page, demo):
    task = JourneyTask.objects.get(work_task="Samenvatting van een vergadering",
                                   journey__title="Notuleren voor het managementteam")
    adviser = User.objects.get(email="adviseur@voorbeeldstad.example")
    submission = services.submission_create(task=task, actor=adviser, answers=HIGH_RISK)

    # The privacy officer may not clear it while the DPIA and IAMA are open.
    login(page, "douane@voorbeeldstad.example")
    page.goto(submission.get_absolute_url())
    waits = page.get_by_text("Deze taak kan nog niet worden goedgekeurd. Nog open:")
    assert waits.is_visible()
    assert page.get_by_role("heading", level=3, name="DPIA: Te doen").is_visible()
    assert_accessible(page)
    page.get_by_label("Goedgekeurd", exact=True).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("kan nog niet worden goedgekeurd: DPIA")).first.is_visible()
    assert not DecisionProposal.objects.filter(submission=submission).exists()

    _settle(page, "DPIA", "Afgerond", "Document (link of documentnummer)", "DPIA-2026-003")
    assert page.get_by_role("heading", level=3, name="DPIA: Afgerond").is_visible()
    _settle(page, "IAMA", "Niet nodig", "Waarom deze niet nodig is",
            "Alleen interne samenvattingen; geen besluit over inwoners.")
    assert not page.get_by_text("Deze taak kan nog niet worden goedgekeurd").count()
    assert_accessible(page)

    # Now the privacy officer's clearance is a proposal, not yet a decision.
    page.get_by_label("Goedgekeurd", exact=True).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("is vastgelegd als voorstel")).is_visible()
    assert page.get_by_text("Wacht op de tweede douanier.").is_visible()
    assert not page.get_by_role("button", name=re.compile("Besluit bevestigen")).count()
    assert_accessible(page)
    assert not CustomsDecision.objects.filter(submission=submission).exists()
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.AT_CUSTOMS

    # The security officer confirms it on the session page.
    page.context.clear_cookies()
    login(page, "beveiliging@voorbeeldstad.example")
    page.goto(submission.session.get_absolute_url())
    item = page.locator(f"#inzending-{submission.pk}")
    assert item.get_by_text("Wacht op de tweede douanier.").is_visible()
    assert_accessible(page)
    item.get_by_role("button", name=re.compile("Besluit bevestigen")).click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("U hebt het besluit over .* bevestigd")).is_visible()
    page.locator(f"#inzending-{submission.pk}").get_by_text("Besloten:").wait_for()
    assert_accessible(page)
    decision = CustomsDecision.objects.get(submission=submission)
    assert decision.officer.email == "beveiliging@voorbeeldstad.example"
    assert decision.proposal.officer.email == "douane@voorbeeldstad.example"
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.CLEARED
