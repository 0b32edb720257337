"""Redis (cache and broker) stopped: every page still works and nothing that should be sent is lost.

Runs against a real redis-server of the test's own on a free loopback port (see conftest.py),
which the test stops and starts again; skipped only when redis-server is not installed.
"""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reisbureau import tasks
from reisbureau.models import LicenceAssignment, Notification

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

PASSWORD = "geheim-wachtwoord-123"  # tests.factories.UserFactory
LOGIN_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}  # as in settings.base

PAGES = {
    "traveller": ["/", "/meldingen/", "/mijn-gegevens/", "/reizen/", "/reizen/standaardreizen/",
                  "/reizen/verslagen/", "/community/prompts/", "/community/prikbord/",
                  "/community/trainingen/", "/impact/tijdwinst/", "/impact/bezwaren/"],
    "adviser": ["/", "/reizen/", "/reizen/planning/", "/reizen/verzoeken/", "/impact/interviews/"],
    "officer": ["/", "/douane/", "/douane/audittrail/", "/douane/register/"],
    "manager": ["/", "/impact/dashboard/", "/impact/uitrol/", "/community/trainingen/register/"],
    "agency_staff": ["/", "/reisbureau/", "/impact/dashboard/", "/impact/gebruik/",
                     "/community/toolkit/"],
}


def _login(client, user):
    """Through the real login form: allauth's rate limit keeps its counters in the cache."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.session.get("_auth_user_id") == str(user.pk)


@override_settings(ACCOUNT_RATE_LIMITS=LOGIN_RATE_LIMITS)
@pytest.mark.parametrize("role", list(PAGES))
def test_every_main_page_works_with_redis_stopped(role, cache_and_broker_on, make_user, client):
    roles = (role,) if role == "traveller" else (role, "traveller")
    user = make_user(*roles)
    cache_and_broker_on.stop()
    assert not cache_and_broker_on.is_up()
    _login(client, user)
    for url in PAGES[role]:
        started = time.monotonic()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert time.monotonic() - started < 5, url


def test_health_reports_a_stopped_redis_as_degraded(cache_and_broker_on, client):
    assert client.get("/health/").json()["checks"]["cache"]["ok"] is True
    cache_and_broker_on.stop()
    response = client.get("/health/")
    assert response.status_code == 200  # the database answers: still serving pages
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_the_cache_falls_back_to_process_memory(cache_and_broker_on):
    from django.core.cache import cache

    cache.set("k", "v", 30)
    assert cache.get("k") == "v"
    cache_and_broker_on.stop()
    assert cache.get("k", "missing") == "missing"  # a miss, not an error
    cache.set("k", "w", 30)
    assert cache.get("k") == "w"
    assert cache.add("lock", 1) is True and cache.add("lock", 1) is False  # locks still hold
    assert cache.get_many(["k"]) == {"k": "w"}
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.delete("k") is True
    with pytest.raises(Exception):
        cache.ping()
    cache_and_broker_on.start()
    cache.ping()
    assert cache.get("k") is None  # nosave: a restarted Redis is empty, and that is fine
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS=LOGIN_RATE_LIMITS)
def test_login_lockout_still_holds_with_redis_stopped(cache_and_broker_on, traveller, client):
    cache_and_broker_on.stop()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": traveller.email, "password": "fout"})
    response = client.post(reverse("account_login"),
                           {"login": traveller.email, "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "te veel" in response.content.decode().lower()


@override_settings(ACCOUNT_RATE_LIMITS=LOGIN_RATE_LIMITS)
def test_a_notifying_form_saves_and_the_email_goes_out_once_when_redis_is_back(
    cache_and_broker_on, make_user, client, django_capture_on_commit_callbacks, time_machine
):
    traveller = make_user("traveller")
    cache_and_broker_on.stop()
    _login(client, traveller)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("licence_request"), {"reason": "Notulen samenvatten"})
    assert time.monotonic() - started < 5  # publishing to a dead broker fails fast
    assert response.status_code == 302
    assert LicenceAssignment.objects.filter(user=traveller).exists()
    notification = Notification.objects.get(recipient=traveller)
    assert notification.send_email and notification.emailed_at is None  # kept in the outbox
    assert mail.outbox == []
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "U hebt een licentie. Goede reis!" in page.content.decode()
    # The user is told the truth: the e-mail has not gone out yet.
    listing = client.get(reverse("notifications")).content.decode()
    assert "E-mail wacht op verzending" in listing and "E-mail verzonden" not in listing

    # Redis is back. The sweep runs every minute and takes an e-mail the broker refused at its
    # next run: so it goes out at most one interval (60 s) after the broker returns.
    cache_and_broker_on.start()
    assert _sweep_interval_seconds() <= 60
    time_machine.move_to(timezone.now() + timedelta(seconds=_sweep_interval_seconds()))
    assert tasks.send_pending_notifications() == 1
    assert tasks.send_pending_notifications() == 0
    # A late duplicate delivery of the original job (a worker picking it up after all) sends
    # nothing either.
    assert tasks.send_notification_email(notification.pk) is False
    assert [m.to for m in mail.outbox] == [[traveller.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert "E-mail verzonden" in client.get(reverse("notifications")).content.decode()


def _sweep_interval_seconds() -> int:
    """The longest gap between two runs of the outbox sweep, read from the beat schedule."""
    from celery.schedules import crontab

    from portal.schedules import beat_schedule

    schedule = beat_schedule()["notifications-outbox-sweep"]["schedule"]
    if not isinstance(schedule, crontab):
        return int(getattr(schedule, "run_every", schedule).total_seconds())
    assert schedule.hour == set(range(24)) and schedule.day_of_week == set(range(7))
    minutes = sorted(schedule.minute)
    gaps = [b - a for a, b in zip(minutes, minutes[1:])] + [60 - minutes[-1] + minutes[0]]
    return max(gaps) * 60


def test_with_redis_up_the_email_is_published_to_the_broker(
    cache_and_broker_on, traveller, django_capture_on_commit_callbacks
):
    """The normal path: the job reaches Redis (a worker sends it; the sweep is the safety net)."""
    import redis

    from reisbureau import services

    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(recipient=traveller, subject="Via Redis")
    # On the notifications queue (settings WORKER_QUEUES), apart from imports and roll-ups.
    queued = redis.Redis.from_url(cache_and_broker_on.url).llen("notifications")
    assert queued == 1
    assert mail.outbox == []  # not eager: the worker sends it
