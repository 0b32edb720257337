"""Teams notifications against a real HTTP server on loopback that records what it receives
(tests/teams_webhook.py). It answers each POST from a script (status, headers, delay), so the
tests see the portal's real requests and its handling of 429 with Retry-After, 500 and a
timeout."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reisbureau import tasks, teams
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, TeamsChannel, TeamsEvent, TeamsMessage
from tests.teams_webhook import webhook_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook(settings):
    with webhook_server(settings) as server:
        yield server


@pytest.fixture
def channel(webhook, agency_staff):
    return teams.channel_save(actor=agency_staff, name="AI-nieuws", webhook_url=webhook.url,
                              events=[TeamsEvent.WEEKLY_TIP, TeamsEvent.CUSTOMS_AGENDA])


def _card():
    return teams.teams_card(title="Tip van de week: samenvatten", text="Vraag om drie punten.",
                            facts={"Datum": "2 december"}, url="/community/tips/1/")


def _notify(key="1", event=TeamsEvent.WEEKLY_TIP, card=_card):
    return teams.teams_notify(event=event, key=key, card=card)


# --- channels -------------------------------------------------------------------------------

def test_the_webhook_url_is_stored_encrypted_and_shown_masked(channel, webhook):
    channel.refresh_from_db()
    assert "SECRETSIG" not in channel.webhook_url_encrypted
    assert "127.0.0.1" not in channel.webhook_url_encrypted
    assert teams.decrypt_url(channel.webhook_url_encrypted) == webhook.url
    assert channel.webhook_hint == "http://127.0.0.1/…TSIG"
    entry = AuditEntry.objects.get(action="teams.channel_saved")
    assert "SECRETSIG" not in json.dumps(entry.data)


def test_only_teams_webhook_hosts_over_https_are_accepted(agency_staff):
    for url in ("http://prod-12.westeurope.logic.azure.com/workflows/1",
                "https://intranet.example/hook", "https://logic.azure.com.evil.example/x",
                "javascript:alert(1)", "ftp://webhook.office.com/x"):
        with pytest.raises(DomainError):
            teams.channel_save(actor=agency_staff, name="x", webhook_url=url, events=[])
    saved = teams.channel_save(
        actor=agency_staff, name="Workflows", events=["weekly_tip", "nonsense"],
        webhook_url="https://prod-12.westeurope.logic.azure.com:443/workflows/1/triggers/x?sig=1")
    assert saved.events == ["weekly_tip"]


def test_a_url_encrypted_under_an_old_secret_key_still_decrypts(channel, settings, webhook):
    token = TeamsChannel.objects.get().webhook_url_encrypted
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert teams.decrypt_url(token) == webhook.url


# --- posting --------------------------------------------------------------------------------

def test_an_event_is_posted_once_after_commit_as_an_adaptive_card(
        channel, webhook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify() == 1
        assert webhook.received == []  # nothing before the commit
    assert len(webhook.received) == 1
    request = webhook.received[0]
    assert request["path"].endswith("sig=SECRETSIG")
    assert request["content_type"] == "application/json"
    attachment = request["body"]["attachments"][0]
    assert request["body"]["type"] == "message"
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == "Tip van de week: samenvatten"
    assert card["actions"][0]["url"].endswith("/community/tips/1/")
    message = TeamsMessage.objects.get()
    assert (message.state, message.attempts, message.sent_at is not None) == ("sent", 1, True)

    # the same event announced again, and the job run again: still one post
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify() == 0
    assert tasks.send_teams_message(message.pk) is True
    assert tasks.sweep_teams_messages() == 0
    assert len(webhook.received) == 1


def test_the_card_is_written_in_dutch_whatever_the_language_of_the_page(channel, webhook):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("en"):
        _notify(card=lambda: teams.teams_card(title=gettext("Teams channels"), url="/x/"))
    card = TeamsMessage.objects.get().card
    assert card["body"][0]["text"] == "Teams-kanalen"
    assert card["actions"][0]["title"] == "Openen in het portaal"


def test_only_active_channels_that_chose_the_event_get_it(channel, webhook, agency_staff,
                                                          django_capture_on_commit_callbacks):
    teams.channel_save(actor=agency_staff, name="Uit", webhook_url=webhook.url,
                       events=[TeamsEvent.WEEKLY_TIP], active=False)
    built = []
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(event=TeamsEvent.MONTHLY_FIGURES,
                       card=lambda: built.append(1) or _card()) == 0
        assert _notify() == 1
    assert built == []  # no card is built when no channel wants the event
    assert len(webhook.received) == 1
    assert TeamsMessage.objects.get().channel == channel


def test_nothing_is_posted_when_the_transaction_rolls_back(channel, webhook,
                                                            django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify()
            raise RuntimeError
    assert webhook.received == [] and not TeamsMessage.objects.exists()


def test_429_waits_as_long_as_retry_after_says(channel, webhook, time_machine,
                                               django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    webhook.script = [(429, {"Retry-After": "120"}, 0)]
    with django_capture_on_commit_callbacks(execute=True):
        _notify()
    message = TeamsMessage.objects.get()
    start = timezone.now()
    assert (message.state, message.attempts) == ("pending", 1)
    assert message.last_error.startswith("HTTP 429")
    assert message.next_attempt_at == start + timedelta(seconds=120)
    assert len(webhook.received) == 1  # the retry job ran at once (eager) and waited

    time_machine.move_to(start + timedelta(seconds=100), tick=False)
    assert tasks.send_teams_message(message.pk) is True  # not due: nothing sent
    assert tasks.sweep_teams_messages() == 0
    assert len(webhook.received) == 1

    time_machine.move_to(start + timedelta(seconds=121), tick=False)
    assert tasks.sweep_teams_messages() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(webhook.received) == 2


def test_500_is_retried_with_growing_pauses_then_fails(channel, webhook, time_machine,
                                                       django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    webhook.script = [(500, {}, 0)] * 5
    with django_capture_on_commit_callbacks(execute=True):
        _notify()
    message = TeamsMessage.objects.get()
    pauses = []
    for _attempt in range(2):
        pauses.append((message.next_attempt_at - timezone.now()).total_seconds())
        time_machine.move_to(message.next_attempt_at, tick=False)
        tasks.send_teams_message(message.pk)  # the job planned with that countdown
        message.refresh_from_db()
    assert pauses == [30, 60]  # backoff doubles
    assert (message.state, message.attempts) == ("failed", 3)  # TEAMS_MAX_ATTEMPTS
    assert message.last_error.startswith("HTTP 500")
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    assert tasks.sweep_teams_messages() == 0  # failed for good: left alone
    assert [r["answered"] for r in webhook.received] == [500, 500, 500]


def test_a_timeout_counts_as_a_failed_attempt(channel, webhook,
                                              django_capture_on_commit_callbacks):
    webhook.script = [(200, {}, 1.5)]  # answers after the portal's 0.5 s
    with django_capture_on_commit_callbacks(execute=True):
        _notify()
    message = TeamsMessage.objects.get()
    assert (message.state, message.attempts) == ("pending", 1)
    assert "0.5" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=25)


def test_a_refused_webhook_fails_at_once(channel, webhook, django_capture_on_commit_callbacks):
    webhook.script = [(404, {}, 0)]  # the workflow was deleted
    with django_capture_on_commit_callbacks(execute=True):
        _notify()
    message = TeamsMessage.objects.get()
    assert (message.state, message.attempts) == ("failed", 1)
    assert tasks.sweep_teams_messages() == 0


def test_the_sweep_posts_what_the_broker_never_took(channel, webhook, monkeypatch, time_machine,
                                                    django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_teams_message, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        _notify()
    assert webhook.received == []
    assert tasks.sweep_teams_messages() == 0  # too fresh: the page's own job may still run
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert tasks.sweep_teams_messages() == 1
    assert tasks.sweep_teams_messages() == 0
    assert len(webhook.received) == 1
    assert TeamsMessage.objects.get().state == "sent"


def test_the_weekly_tip_goes_to_teams_when_published(channel, webhook, agency_staff,
                                                     django_capture_on_commit_callbacks):
    from community import services as community
    from community.models import WeeklyTip

    tip = WeeklyTip.objects.create(title="Laat Copilot samenvatten", body="Vraag om drie punten.",
                                   publish_on=timezone.localdate(), author=agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        community.tips_publish_due()
    with django_capture_on_commit_callbacks(execute=True):
        community.tips_publish_due()
    assert len(webhook.received) == 1
    card = webhook.received[0]["body"]["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Tip van de week: Laat Copilot samenvatten"
    assert card["actions"][0]["url"].endswith(tip.get_absolute_url())


# --- pages ----------------------------------------------------------------------------------

def test_agency_staff_connect_a_channel_and_see_the_outbox(client, agency_staff, webhook):
    client.force_login(agency_staff)
    response = client.post(reverse("reisbureau:teams_channels"), {
        "name": "AI-nieuws", "webhook_url": webhook.url,
        "events": ["weekly_tip", "travel_report"], "active": "on"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "AI-nieuws" in page and "http://127.0.0.1/…TSIG" in page
    assert "SECRETSIG" not in page
    channel = TeamsChannel.objects.get()
    assert channel.events == ["weekly_tip", "travel_report"]

    # changing it without a URL keeps the stored one
    response = client.post(reverse("reisbureau:teams_channel_edit", args=[channel.pk]), {
        "name": "AI-nieuws", "webhook_url": "", "events": ["weekly_tip"]})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert teams.decrypt_url(channel.webhook_url_encrypted) == webhook.url
    assert not channel.active
    assert "SECRETSIG" not in client.get(
        reverse("reisbureau:teams_channel_edit", args=[channel.pk])).content.decode()

    TeamsMessage.objects.create(channel=channel, event="weekly_tip", key="weekly_tip:1",
                                title="Tip van de week", state="failed", attempts=3,
                                last_error="HTTP 500")
    page = client.get(reverse("reisbureau:teams_outbox")).content.decode()
    assert "Tip van de week" in page and "HTTP 500" in page
    assert "Tip van de week" not in client.get(
        reverse("reisbureau:teams_outbox"), {"state": "sent"}).content.decode()


def test_a_foreign_address_is_refused_with_a_message(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("reisbureau:teams_channels"), {
        "name": "Elders", "webhook_url": "https://example.org/hook", "events": ["weekly_tip"]})
    assert response.status_code == 200
    assert "not a Teams webhook" in response.content.decode() \
        or "geen Teams-webhook" in response.content.decode()
    assert not TeamsChannel.objects.exists()


def test_others_cannot_manage_channels_or_see_the_outbox(client, traveller, manager, channel):
    for user in (traveller, manager):
        client.force_login(user)
        for url in (reverse("reisbureau:teams_channels"), reverse("reisbureau:teams_outbox"),
                    reverse("reisbureau:teams_channel_edit", args=[channel.pk])):
            assert client.get(url).status_code == 403
        assert client.post(reverse("reisbureau:teams_channel_delete",
                                   args=[channel.pk])).status_code == 403
    assert TeamsChannel.objects.exists()


def test_the_outbox_page_has_fixed_queries(client, agency_staff, channel,
                                           django_assert_max_num_queries):
    for n in range(30):
        TeamsMessage.objects.create(channel=channel, event="weekly_tip", key=f"weekly_tip:{n}",
                                    title=f"Tip {n}")
    client.force_login(agency_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reisbureau:teams_outbox")).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_post_once(agency_staff, settings):
    """The same job delivered twice (acks_late after a lost worker) runs in two workers at the
    same moment: the second waits for the first's row lock and finds the message sent."""
    import threading

    from django.db import connections

    with webhook_server(settings) as webhook:
        channel = teams.channel_save(actor=agency_staff, name="AI-nieuws",
                                     webhook_url=webhook.url, events=[TeamsEvent.WEEKLY_TIP])
        message = TeamsMessage.objects.create(channel=channel, event="weekly_tip",
                                              key="weekly_tip:1", title="Tip", card=_card())
        webhook.script = [(202, {}, 0.3)]  # the first post takes a while
        barrier = threading.Barrier(2)

        def worker():
            barrier.wait()
            try:
                tasks.send_teams_message(message.pk)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert len(webhook.received) == 1
        message.refresh_from_db()
        assert (message.state, message.attempts) == ("sent", 1)
