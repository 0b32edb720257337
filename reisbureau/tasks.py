import logging

from celery import shared_task
from django.conf import settings

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60, time_limit=60,
             soft_time_limit=50)
def send_notification_email(notification_id: int) -> bool:
    """Send one notification's e-mail. Safe to run twice: a sent one is skipped."""
    return services.notification_deliver_email(notification_id=notification_id)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the e-mails of notifications created together (a job notifying many people).

    Safe to run twice: a sent one is skipped. One that fails is left to the outbox sweep.
    """
    return services.notifications_deliver_emails(notification_ids)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def send_pending_notifications(batch_size: int = 500) -> int:
    """The outbox sweep: e-mails that were never sent (broker down, worker killed) go out now.

    Runs every minute, so once the broker is back a waiting e-mail goes out at the next run.
    At most `batch_size` a run, over one SMTP connection; the rows are claimed first (see
    `notifications_claim_unsent`), and each e-mail is locked and marked sent in its own
    transaction, so a killed worker re-sends at most one.
    """
    ids = services.notifications_claim_unsent(batch_size=batch_size)
    if not ids:
        return 0
    return services.notifications_deliver_emails(ids)


@shared_task(time_limit=10, soft_time_limit=8)
def ping() -> str:
    """Used by the health check and the real-worker test."""
    return "pong"


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def clear_expired_sessions() -> None:
    """Nightly: remove expired sessions (they live in the database, see settings "Sessions")."""
    from importlib import import_module

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task(acks_late=True, time_limit=900, soft_time_limit=870)
def apply_people_import(import_id: int) -> None:
    """Apply a queued HR import in one transaction. Safe to run twice: a done one is skipped,
    and a run killed halfway rolled back, so the next run starts clean."""
    from .people_import import people_import_run

    people_import_run(import_id=import_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=110)
def sweep_people_imports() -> int:
    """Every minute: queue again an HR import the broker never took or whose worker died."""
    from .people_import import people_imports_sweep

    return len(people_imports_sweep())


@shared_task(acks_late=True, time_limit=120, soft_time_limit=110)
def send_teams_message(message_id: int) -> bool:
    """Post one Teams outbox row. Safe to run twice: a sent one is skipped. A failure plans
    the next attempt (backoff, or the 429's Retry-After) as a job with that countdown; the
    sweep sends it if that job is lost."""
    from .teams import _enqueue, message_deliver

    wait = message_deliver(message_id=message_id)
    if wait is not None:
        _enqueue([message_id], countdown=wait)
    return wait is None


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def sweep_teams_messages(batch_size: int = 100) -> int:
    """Every minute: post the Teams messages whose job was lost or never queued (broker down,
    worker killed) and whose next attempt has come. Each is posted at most once."""
    from .teams import message_deliver, messages_claim_due

    ids = messages_claim_due(batch_size=batch_size)
    for pk in ids:
        try:
            message_deliver(message_id=pk)
        except Exception:
            logger.exception("Teams message %s failed; the sweep retries it", pk)
    return len(ids)
