"""An htmx form whose target is not on the page falls back to a plain POST and redirect.

The task edit form swaps into `#taak-N`, which exists only on the journey page; opened on its
own (by URL, in a new tab) the same form must still save (static/js/portal.js).
"""

import re

import pytest
from playwright.sync_api import expect

from journeys.constants import EDITABLE_TASK_STATUSES, JourneyStatus
from journeys.models import JourneyTask
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _editable_task_of(email):
    return (JourneyTask.objects.filter(
        journey__adviser__email=email, status__in=EDITABLE_TASK_STATUSES,
        journey__status__in=(JourneyStatus.PLANNING, JourneyStatus.TRAVELLING))
        .select_related("journey").order_by("pk").first())


def test_the_task_edit_page_opened_on_its_own_saves_and_returns_to_the_journey(page, demo):
    task = _editable_task_of("adviseur@voorbeeldstad.example")
    assert task is not None
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if "htmx:" in msg.text else None)
    login(page, "adviseur@voorbeeldstad.example")

    page.goto(f"/reizen/{task.journey.pk}/taken/{task.pk}/bewerken/")
    assert_accessible(page)
    page.get_by_label("Werktaak").fill("Raadsbrieven samenvatten (bewerkt los geopend)")
    page.get_by_role("button", name="Taak opslaan").click()

    page.wait_for_url(re.compile(rf"/reizen/{task.journey.pk}/$"))
    assert page.get_by_text("Taak opgeslagen.").is_visible()
    assert page.locator("#taken h3", has_text="Raadsbrieven samenvatten (bewerkt los geopend)"
                        ).is_visible()
    task.refresh_from_db()
    assert task.work_task == "Raadsbrieven samenvatten (bewerkt los geopend)"
    assert not errors, errors


def test_the_task_edit_form_on_the_journey_page_still_swaps_in_place(page, demo):
    task = _editable_task_of("adviseur@voorbeeldstad.example")
    login(page, "adviseur@voorbeeldstad.example")
    page.goto(task.journey.get_absolute_url())
    page.locator(f"#taak-{task.pk}").get_by_role("link", name=re.compile("^Bewerken")).click()
    form = page.locator(f"#taak-{task.pk} form")
    form.get_by_label("Werktaak").fill("In de reis bewerkt")
    # The journey page stays loaded: htmx swaps the task section, no navigation happens.
    page.evaluate("window.__samePage = true")
    form.get_by_role("button", name="Taak opslaan").click()
    expect(page.locator("#taken h3", has_text="In de reis bewerkt")).to_be_visible()
    assert page.evaluate("window.__samePage === true")
    task.refresh_from_db()
    assert task.work_task == "In de reis bewerkt"
