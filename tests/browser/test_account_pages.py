import pytest
from django.test import override_settings

from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_password_reset_page_is_dutch_and_accessible(page, demo):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)


def test_officer_must_set_up_two_step_verification_when_required(page, demo):
    with override_settings(MFA_REQUIRED_ROLES=["officer", "agency_staff"]):
        login(page, "douane@voorbeeldstad.example")
        # sent to set-up; allauth first asks for the password again
        assert "/accounts/" in page.url
        assert page.get_by_text("tweestapsverificatie", exact=False).first.is_visible()
        assert_accessible(page)
        page.get_by_label("Wachtwoord").fill("reisbureau-demo")
        page.get_by_role("button").filter(has_text="Bevestig").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/accounts/2fa/totp/activate/")
        assert_accessible(page)
        # the portal stays closed until TOTP is set up
        page.goto("/")
        assert page.url.endswith("/accounts/2fa/totp/activate/")


def test_traveller_downloads_their_personal_data(page, demo):
    import json

    login(page, "reiziger@voorbeeldstad.example")
    page.get_by_role("link", name="Rianne Reiziger").click()
    assert page.get_by_role("heading", level=1, name="Mijn gegevens").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download mijn gegevens").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["core"]["profile"]["email"] == "reiziger@voorbeeldstad.example"
    assert data["journeys"]["journeys"], "the demo traveller is on journeys"


def test_an_expired_form_gives_a_dutch_accessible_page_that_the_csp_allows(page, demo):
    page.goto("/accounts/login/")
    page.context.clear_cookies()  # the CSRF cookie is gone, as after a long pause
    page.get_by_label("E-mailadres").fill("reiziger@voorbeeldstad.example")
    page.get_by_label("Wachtwoord").fill("reisbureau-demo")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Pagina verlopen").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    page.get_by_role("link", name="Open de pagina opnieuw").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/login/")
