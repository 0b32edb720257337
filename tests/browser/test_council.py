"""The College and the Raad: the council account reads a published progress report with no
personal names and downloads it as PDF; agency staff publish it first."""

import datetime as dt

import pytest
from django.utils import timezone

from impact.models import ProgressReport
from reisbureau.models import User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agency_publishes_and_the_council_reads_the_report_and_its_pdf(page, demo, browser,
                                                                      live_server):
    login(page, "beheer@voorbeeldstad.example")
    page.goto("/impact/voortgang/rapportages/")
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Titel (optioneel)").fill("Raadsinformatiebrief AI voortgang")
    page.get_by_label("Periode van").fill((today - dt.timedelta(days=90)).isoformat())
    page.get_by_label("Periode tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1,
                            name="Raadsinformatiebrief AI voortgang").is_visible()
    assert ProgressReport.objects.filter(title="Raadsinformatiebrief AI voortgang").exists()

    council = browser.new_context(locale="nl-NL", base_url=live_server.url,
                                  accept_downloads=True).new_page()
    login(council, "raad@voorbeeldstad.example")
    assert council.get_by_role("heading", name="Voortgang voor het College en de Raad").is_visible()
    assert_accessible(council)
    council.get_by_role("link", name="Gepubliceerde voortgangsrapportages").first.click()
    assert council.get_by_role("heading", level=1,
                               name="Gepubliceerde voortgangsrapportages").is_visible()
    assert_accessible(council)
    council.get_by_role("link", name="Raadsinformatiebrief AI voortgang").first.click()
    assert council.get_by_role("table", name="Totalen over de periode").is_visible()
    assert council.get_by_role("table", name="Stap 1: open een reisbureau").is_visible()
    assert_accessible(council)
    text = council.content()
    people = User.objects.exclude(email="raad@voorbeeldstad.example")
    named = [p.email for p in people if p.email in text or (
        p.first_name and p.last_name and p.get_full_name() in text)]
    assert not named, named
    with council.expect_download() as download:
        council.get_by_role("link", name="Downloaden als PDF").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    assert b"Raadsinformatiebrief AI voortgang" in pdf
    assert download.value.suggested_filename.endswith(".pdf")
    # The council's menu leads nowhere with names: no people, no community, no journeys.
    nav = council.locator("nav.portal-nav")
    assert nav.get_by_role("link", name="Impact").count() == 1
    assert nav.get_by_role("link", name="Community").count() == 0
    assert nav.get_by_role("link", name="Reizen").count() == 0
    council.context.close()
