"""API tokens: a manager makes one on its page (reached from Mijn gegevens), sees the key
once, reads the figures with it, and revokes it; the API documentation loads from our own
files under the Content-Security-Policy."""

import pytest

from api.models import ApiToken
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_is_made_shown_once_used_and_revoked(page, demo):
    login(page, "manager@voorbeeldstad.example")
    page.goto("/mijn-gegevens/")
    page.get_by_role("link", name="API-sleutels (Power BI, scripts)").click()
    assert page.get_by_role("heading", level=1, name="API-sleutels").is_visible()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Power BI impactrapport")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    page.wait_for_load_state()
    key = page.get_by_label("Sleutel", exact=True).input_value()
    assert len(key) >= 40
    assert page.get_by_text("alleen deze ene keer getoond").is_visible()
    assert_accessible(page)

    answer = page.request.get("/api/v1/figures/weeks/",
                              headers={"Authorization": f"Token {key}"})
    assert answer.status == 200 and isinstance(answer.json(), list)

    page.goto("/api-sleutels/")
    assert key not in page.content()
    row = page.get_by_role("row", name="Power BI impactrapport")
    assert row.get_by_text("actief").is_visible()
    row.get_by_role("button", name="Intrekken").click()
    page.wait_for_load_state()
    assert page.get_by_text("De sleutel is ingetrokken").is_visible()
    assert page.get_by_role("row", name="Power BI impactrapport").get_by_text(
        "ingetrokken").is_visible()
    assert_accessible(page)
    assert ApiToken.objects.get(name="Power BI impactrapport").revoked_at is not None
    refused = page.request.get("/api/v1/figures/weeks/",
                               headers={"Authorization": f"Token {key}"})
    assert refused.status == 401

    page.goto("/api/docs/")
    page.get_by_text("Reisbureau API").first.wait_for()
    assert page.locator(".opblock").count() >= 8
