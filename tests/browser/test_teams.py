"""Agency staff connect a Teams channel (a Workflows webhook, here a loopback server), choose
its events, and see in the outbox that the weekly tip was posted there."""

import pytest
from django.utils import timezone

from reisbureau.models import TeamsChannel, User
from tests.browser.conftest import assert_accessible, login
from tests.teams_webhook import webhook_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agency_staff_connect_a_channel_and_see_the_outbox(page, demo, settings):
    from community import services as community
    from community.models import WeeklyTip

    with webhook_server(settings) as webhook:
        login(page, "beheer@voorbeeldstad.example")
        page.goto("/reisbureau/")
        page.get_by_role("navigation", name="Het reisbureau").get_by_role(
            "link", name="Teams", exact=True).click()
        page.get_by_role("heading", name="Microsoft Teams-kanalen").wait_for()
        assert_accessible(page)

        page.get_by_label("Naam van het kanaal").fill("AI-nieuws")
        page.get_by_label("Webhookadres").fill(webhook.url)
        page.get_by_label("Nieuwe tip van de week").check()
        page.get_by_label("Een reisverslag is gepubliceerd").check()
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Teams-kanaal opgeslagen.").wait_for()
        row = page.get_by_role("row").filter(has_text="AI-nieuws").filter(has_text="127.0.0.1")
        assert row.get_by_text("Nieuwe tip van de week, Een reisverslag is gepubliceerd")\
            .is_visible()
        assert "SECRETSIG" not in page.content()
        assert_accessible(page)
        channel = TeamsChannel.objects.get(name="AI-nieuws")
        assert channel.events == ["weekly_tip", "travel_report"]

        # the weekly job publishes a tip: it goes to the channel
        WeeklyTip.objects.create(
            title="Vraag Copilot om een tabel", body="Vraag om een tabel met drie kolommen.",
            publish_on=timezone.localdate(),
            author=User.objects.get(email="beheer@voorbeeldstad.example"))
        community.tips_publish_due()
        assert [r["body"]["attachments"][0]["content"]["body"][0]["text"]
                for r in webhook.received] == ["Tip van de week: Vraag Copilot om een tabel"]

        page.get_by_role("link", name="Verzonden berichten en hun bezorgstatus").click()
        page.get_by_role("heading", name="Teams-berichten").wait_for()
        sent = page.get_by_role("row").filter(
            has_text="Tip van de week: Vraag Copilot om een tabel")
        assert sent.get_by_text("Verzonden", exact=True).is_visible()
        assert_accessible(page)
        page.get_by_label("Status").select_option(label="Mislukt")
        page.get_by_role("button", name="Filteren").click()
        page.wait_for_load_state()
        assert page.get_by_text("Nieuw reisverslag: Klantcontact").is_visible()
        assert page.get_by_text("Vraag Copilot om een tabel").count() == 0
        assert_accessible(page)
