"""A traveller confirms the measures of a task cleared with measures (htmx, in place); the
adviser and the officer then see who confirmed when."""

import re

import pytest
from django.urls import reverse

from journeys.models import JourneyTask, MeasureAcknowledgement
from reisbureau.models import User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "Opties vergelijken in een tabel"


def test_traveller_confirms_the_measures_and_adviser_and_officer_see_it(page, demo):
    task = JourneyTask.objects.get(work_task=TASK)
    traveller = User.objects.get(email="reiziger@voorbeeldstad.example")
    login(page, traveller.email)
    page.goto(task.journey.get_absolute_url())
    card = page.locator(f"#taak-{task.pk}")
    box = card.get_by_role("region", name="Bevestig dat u de maatregelen hebt gelezen")
    assert box.is_visible()
    assert box.get_by_text(task.measures[0]).is_visible()
    assert_accessible(page)
    box.get_by_role("button", name=re.compile("Ik heb de maatregelen gelezen")).click()
    page.get_by_text("u hebt de maatregelen van deze taak bevestigd").wait_for()
    assert page.locator(f"#taak-{task.pk}").get_by_role(
        "region", name="Bevestig dat u de maatregelen hebt gelezen").count() == 0
    assert_accessible(page)
    assert MeasureAcknowledgement.objects.filter(task=task, traveller=traveller).exists()

    page.context.clear_cookies()
    login(page, "adviseur@voorbeeldstad.example")
    page.goto(task.journey.get_absolute_url())
    card = page.locator(f"#taak-{task.pk}")
    assert card.get_by_text(re.compile(
        re.escape(traveller.display_name) + r": bevestigd op")).is_visible()
    colleague = User.objects.get(email="medewerker05@voorbeeldstad.example")
    assert card.get_by_text(re.compile(
        re.escape(colleague.display_name) + r": bevestigd op")).is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "douane@voorbeeldstad.example")
    page.goto(reverse("customs:task_history", args=[task.pk]))
    assert page.get_by_text(re.compile(
        re.escape(traveller.display_name) + r": bevestigd op")).is_visible()
    # the officer is not on this journey: no link back to it
    assert page.get_by_role("link", name=re.compile("Terug naar de reis")).count() == 0
    assert_accessible(page)
