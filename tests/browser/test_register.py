"""The published algorithm register: an officer completes and publishes the demo's draft, a
traveller reads a published entry and never a draft, and with REGISTER_PUBLIC an anonymous
visitor reads it without logging in."""

import pytest

from algoritmeregister.constants import EntryState
from algoritmeregister.models import RegisterEntry
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_traveller_reads_a_published_entry_and_never_the_draft(page, demo, browser,
                                                                 live_server, settings):
    published = RegisterEntry.objects.filter(state=EntryState.PUBLISHED).order_by("name").first()
    draft = RegisterEntry.objects.get(state=EntryState.DRAFT)

    login(page, "reiziger@voorbeeldstad.example")
    page.locator("nav.portal-nav").get_by_role("link", name="Algoritmeregister").click()
    assert page.get_by_role("heading", level=1, name="Algoritmeregister").is_visible()
    table = page.get_by_role("table", name="Gepubliceerde AI-toepassingen")
    assert table.get_by_role("link", name=published.name).is_visible()
    assert table.get_by_role("link", name=draft.name).count() == 0
    assert_accessible(page)
    table.get_by_role("link", name=published.name).click()
    assert page.get_by_role("heading", level=1, name=published.name).is_visible()
    assert page.get_by_role("heading", name="Verantwoord gebruik").is_visible()
    assert page.get_by_text("Afwegingen").is_visible()
    assert_accessible(page)
    response = page.goto(draft.get_absolute_url())
    assert response.status == 404

    # Not public (the default): an anonymous visitor is sent to the login page.
    anonymous = browser.new_context(locale="nl-NL", base_url=live_server.url).new_page()
    anonymous.goto("/register/")
    assert anonymous.url.startswith(f"{live_server.url}/accounts/login/")

    settings.REGISTER_PUBLIC = True
    anonymous.goto("/register/")
    assert anonymous.get_by_role("heading", level=1, name="Algoritmeregister").is_visible()
    anonymous.get_by_role("link", name=published.name).click()
    assert anonymous.get_by_role("heading", level=1, name=published.name).is_visible()
    assert_accessible(anonymous)
    assert anonymous.goto(draft.get_absolute_url()).status == 404


def test_an_officer_completes_and_publishes_the_draft(page, demo):
    draft = RegisterEntry.objects.get(state=EntryState.DRAFT)
    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    page.locator("nav.portal-subnav").get_by_role("link", name="Publicatie").click()
    assert page.get_by_role("heading", level=1,
                            name="Publicatie in het algoritmeregister").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=draft.name).click()
    assert page.get_by_text("Nog in te vullen").is_visible()
    assert_accessible(page)
    page.get_by_label("Afwegingen").fill("Sneller dan met de hand; de medewerker controleert.")
    page.get_by_label("Werk", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De registratie is opgeslagen").is_visible()
    page.get_by_role("button", name="Klaar voor publicatie").click()
    assert page.get_by_text("De registratie is klaar voor publicatie").is_visible()
    page.get_by_role("button", name="Publiceren").click()
    assert page.get_by_text("De registratie is gepubliceerd in het register").is_visible()
    assert_accessible(page)
    draft.refresh_from_db()
    assert draft.state == EntryState.PUBLISHED and "Werk" in draft.theme
