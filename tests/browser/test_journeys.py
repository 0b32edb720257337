import re

import pytest
from playwright.sync_api import expect

from journeys.constants import TaskStatus
from journeys.models import Journey
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_customs import answer_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_task(page, title, minutes):
    form = page.locator("#taken form[aria-labelledby='kop-nieuwe-taak']")
    form.get_by_label("Werktaak").fill(title)
    form.get_by_label("Hulpmiddel", exact=True).select_option(label="Copilot in Word")
    form.get_by_label("Verwachte tijdwinst in minuten per week").fill(str(minutes))
    form.get_by_role("button", name="Taak toevoegen").click()
    page.locator("#taken h3", has_text=title).wait_for()


def test_adviser_turns_a_time_eater_into_a_journey_with_three_tasks(page, demo):
    login(page, "adviseur@voorbeeldstad.example")
    page.goto("/reizen/")
    page.get_by_role("navigation", name="Reizen").get_by_role("link", name="Tijdvreters").click()
    assert page.get_by_role("heading", level=1, name="Takeninventarisatie: tijdvreters").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Taak maken.*Raadsvragen beantwoorden")).click()
    page.wait_for_load_state()
    assert page.get_by_text("is nu een taak op").is_visible()
    assert_accessible(page)

    _add_task(page, "Antwoorden op raadsvragen controleren", 30)
    _add_task(page, "Bronnen opzoeken voor raadsvragen", 45)
    headings = page.locator("#taken li h3")
    assert headings.count() == 3
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Omhoog.*Bronnen opzoeken")).click()
    # (Playwright's expect polls without eval, which the Content-Security-Policy forbids.)
    expect(headings.nth(0)).to_contain_text("Raadsvragen")
    expect(headings.nth(1)).to_contain_text("Bronnen")
    # Keyboard focus stays on the moved task (static/js/journeys.js, after htmx settled).
    expect(page.locator(":focus")).to_have_attribute("id", re.compile(r"^taak-"))

    page.get_by_role("link", name=re.compile("Indienen bij de douane.*Bronnen opzoeken")).click()
    assert_accessible(page)
    answer_questionnaire(page)
    page.get_by_text("Taak ingediend bij de douane.").wait_for()
    assert page.locator("#taken li").nth(1).get_by_text("Bij de douane").is_visible()
    assert_accessible(page)

    journey = Journey.objects.get(tasks__work_task="Bronnen opzoeken voor raadsvragen")
    assert list(journey.tasks.values_list("work_task", "status")) == [
        ("Raadsvragen beantwoorden", TaskStatus.DRAFT),
        ("Bronnen opzoeken voor raadsvragen", TaskStatus.AT_CUSTOMS),
        ("Antwoorden op raadsvragen controleren", TaskStatus.DRAFT),
    ]


def test_traveller_joins_a_standard_journey(page, demo):
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/reizen/")
    assert page.get_by_role("heading", level=1, name="Reizen").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Reizen").get_by_role(
        "link", name="Standaardreizen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Excursie: brieven en webteksten schrijven").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Aansluiten.*Schrijven met Copilot")).click()
    page.wait_for_load_state()
    assert page.get_by_text("U bent aangesloten bij").is_visible()
    assert page.get_by_role("heading", level=1,
                            name="Schrijven met Copilot – groep voorjaar").is_visible()
    assert_accessible(page)
    assert Journey.objects.filter(title="Schrijven met Copilot – groep voorjaar",
                                  travellers__email="reiziger@voorbeeldstad.example").exists()


def test_journey_pages_are_accessible_for_a_traveller(page, demo):
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/reizen/verslagen/")
    assert_accessible(page)
    page.get_by_role("link", name="Notuleren in de helft van de tijd").click()
    assert page.get_by_role("heading", level=2, name="Wat we deden").is_visible()
    assert_accessible(page)
    page.goto("/reizen/")
    page.get_by_role("link", name="Beleidsanalyse Ruimte").click()
    assert page.get_by_text("Alleen op een laptop van de gemeente").first.is_visible()
    assert_accessible(page)


def _task_in_testing_of_the_demo_traveller():
    from journeys.models import JourneyTask

    return JourneyTask.objects.filter(
        status=TaskStatus.TESTING, measures=[],
        journey__travellers__email="reiziger@voorbeeldstad.example",
        journey__adviser__email="adviseur@voorbeeldstad.example").select_related(
        "journey").order_by("pk").first()


def test_a_traveller_opens_the_test_form_and_records_a_test(page, demo):
    """The journey page renders no test form: opening "Leg een test vast" loads it (htmx).
    The date input starts at today in ISO (2026-12-01, not the Dutch 01-12-2026 the browser
    drops); a wrong answer comes back in place with focus on the field; a right one is saved
    and focus returns to its task."""
    from django.utils import timezone

    task = _task_in_testing_of_the_demo_traveller()
    login(page, "reiziger@voorbeeldstad.example")
    page.goto(task.journey.get_absolute_url())
    item = page.locator(f"#taak-{task.pk}")
    date = page.locator(f"#test{task.pk}_tested_on")
    expect(date).to_have_count(0)
    assert_accessible(page)

    opener = item.locator("summary", has_text=f"Leg een test vast van “{task.work_task}”")
    with page.expect_response(lambda r: r.request.method == "GET" and "/test/" in r.url):
        opener.click()
    expect(date).to_be_visible()
    expect(date).to_have_value(timezone.localdate().isoformat())
    # Focus stays on the control that opened the form; the form follows it.
    expect(page.locator(":focus")).to_have_text(f"Leg een test vast van “{task.work_task}”")
    form = item.get_by_role("form", name=f"Leg een test vast van “{task.work_task}”")
    assert_accessible(page)

    # Without minutes: the error in place, focus on the field, nothing saved.
    before = task.tests.count()
    form.get_by_label("Uitkomst").select_option("works")
    with page.expect_response(lambda r: r.request.method == "POST" and "/test/" in r.url):
        form.get_by_role("button", name="Test vastleggen").click()
    minutes = page.locator(f"#test{task.pk}_measured_minutes")
    expect(item.get_by_text("Dit veld is verplicht.")).to_be_visible()
    expect(minutes).to_be_focused()
    assert task.tests.count() == before
    assert_accessible(page)

    # Recorded without typing the date again.
    minutes.fill("45")
    with page.expect_response(lambda r: r.request.method == "POST" and "/test/" in r.url):
        form.get_by_role("button", name="Test vastleggen").click()
    expect(page.locator("#taken").get_by_text("Test vastgelegd.")).to_be_visible()
    expect(date).to_have_count(0)
    expect(page.locator(":focus")).to_have_attribute("id", f"taak-{task.pk}")
    assert task.tests.count() == before + 1
    assert task.tests.latest("pk").tested_on == timezone.localdate()
    assert_accessible(page)

    # The form's own page (the link without JavaScript leads there).
    page.goto(f"/reizen/{task.journey.pk}/taken/{task.pk}/test/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Leg een test vast van “{task.work_task}”")
    assert_accessible(page)


def test_without_javascript_the_test_form_is_a_page_of_its_own(browser, live_server, demo):
    task = _task_in_testing_of_the_demo_traveller()
    context = browser.new_context(locale="nl-NL", base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, "reiziger@voorbeeldstad.example")
        page.goto(task.journey.get_absolute_url())
        item = page.locator(f"#taak-{task.pk}")
        item.locator("summary", has_text="Leg een test vast").click()
        item.get_by_role("link", name=re.compile(f"Open het testformulier.*{task.work_task}")
                         ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Leg een test vast van “{task.work_task}”")
        before = task.tests.count()
        page.get_by_label("Uitkomst").select_option("works")
        page.get_by_label("Gemeten tijdwinst in minuten per week").fill("30")
        page.get_by_role("button", name="Test vastleggen").click()
        page.wait_for_url(re.compile(rf"/reizen/{task.journey.pk}/(#taak-{task.pk})?$"))
        expect(page.get_by_text("Test vastgelegd.")).to_be_visible()
        assert task.tests.count() == before + 1
    finally:
        context.close()
