from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import Promptathon, PromptathonVote, TrainingSession
from reisbureau.models import User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_traveller_registers_trainer_records_attendance_manager_sees_register(page, demo):
    title = "Copilot in Teams: vergaderingen samenvatten"
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/community/trainingen/")
    assert_accessible(page)
    # The same session is also the one suggested to her (she lacks it): open it from the list.
    page.get_by_role("region", name="Schuifbare tabel").get_by_role("link", name=title).click()
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text("U bent aangemeld voor de training.").wait_for()
    assert_accessible(page)

    # the training takes place
    session = TrainingSession.objects.get(title=title)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1))
    page.context.clear_cookies()
    login(page, "adviseur@voorbeeldstad.example")
    page.goto(f"/community/trainingen/{session.pk}/aanwezigheid/")
    assert_accessible(page)
    traveller = User.objects.get(email="reiziger@voorbeeldstad.example")
    page.get_by_label(traveller.display_name).check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.get_by_text("Aanwezigheid geregistreerd").wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, "manager@voorbeeldstad.example")
    page.goto(f"/community/trainingen/register/?afdeling={traveller.department_id}")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=traveller.display_name)
    assert "Gevorderd" in row.inner_text()


def test_team_submits_in_a_promptathon_and_others_vote(page, demo):
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/community/promptathons/")
    assert_accessible(page)
    page.get_by_role("link", name="Promptathon najaar").click()
    assert_accessible(page)
    page.get_by_label("Teamnaam").fill("De Kopieerders")
    page.get_by_role("button", name="Team vormen").click()
    page.get_by_text("Uw team is gevormd.").wait_for()
    assert_accessible(page)
    page.get_by_label("Prompt").first.fill("Schrijf een vriendelijke ontvangstbevestiging.")
    page.get_by_label("Resultaat").first.fill("Een nette bevestiging.")
    page.get_by_role("button", name="Inzenden voor ons team").first.click()
    page.get_by_text("De inzending van uw team is opgeslagen.").wait_for()
    assert_accessible(page)

    event = Promptathon.objects.get(title="Promptathon najaar")
    Promptathon.objects.filter(pk=event.pk).update(
        submission_deadline=timezone.now() - timedelta(minutes=1))
    page.context.clear_cookies()
    login(page, "manager@voorbeeldstad.example")
    page.goto(event.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Stem op De Kopieerders").click()
    page.get_by_text("Bedankt voor uw stem.").wait_for()
    assert_accessible(page)
    assert PromptathonVote.objects.filter(user__email="manager@voorbeeldstad.example").count() == 1
