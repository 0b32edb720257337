from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reisbureau import services, tasks
from reisbureau.models import Notification

pytestmark = pytest.mark.django_db


def test_notification_is_emailed_once_after_commit(traveller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_send(recipient=traveller, subject="Welkom",
                                                  body="Goede reis", url="/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [traveller.email]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # running the task again sends nothing twice
    assert tasks.send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(traveller,
                                                         django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.notification_send(recipient=traveller, subject="Nooit")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_broker_that_is_down_does_not_break_the_page(traveller, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_notification_email, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_send(recipient=traveller, subject="Later")
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None  # kept in the outbox


def test_outbox_sweep_sends_what_was_left_exactly_once(traveller, time_machine):
    notification = Notification.objects.create(recipient=traveller, subject="Blijven liggen")
    assert tasks.send_pending_notifications() == 0  # too fresh: the normal path may still run
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    assert tasks.send_pending_notifications() == 1
    assert tasks.send_pending_notifications() == 0
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_in_app_only_notifications_are_never_emailed(traveller, time_machine):
    services.notification_send(recipient=traveller, subject="Alleen in de app", email=False)
    time_machine.move_to(timezone.now() + timedelta(hours=1))
    assert tasks.send_pending_notifications() == 0
    assert mail.outbox == []
