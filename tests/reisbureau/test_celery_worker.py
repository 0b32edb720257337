"""A real Celery worker against the real Redis broker (runs when REDIS_URL is set, as in CI)."""

import os

import pytest
from django.core import mail

from reisbureau import services
from portal.celery import app

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set by .ci/run)"),
]


@pytest.fixture
def real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_notification_email_goes_through_a_real_worker(real_worker, make_user):
    from reisbureau.tasks import ping, send_notification_email

    assert ping.delay().id
    user = make_user("traveller")
    notification = services.notification_send(recipient=user, subject="Via de worker",
                                              email=False)
    notification.send_email = True
    notification.save(update_fields=["send_email"])
    send_notification_email.delay(notification.pk)
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at:
            break
        time.sleep(0.2)
    assert notification.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Via de worker"]
