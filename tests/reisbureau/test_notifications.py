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


def _many(users, subject="Voor iedereen"):
    return [services.notification_build(recipient=user, subject=subject, url="/")
            for user in users]


def test_many_notifications_take_one_insert_and_one_job_per_hundred_emails(
        make_user, monkeypatch, django_capture_on_commit_callbacks,
        django_assert_num_queries):
    users = [make_user("traveller") for _ in range(3)]
    monkeypatch.setattr(services, "NOTIFICATION_EMAILS_PER_JOB", 2)
    jobs = []
    original = tasks.send_notification_emails.delay
    monkeypatch.setattr(tasks.send_notification_emails, "delay",
                        lambda ids: jobs.append(ids) or original(ids))
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1):
            created = services.notifications_send_many(_many(users))
    assert [len(ids) for ids in jobs] == [2, 1]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert all(n.emailed_at for n in Notification.objects.filter(pk__in=[c.pk for c in created]))
    # A late second delivery of the same jobs sends nothing twice.
    assert tasks.send_notification_emails([c.pk for c in created]) == 0
    assert len(mail.outbox) == 3


def test_many_notifications_stay_in_the_outbox_when_the_broker_is_down(
        make_user, monkeypatch, django_capture_on_commit_callbacks, time_machine):
    users = [make_user("traveller") for _ in range(3)]
    monkeypatch.setattr(services, "NOTIFICATION_EMAILS_PER_JOB", 1)
    attempts = []

    def down(ids):
        attempts.append(ids)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_notification_emails, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_send_many(_many(users))
    assert len(attempts) == 1  # a dead broker is not knocked on once per e-mail
    assert mail.outbox == []
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    assert tasks.send_pending_notifications() == 3
    assert tasks.send_pending_notifications() == 0
    assert len(mail.outbox) == 3


def test_one_failing_email_does_not_hold_back_the_others(make_user, monkeypatch):
    users = [make_user("traveller") for _ in range(3)]
    created = Notification.objects.bulk_create(_many(users))
    real_send = services.notification_deliver_email

    def flaky(*, notification_id, connection=None):
        if notification_id == created[1].pk:
            raise OSError("mailbox unavailable")
        return real_send(notification_id=notification_id, connection=connection)

    monkeypatch.setattr(services, "notification_deliver_email", flaky)
    assert tasks.send_notification_emails([n.pk for n in created]) == 2
    assert Notification.objects.filter(emailed_at__isnull=True).get() == created[1]


def test_an_in_app_only_or_addressless_notification_publishes_nothing(
        make_user, django_capture_on_commit_callbacks):
    user = make_user("traveller")
    with django_capture_on_commit_callbacks() as callbacks:
        services.notifications_send_many(
            [services.notification_build(recipient=user, subject="Alleen in de app",
                                         email=False)])
        services.notifications_send_many([])
    assert callbacks == []


def test_an_address_that_always_fails_is_given_up_after_five_attempts(make_user, monkeypatch,
                                                                         time_machine):
    user = make_user("traveller")
    notification = Notification.objects.create(recipient=user, subject="Douane", body="Besluit",
                                               send_email=True)

    def refuse(*args, **kwargs):
        raise OSError("mailbox unavailable")

    monkeypatch.setattr(mail, "send_mail", refuse)
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    for _ in range(7):  # seven sweeps, five minutes apart
        tasks.send_pending_notifications()
        time_machine.shift(timedelta(minutes=5))
    notification.refresh_from_db()
    assert notification.email_attempts == 5 and notification.emailed_at is None


# --- Recovery after a broker outage, and what the user is told ----------------------------

def test_an_email_the_broker_refused_is_swept_half_a_minute_later(
        traveller, monkeypatch, django_capture_on_commit_callbacks, time_machine):
    monkeypatch.setattr(tasks.send_notification_email, "delay",
                        lambda *a: (_ for _ in ()).throw(ConnectionError("broker down")))
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_send(recipient=traveller, subject="Later")
    notification.refresh_from_db()
    assert notification.email_queued_at is None  # never handed to the broker
    time_machine.shift(timedelta(seconds=29))
    assert tasks.send_pending_notifications() == 0  # the page's own enqueue may still run
    time_machine.shift(timedelta(seconds=1))
    assert tasks.send_pending_notifications() == 1  # the next minutely sweep sends it
    assert tasks.send_pending_notifications() == 0
    assert len(mail.outbox) == 1


def test_an_email_the_broker_took_is_left_to_its_worker_for_a_while(
        traveller, monkeypatch, django_capture_on_commit_callbacks, time_machine):
    """The minutely sweep does not race a worker that is about to send the e-mail."""
    jobs = []
    monkeypatch.setattr(tasks.send_notification_email, "delay", jobs.append)
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notification_send(recipient=traveller, subject="Bij de worker")
    assert jobs == [notification.pk]
    notification.refresh_from_db()
    assert notification.email_queued_at is not None
    time_machine.shift(timedelta(minutes=4, seconds=59))
    assert tasks.send_pending_notifications() == 0
    time_machine.shift(timedelta(seconds=1))  # NOTIFICATION_RETRY_MINUTES: the job was lost
    assert tasks.send_pending_notifications() == 1
    # The lost job turning up after all sends nothing twice.
    assert tasks.send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_sweep_claims_its_rows_so_an_overlapping_sweep_takes_none(traveller, time_machine):
    Notification.objects.create(recipient=traveller, subject="Eén keer")
    time_machine.move_to(timezone.now() + timedelta(minutes=1))
    assert len(services.notifications_claim_unsent()) == 1
    assert services.notifications_claim_unsent() == []  # a second sweep still running now
    time_machine.shift(timedelta(minutes=5))  # the first sweep died without sending
    assert len(services.notifications_claim_unsent()) == 1


def test_the_sweep_runs_every_minute():
    from celery.schedules import crontab

    from portal.schedules import beat_schedule

    entry = beat_schedule()["notifications-outbox-sweep"]
    assert entry["task"] == tasks.send_pending_notifications.name
    assert entry["schedule"] == crontab(minute="*")
    assert entry["options"]["expires"] < 60  # a run the broker held back is not run late


def test_the_notifications_page_says_whether_the_email_went_out(make_user, client):
    user = make_user("traveller")
    Notification.objects.create(recipient=user, subject="Verzonden", emailed_at=timezone.now())
    Notification.objects.create(recipient=user, subject="Wacht")
    Notification.objects.create(recipient=user, subject="Mislukt",
                                email_attempts=Notification.MAX_EMAIL_ATTEMPTS)
    Notification.objects.create(recipient=user, subject="Alleen in de app", send_email=False)
    client.force_login(user)
    page = client.get("/meldingen/").content.decode()
    assert page.count("E-mail verzonden") == 1
    assert page.count("E-mail wacht op verzending") == 1
    assert page.count("E-mail kon niet worden verzonden") == 1
