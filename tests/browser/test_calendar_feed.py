from urllib.parse import urlparse

import pytest

from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_traveller_makes_a_calendar_link_and_renews_it(page, demo):
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/mijn-gegevens/")
    page.get_by_role("link", name="Mijn agenda in Outlook").click()
    assert_accessible(page)
    page.get_by_role("button", name="Mijn agendalink maken").click()
    page.get_by_text("Uw agendalink is gemaakt.").wait_for()
    assert_accessible(page)
    link = page.get_by_label("Link voor Outlook (https)")
    first = urlparse(link.input_value()).path
    assert page.get_by_label("Link voor agenda-apps (webcal)").input_value().startswith("webcal://")
    feed = page.request.get(first)
    assert feed.status == 200 and feed.text().startswith("BEGIN:VCALENDAR")

    page.get_by_role("button", name="Nieuwe link maken").click()
    page.get_by_text("Er is een nieuwe agendalink gemaakt. De oude link werkt niet meer.").wait_for()
    assert_accessible(page)
    second = urlparse(page.get_by_label("Link voor Outlook (https)").input_value()).path
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200
