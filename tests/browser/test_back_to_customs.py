"""Issue 17, section 5: an objection brings a cleared task back on the customs agenda."""

import re

import pytest

from customs import services
from customs.constants import Decision, SubmissionReason, SubmissionStatus
from customs.models import Submission
from impact.models import Objection
from journeys import selectors as journey_selectors
from reisbureau.models import User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_objection_brings_a_cleared_task_back_on_the_agenda(page, demo):
    officer = User.objects.get(email="douane@voorbeeldstad.example")
    mine = journey_selectors.tasks_in_use().filter(
        journey__memberships__traveller__email="reiziger@voorbeeldstad.example").order_by("pk")
    # The demo's own objections sent these back already: customs clears them again first.
    for waiting in Submission.objects.filter(task__in=mine, status=SubmissionStatus.OPEN):
        services.decision_record(submission=waiting, officer=officer, decision=Decision.CLEARED,
                                 rationale="Bezwaar beantwoord")
    task = mine.first()
    assert task is not None, "the demo has a task in use on the traveller's journey"

    login(page, "reiziger@voorbeeldstad.example")
    page.goto(task.journey.get_absolute_url())
    page.locator(f"#taak-{task.pk}").get_by_role(
        "link", name=re.compile("Juridisch of ethisch bezwaar maken")).click()
    assert page.get_by_role("heading", level=1, name="Bezwaar maken").is_visible()
    assert_accessible(page)
    page.get_by_label("Juridisch").check()
    page.get_by_label("Uw bezwaar").fill("Er gaan namen van inwoners naar het hulpmiddel.")
    page.get_by_role("button", name="Bezwaar versturen").click()
    page.wait_for_load_state()
    objection = Objection.objects.get(target_id=task.pk,
                                      description__startswith="Er gaan namen")
    submission = Submission.objects.get(task=task, status=SubmissionStatus.OPEN)
    assert submission.reason == SubmissionReason.OBJECTION

    page.context.clear_cookies()
    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    page.get_by_role("link", name=re.compile("Open de volgende zitting")).click()
    assert page.get_by_role("heading", level=1, name=re.compile("Douanezitting van")).is_visible()
    item = page.locator(f"#inzending-{submission.pk}")
    assert item.get_by_text("Herbeoordeling: er is bezwaar gemaakt").is_visible()
    assert item.get_by_text(f"Bezwaar #{objection.pk} (Juridisch)").is_visible()
    assert_accessible(page)
    item.get_by_role("link", name=re.compile("Vragenlijst en voorstel")).click()
    assert page.get_by_text("Waarom de taak terugkwam:").is_visible()
    assert_accessible(page)
