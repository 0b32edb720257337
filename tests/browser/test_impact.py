import re

import pytest
from playwright.sync_api import expect

from impact.models import TimeSaving, UsageImport
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_traveller_logs_a_saving_from_the_start_page(page, demo):
    login(page, "reiziger@voorbeeldstad.example")
    before = TimeSaving.objects.filter(traveller__email="reiziger@voorbeeldstad.example").count()
    assert page.get_by_role("heading", name="Heeft AI u vandaag tijd bespaard?").is_visible()
    assert_accessible(page)
    form = page.locator("form[aria-labelledby='kop-tijdwinst']")
    form.get_by_label("Taak").select_option(
        label="Beleidsstukken samenvatten (Beleidsanalyse Ruimte)")
    form.get_by_label("Minuten gewonnen").fill("30")
    form.get_by_role("button", name="Tijdwinst vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vandaag 30 minuten bespaard met “Beleidsstukken samenvatten”").is_visible()
    assert_accessible(page)
    assert TimeSaving.objects.filter(
        traveller__email="reiziger@voorbeeldstad.example").count() == before + 1
    page.get_by_role("link", name="Mijn tijdwinst").first.click()
    assert page.get_by_role("heading", level=1, name="Mijn tijdwinst").is_visible()
    assert_accessible(page)


def test_manager_filters_the_dashboard_by_function_group_and_exports(page, demo):
    login(page, "manager@voorbeeldstad.example")
    page.goto("/impact/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Impact").get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", level=1, name="Impactdashboard").is_visible()
    expect(page.locator("canvas[data-chart]").first).to_have_attribute("data-drawn", "1")
    assert_accessible(page)
    page.get_by_label("Functiegroep", exact=True).select_option(label="Beleidsmedewerker")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state()
    assert "functiegroep=" in page.url
    # The chart and the table beside it.
    expect(page.locator("canvas[data-drawn]").nth(1)).to_be_attached()
    assert page.get_by_role("table", name="Uren bespaard per week").is_visible()
    assert page.get_by_role("table", name="Uren bespaard per functiegroep").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren naar CSV").click()
    assert download.value.suggested_filename == "impact-dashboard.csv"
    page.get_by_role("navigation", name="Impact").get_by_role(
        "link", name="Waar nu uitrollen").click()
    assert page.get_by_role("table", name=re.compile("Rangschikking van functiegroepen")).is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Impact").get_by_role(
        "link", name="Voortgangsrapport").click()
    assert page.get_by_role("table", name="Stap 1: open een reisbureau").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Impact").get_by_role(
        "link", name="Evaluatierapport").click()
    assert_accessible(page)


def test_agency_staff_import_a_usage_csv_with_a_progress_bar(page, demo, tmp_path):
    csv = tmp_path / "copilot.csv"
    csv.write_text("\ufeffUser Principal Name;Last Activity Date;Word Copilot Last Activity Date\n"
                   "reiziger@voorbeeldstad.example;2026-01-05;2026-01-05\n"
                   "onbekend@voorbeeldstad.example;2026-01-05;2026-01-05\n", encoding="utf-8")
    login(page, "beheer@voorbeeldstad.example")
    page.goto("/impact/gebruik/")
    assert_accessible(page)
    page.get_by_label("CSV-bestand").set_input_files(str(csv))
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("progressbar").is_visible() or page.locator("progress").count() == 1
    page.get_by_text("Onbekende medewerker: onbekend@voorbeeldstad.example.").wait_for()
    assert_accessible(page)
    assert UsageImport.objects.filter(filename="copilot.csv", status="done").exists()


def test_adviser_records_an_interview_and_a_traveller_raises_an_objection(page, demo):
    login(page, "adviseur@voorbeeldstad.example")
    page.goto("/impact/interviews/")
    assert_accessible(page)
    page.get_by_label("Werkplek of team").fill("Team Belastingen")
    page.get_by_label("Weerstand").check()
    page.get_by_label("Aantekeningen").fill("Twijfel over de juistheid.")
    page.get_by_role("button", name="Interview opslaan").click()
    page.get_by_text("Het interview is vastgelegd.").wait_for()
    assert_accessible(page)
    page.context.clear_cookies()
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/impact/bezwaren/nieuw/")
    assert_accessible(page)
    page.get_by_label("Ethisch").check()
    page.get_by_label("Uw bezwaar").fill("Is dit uitlegbaar aan inwoners?")
    page.get_by_role("button", name="Bezwaar versturen").click()
    page.get_by_text("Uw bezwaar is geregistreerd").wait_for()
    assert_accessible(page)


def test_manager_sees_a_logged_saving_on_the_dashboard_at_once(page, demo, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "DASHBOARD_CACHE_SECONDS": 300}
    login(page, "manager@voorbeeldstad.example")
    page.goto("/impact/dashboard/")
    period = page.locator(".impact-figure", has_text="uren bespaard in de periode")
    before = period.locator(".impact-figure__value").inner_text()
    page.context.clear_cookies()
    login(page, "reiziger@voorbeeldstad.example")
    form = page.locator("form[aria-labelledby='kop-tijdwinst']")
    form.get_by_label("Taak").select_option(
        label="Beleidsstukken samenvatten (Beleidsanalyse Ruimte)")
    form.get_by_label("Minuten gewonnen").fill("120")
    form.get_by_role("button", name="Tijdwinst vastleggen").click()
    page.wait_for_load_state()
    page.context.clear_cookies()
    login(page, "manager@voorbeeldstad.example")
    page.goto("/impact/dashboard/")
    after = period.locator(".impact-figure__value").inner_text()
    # 120 minutes more, although the dashboard is cached for five minutes.
    assert round(float(after.replace(",", ".")) - float(before.replace(",", ".")), 1) == 2.0
    expect(page.get_by_text(re.compile(r"Bijgewerkt om \d\d:\d\d"))).to_be_visible()
    assert_accessible(page)


def test_staff_fetch_usage_from_microsoft_graph(page, demo, settings):
    """Concealed names first (the page explains the tenant setting), then a report with names."""
    from tests.impact.test_graph_usage import DAY, GraphServer, _row

    graph = GraphServer()
    graph.thread.start()
    try:
        settings.GRAPH_USAGE_IMPORT_ENABLED = True
        settings.GRAPH_TENANT_ID, settings.GRAPH_CLIENT_ID = "tenant", "app"
        settings.GRAPH_CLIENT_SECRET = "geheim"
        settings.GRAPH_LOGIN_URL = settings.GRAPH_API_URL = graph.url
        graph.report([_row("8A3F1B2C4D5E6F708192A3B4C5D6E7F8", last=DAY)])
        login(page, "beheer@voorbeeldstad.example")
        page.goto("/impact/gebruik/")
        assert_accessible(page)
        page.get_by_role("button", name="Nu ophalen").click()
        page.get_by_text("Display concealed user, group, and site names in all reports",
                         exact=False).wait_for()
        assert_accessible(page)
        assert not UsageImport.objects.filter(source="graph").exclude(status="failed").exists()

        graph.report([_row("reiziger@voorbeeldstad.example", last=DAY,
                           wordCopilotLastActivityDate=DAY),
                      _row("extern@elders.example", last=DAY)])
        page.goto("/impact/gebruik/")
        page.get_by_role("button", name="Nu ophalen").click()
        page.get_by_text("Onbekende medewerker: extern@elders.example.").wait_for()
        assert_accessible(page)
        assert UsageImport.objects.filter(source="graph", status="done").count() == 1
    finally:
        graph.httpd.shutdown()
        graph.httpd.server_close()
