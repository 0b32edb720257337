import pytest

from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_ROLES = [
    ("reiziger@voorbeeldstad.example", "Uw volgende stap als reiziger", "Your next step as a traveller"),
    ("adviseur@voorbeeldstad.example", "Uw werk als reisadviseur", "Your work as a travel adviser"),
    ("douane@voorbeeldstad.example", "Open de douanewachtrij en de volgende zitting",
     "Open the customs queue and the next session"),
    ("manager@voorbeeldstad.example", "Impact voor managers", "Impact for managers"),
    ("beheer@voorbeeldstad.example", "Het reisbureau runnen", "Running the agency"),
]


def test_login_page_is_dutch_and_accessible(page, demo):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen bij het Reisbureau"
    assert_accessible(page)


@pytest.mark.parametrize(("email", "dutch", "english"), DEMO_ROLES)
def test_each_demo_account_sees_its_start_page_and_switches_language(page, demo, email, dutch,
                                                                     english):
    login(page, email)
    assert page.get_by_role("heading", level=1, name="Mijn reisbureau").is_visible()
    assert page.get_by_text(dutch).first.is_visible()
    assert_accessible(page)

    # One button in the header, named in the language it switches to.
    switch = page.get_by_role("button", name="English", exact=True)
    assert switch.get_attribute("lang") == "en"
    switch.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1, name="My agency").is_visible()
    assert page.get_by_text(english).first.is_visible()
    assert_accessible(page)

    back = page.get_by_role("button", name="Nederlands", exact=True)
    assert back.get_attribute("lang") == "nl"
    back.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1, name="Mijn reisbureau").is_visible()


def test_wrong_password_shows_a_dutch_error(page, demo):
    login(page, "reiziger@voorbeeldstad.example", "verkeerd")
    assert page.get_by_text("niet correct", exact=False).first.is_visible()
    assert_accessible(page)


def test_agency_staff_assigns_a_licence_in_the_browser(page, demo):
    login(page, "beheer@voorbeeldstad.example")
    page.get_by_role("link", name="Het reisbureau").click()
    assert page.get_by_role("heading", level=1, name="Capaciteit van het reisbureau").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Het reisbureau").get_by_role("link", name="Licenties").click()
    page.get_by_label("E-mailadres van de medewerker").fill("medewerker60@voorbeeldstad.example")
    page.get_by_role("button", name="Toewijzen").click()
    assert page.get_by_text("Licentie toegewezen aan").is_visible()
    assert_accessible(page)
