"""The main flows work by keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing.

No mouse clicks and no `fill`/`check`: focus moves only by key presses, and every step checks
where the focus is (Playwright's expect polls without eval, which the CSP forbids).
"""

import re

import pytest
from playwright.sync_api import expect

from community.models import Prompt
from customs.constants import SubmissionStatus
from customs.models import Submission
from impact.models import TimeSaving
from journeys.constants import TaskStatus
from journeys.models import Journey, JourneyTask
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAB_LIMIT = 300


def tab_to(page, target, *, key="Tab"):
    """Press Tab until `target` has the keyboard focus (fails if it never gets it)."""
    focused = target.and_(page.locator(":focus"))
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if focused.count():
            expect(target).to_be_focused()
            return
    raise AssertionError(f"Tab never reached {target}")


def keyboard_login(page, email):
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("E-mailadres"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Wachtwoord"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def choose_option(page, select, label):
    """With a <select> focused, arrow down (then up) until `label` is the chosen option."""
    expect(select).to_be_focused()
    chosen = select.locator("option:checked")
    count = select.locator("option").count()
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(count):
            if chosen.inner_text().strip() == label:
                return
            page.keyboard.press(key)
    raise AssertionError(f"{label!r} is not an option of {select}")


def test_adviser_plans_a_task_on_a_journey_by_keyboard(page, demo):
    journey = Journey.objects.get(title="Notuleren voor het managementteam")
    keyboard_login(page, "adviseur@voorbeeldstad.example")
    page.goto(journey.get_absolute_url())
    form = page.locator("#taken form[aria-labelledby='kop-nieuwe-taak']")

    tab_to(page, form.get_by_label("Werktaak"))
    page.keyboard.type("Actielijst uit het overleg halen")
    tab_to(page, form.get_by_label("Hulpmiddel", exact=True))
    choose_option(page, form.get_by_label("Hulpmiddel", exact=True), "Copilot in Teams")
    tab_to(page, form.get_by_label("Verwachte tijdwinst in minuten per week"))
    page.keyboard.type("25")
    tab_to(page, form.get_by_role("button", name="Taak toevoegen"))
    page.keyboard.press("Enter")

    expect(page.locator("#taken h3", has_text="Actielijst uit het overleg halen")).to_be_visible()
    assert_accessible(page)
    task = JourneyTask.objects.get(journey=journey, work_task="Actielijst uit het overleg halen")
    assert (task.tool, task.expected_minutes_saved, task.status) == (
        "copilot_teams", 25, TaskStatus.DRAFT)


def test_officer_clears_a_submission_by_keyboard(page, demo):
    submission = Submission.objects.get(task__work_task="Eerste opzet van een raadsvoorstel",
                                        status=SubmissionStatus.OPEN)
    keyboard_login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    tab_to(page, page.get_by_role("link", name=re.compile("Open de volgende zitting")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=re.compile("Douanezitting van"))
           ).to_be_visible()

    item = page.locator(f"#inzending-{submission.pk}")
    tab_to(page, item.locator("summary"))
    page.keyboard.press("Enter")  # opens the item; its decision form loads (htmx)
    cleared = item.get_by_label("Goedgekeurd", exact=True)
    expect(cleared).to_be_visible()
    tab_to(page, cleared)
    page.keyboard.press("Space")
    expect(cleared).to_be_checked()
    tab_to(page, item.get_by_label("Onderbouwing"))
    page.keyboard.type("Alleen interne stukken, geen persoonsgegevens.")
    tab_to(page, item.get_by_role("button", name=re.compile("Besluit vastleggen")))
    page.keyboard.press("Enter")

    expect(page.locator(f"#inzending-{submission.pk}").get_by_text("Besloten:")).to_be_visible()
    assert_accessible(page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DECIDED
    assert JourneyTask.objects.get(pk=submission.task_id).status == TaskStatus.CLEARED


def test_traveller_fills_a_prompt_and_copies_it_by_keyboard(page, demo):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    prompt = Prompt.objects.get(title="Beleidsstuk samenvatten voor de wethouder")
    keyboard_login(page, "reiziger@voorbeeldstad.example")
    page.goto(f"/community/prompts/{prompt.pk}/")

    tab_to(page, page.get_by_label("onderwerp"))
    page.keyboard.type("de woonvisie")
    tab_to(page, page.get_by_role("button", name="De prompt invullen"))
    page.keyboard.press("Enter")
    finished = page.get_by_label("Ingevulde prompt")
    expect(finished).to_have_value(re.compile("over de woonvisie van maximaal"))

    before = prompt.copy_count
    tab_to(page, page.get_by_role("button", name="De prompt kopiëren"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gekopieerd naar het klembord.")).to_be_visible()
    assert_accessible(page)
    for _ in range(50):  # the count is posted in the background
        prompt.refresh_from_db()
        if prompt.copy_count == before + 1:
            break
        page.wait_for_timeout(100)
    assert prompt.copy_count == before + 1


def test_traveller_logs_a_saving_from_the_start_page_by_keyboard(page, demo):
    keyboard_login(page, "reiziger@voorbeeldstad.example")
    mine = TimeSaving.objects.filter(traveller__email="reiziger@voorbeeldstad.example")
    before = mine.count()
    form = page.locator("form[aria-labelledby='kop-tijdwinst']")

    tab_to(page, form.get_by_label("Taak"))
    choose_option(page, form.get_by_label("Taak"),
                  "Beleidsstukken samenvatten (Beleidsanalyse Ruimte)")
    tab_to(page, form.get_by_label("Minuten gewonnen"))
    page.keyboard.type("30")
    tab_to(page, form.get_by_role("button", name="Tijdwinst vastleggen"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("Vandaag 30 minuten bespaard met “Beleidsstukken samenvatten”")
           ).to_be_visible()
    assert_accessible(page)
    assert mine.count() == before + 1
    assert mine.order_by("-pk").first().minutes == 30
