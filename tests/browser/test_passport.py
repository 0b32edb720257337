"""A traveller joins the open journey of a pre-cleared excursion (its customs passport) and
uses its task at once: cleared, with the measures customs set once for the standard, and
nothing sent to customs."""

import re

import pytest

from customs.models import Submission
from impact.models import TimeSaving
from journeys import demo as journeys_demo
from journeys.constants import TaskStatus
from journeys.models import Journey, JourneyTask
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAVELLER = "reiziger@voorbeeldstad.example"
OPEN_JOURNEY = "Vragen van inwoners – open groep"
TASK = "Antwoord op een veelgestelde vraag"


def test_traveller_joins_a_pre_cleared_excursion_and_uses_it_at_once(page, demo):
    journey = Journey.objects.get(title=OPEN_JOURNEY)
    task = journey.tasks.get(work_task=TASK)
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES and task.cleared_under_id
    submissions = Submission.objects.count()

    login(page, TRAVELLER)
    page.goto(journey.standard_journey.get_absolute_url())
    assert page.get_by_text("Eenmalig goedgekeurd door de douane").is_visible()
    for measure in task.measures:
        assert page.get_by_text(measure).first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Aansluiten.*" + re.escape(OPEN_JOURNEY))).click()
    page.wait_for_load_state()
    assert page.get_by_text(f"U bent aangesloten bij “{OPEN_JOURNEY}”").is_visible()

    card = page.locator(f"#taak-{task.pk}")
    assert card.get_by_text("Goedgekeurd met maatregelen").is_visible()
    assert card.get_by_text(re.compile("De douane keurde deze taak eenmalig goed")).is_visible()
    for measure in task.measures:
        assert card.get_by_text(measure).first.is_visible()
    assert_accessible(page)
    box = card.get_by_role("region", name="Bevestig dat u de maatregelen hebt gelezen")
    box.get_by_role("button", name=re.compile("Ik heb de maatregelen gelezen")).click()
    page.get_by_text("u hebt de maatregelen van deze taak bevestigd").wait_for()

    # Used at once: the time it saved today is logged against it.
    page.goto("/impact/tijdwinst/")
    form = page.locator("form[aria-labelledby='kop-loggen']")
    form.get_by_label("Taak").select_option(label=f"{TASK} ({OPEN_JOURNEY})")
    form.get_by_label("Minuten gewonnen").fill("20")
    form.get_by_role("button", name="Tijdwinst vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Vandaag 20 minuten bespaard met “{TASK}”").is_visible()
    assert_accessible(page)
    assert TimeSaving.objects.filter(task=task, traveller__email=TRAVELLER).exists()
    # Nothing went to customs for it.
    assert Submission.objects.count() == submissions
    assert not Submission.objects.filter(task=task).exists()
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.CLEARED_WITH_MEASURES
    assert journeys_demo.PRE_CLEARED == journey.standard_journey.title

    # The agency keeps the passport; the officers see which tasks run under its clearance.
    page.context.clear_cookies()
    login(page, "beheer@voorbeeldstad.example")
    page.goto(journey.standard_journey.get_absolute_url())
    table = page.get_by_role("table", name="Taken van het douanepaspoort")
    assert table.get_by_text("Goedgekeurd met maatregelen").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Open het douanepaspoort").click()
    page.wait_for_load_state()
    assert page.get_by_text("Dit is het douanepaspoort van de standaardreis").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/register/")
    assert page.get_by_text(re.compile(
        "Douanepaspoort van “Excursie: vragen van inwoners beantwoorden”")).first.is_visible()
    assert_accessible(page)
    page.goto(f"/douane/taken/{task.cleared_under_id}/")
    assert page.get_by_role("table", name=re.compile("Taken die onder deze goedkeuring vallen"))\
        .get_by_text(OPEN_JOURNEY).is_visible()
    assert_accessible(page)
