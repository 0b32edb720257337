"""AI literacy as a duty: agency staff set the requirements; the traveller sees that a
training is due or lacking, and the next session that fits."""

import pytest

from learning.models import LiteracyRequirement
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTRO = "Introductie AI: de superslimme stagiair"
TEAMS = "Copilot in Teams: vergaderingen samenvatten"


def test_agency_sets_requirements_and_the_traveller_sees_due_then_lacks(page, demo):
    login(page, "beheer@voorbeeldstad.example")
    page.goto("/community/trainingen/eisen/")
    assert_accessible(page)
    # Start from a clean slate: remove the demo's requirements.
    while page.get_by_role("button", name="Verwijderen").count():
        page.get_by_role("button", name="Verwijderen").first.click()
        page.get_by_text("De geletterdheidseis is verwijderd.").wait_for()
    assert not LiteracyRequirement.objects.exists()
    assert_accessible(page)

    # Every traveller: the introduction, renewed monthly. The demo traveller had it three weeks
    # ago, so it is due within 30 days.
    page.get_by_role("link", name="Nieuwe geletterdheidseis").click()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Kies een rol, een functiegroep of beide.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Rol").select_option(label="Reiziger")
    page.get_by_label(INTRO).check()
    page.get_by_label("Vernieuwen na (maanden)").fill("1")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De geletterdheidseis is opgeslagen.").wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/community/trainingen/")
    page.get_by_text("Moet worden vernieuwd").wait_for()
    page.get_by_text("vernieuwen vóór").wait_for()
    panel = page.locator("section", has_text="Uw AI-geletterdheid")
    assert "Introductie: AI is een superslimme stagiair (2)" in panel.inner_text()
    assert_accessible(page)

    # Managementondersteuners also need the Copilot in Teams training: the traveller lacks it,
    # and its session (aimed at her persona, De notulist) is the one suggested.
    page.context.clear_cookies()
    login(page, "beheer@voorbeeldstad.example")
    page.goto("/community/trainingen/eisen/nieuw/")
    page.get_by_label("Functiegroep").select_option(label="Managementondersteuner")
    page.get_by_label(TEAMS).check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De geletterdheidseis is opgeslagen.").wait_for()

    page.context.clear_cookies()
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/")
    page.get_by_text("Mist een verplichte training").wait_for()
    link = page.get_by_role("link", name=TEAMS)
    link.wait_for()
    assert_accessible(page)
    link.click()
    page.get_by_role("heading", name=TEAMS).wait_for()
