"""Microsoft Teams notifications: channels, the outbox and its delivery.

Agency staff connect a Teams channel by the URL of a Teams Workflows flow ("Post to a channel
when a webhook request is received") or a classic incoming webhook, and choose which events go
there. Apps call `teams_notify(event=..., key=..., card=...)` from their services, inside their
transaction: one outbox row per subscribed channel (unique per channel and key, so an event is
posted once however often it is announced), sent by Celery after commit. A failed post is
retried with exponential backoff (a 429's Retry-After is honoured) until TEAMS_MAX_ATTEMPTS,
then the row is marked failed; the outbox page shows every row's state.

The webhook URL is a secret: it is stored encrypted with Fernet under a key derived from
SECRET_KEY (SECRET_KEY_FALLBACKS still decrypt, so the key can be rotated) and shown masked.
"""

import base64
import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit_log
from .exceptions import DomainError
from .models import TeamsChannel, TeamsEvent, TeamsMessage, TeamsMessageState

logger = logging.getLogger(__name__)

__all__ = ["teams_card", "teams_notify"]


# --- The secret URL ------------------------------------------------------------------------

def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(
            hashlib.sha256(f"reisbureau.teams:{secret}".encode()).digest()))
        for secret in secrets
    ])


def encrypt_url(url: str) -> str:
    return _fernet().encrypt(url.encode()).decode()


def decrypt_url(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DomainError(_("The webhook URL cannot be read any more (the secret key changed). "
                            "Enter it again.")) from exc


def mask_url(url: str) -> str:
    """What the page shows of a webhook URL: its host and its last four characters."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/…{url[-4:]}"


def _config(name: str):
    return settings.REISBUREAU[name]


def validate_webhook_url(url: str) -> str:
    """The URL must be https (or a scheme the settings allow) on a host the settings allow."""
    url = url.strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in _config("TEAMS_WEBHOOK_SCHEMES") or not host:
        raise DomainError(_("Enter the https address of the webhook that Teams gave you."))
    allowed = _config("TEAMS_WEBHOOK_HOSTS")
    if not any(host == suffix.lstrip(".") or host.endswith("." + suffix.lstrip("."))
               for suffix in allowed):
        raise DomainError(
            _("This address is not a Teams webhook. Allowed hosts: %(hosts)s.")
            % {"hosts": ", ".join(allowed)})
    return url


# --- Channels (agency staff) ------------------------------------------------------------------

def _clean_events(events) -> list[str]:
    valid = set(TeamsEvent.values)
    return [event for event in TeamsEvent.values if event in set(events) & valid]


@transaction.atomic
def channel_save(*, actor, name: str, events, active: bool = True, webhook_url: str = "",
                 channel: TeamsChannel | None = None) -> TeamsChannel:
    """Add a channel or change one. An empty `webhook_url` keeps the stored one."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the channel a name."))
    if channel is None:
        channel = TeamsChannel()
        if not webhook_url.strip():
            raise DomainError(_("Enter the webhook address of the channel."))
    else:
        channel = TeamsChannel.objects.select_for_update().get(pk=channel.pk)
    if webhook_url.strip():
        url = validate_webhook_url(webhook_url)
        channel.webhook_url_encrypted = encrypt_url(url)
        channel.webhook_hint = mask_url(url)
    channel.name = name[:200]
    channel.events = _clean_events(events)
    channel.active = active
    channel.full_clean()
    channel.save()
    # The URL is a secret: the trail holds the events, never the address.
    audit_log(actor=actor, action="teams.channel_saved", target=channel,
              data={"events": channel.events, "active": channel.active})
    return channel


@transaction.atomic
def channel_delete(*, actor, channel: TeamsChannel) -> None:
    audit_log(actor=actor, action="teams.channel_removed", target=channel)
    channel.delete()


# --- Announcing an event (called by the apps) -----------------------------------------------

def teams_card(*, title: str, text: str = "", facts: dict | None = None,
               url: str = "", link_text: str = "") -> dict:
    """An Adaptive Card 1.4: a title, a text, facts (label: value) and a button to the portal."""
    body: list[dict] = [{"type": "TextBlock", "text": str(title), "weight": "Bolder",
                         "size": "Medium", "wrap": True}]
    if text:
        body.append({"type": "TextBlock", "text": str(text), "wrap": True})
    if facts:
        body.append({"type": "FactSet", "facts": [
            {"title": str(label), "value": str(value)} for label, value in facts.items()]})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.4", "lang": "nl", "body": body,
    }
    if url:
        card["actions"] = [{
            "type": "Action.OpenUrl", "title": str(link_text or _("Open in the portal")),
            "url": f"{_config('BASE_URL')}{url}" if url.startswith("/") else url,
        }]
    return card


def teams_notify(*, event: str, key: str, card: Callable[[], dict] | dict) -> int:
    """Post `card` to every active channel that wants `event`; returns the rows queued.

    Call it inside the transaction of the change it announces: the rows commit with it and
    the posts go out after commit. `key` names what the event is about; the same key for the
    same channel is queued once only, so announcing twice posts once. `card` may be a callable
    (built in Dutch, and only when some channel wants the event).
    """
    if event not in TeamsEvent.values:
        raise ValueError(f"Unknown Teams event {event!r}")
    channels = [c for c in TeamsChannel.objects.filter(active=True) if event in c.events]
    if not channels:
        return 0
    if callable(card):
        with translation.override(_config("TEAMS_LANGUAGE")):
            card = card()
    title = str(card["body"][0].get("text", ""))[:200] if card.get("body") else event
    key = f"{event}:{key}"[:200]
    created = []
    for channel in channels:
        if TeamsMessage.objects.filter(channel=channel, key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(TeamsMessage.objects.create(
                    channel=channel, event=event, key=key, title=title, card=card))
        except IntegrityError:  # announced at the same moment elsewhere: that row posts it
            continue
    ids = [message.pk for message in created]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def _enqueue(message_ids: list[int], countdown: float | None = None) -> None:
    from .tasks import send_teams_message

    for pk in message_ids:
        try:
            send_teams_message.apply_async((pk,), countdown=countdown)
        except Exception:  # broker down: the sweep sends it
            logger.warning("Broker unavailable; Teams message %s stays in the outbox", pk)
            return
        TeamsMessage.objects.filter(pk=pk, state=TeamsMessageState.PENDING).update(
            queued_at=timezone.now())


# --- Delivery -------------------------------------------------------------------------------

def payload(card: dict) -> dict:
    """The body Teams Workflows (and incoming webhooks) accept: a message with the card."""
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card,
    }]}


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


def _backoff(attempts: int) -> float:
    return float(_config("TEAMS_BACKOFF_SECONDS")) * 2 ** (attempts - 1)


def message_deliver(*, message_id: int) -> float | None:
    """Post one outbox row at most once. Returns the seconds to wait before the next attempt
    when it should be retried, else None (sent, failed for good, not due, or gone).

    The row is locked while posting, so a second run of the same job waits and then finds it
    sent. A failed attempt is committed with its error and the time of the next attempt.
    """
    import requests

    now = timezone.now()
    with transaction.atomic():
        message = (TeamsMessage.objects.select_for_update().select_related("channel")
                   .filter(pk=message_id).first())
        if message is None or message.state != TeamsMessageState.PENDING:
            return None
        if message.next_attempt_at > now:
            return None  # a retry is planned; its own job or the sweep sends it
        message.attempts += 1
        wait, error = None, ""
        try:
            url = decrypt_url(message.channel.webhook_url_encrypted)
            response = requests.post(url, json=payload(message.card),
                                     timeout=_config("TEAMS_TIMEOUT_SECONDS"),
                                     allow_redirects=False)
        except DomainError as exc:
            error, permanent = str(exc), True
        except requests.Timeout:
            error, permanent = _("No answer within %(seconds)s seconds") % {
                "seconds": _config("TEAMS_TIMEOUT_SECONDS")}, False
        except requests.RequestException as exc:
            error, permanent = type(exc).__name__, False
        else:
            if 200 <= response.status_code < 300:
                message.state = TeamsMessageState.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                message.save(update_fields=["state", "sent_at", "last_error", "attempts"])
                return None
            error = f"HTTP {response.status_code} {response.text[:200]}".strip()
            permanent = response.status_code < 500 and response.status_code not in (408, 429)
            if response.status_code == 429:
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is not None:
                    wait = min(wait, float(_config("TEAMS_RETRY_AFTER_MAX_SECONDS")))
        message.last_error = error[:500]
        if permanent or message.attempts >= _config("TEAMS_MAX_ATTEMPTS"):
            message.state = TeamsMessageState.FAILED
            wait = None
        else:
            wait = _backoff(message.attempts) if wait is None else wait
            message.next_attempt_at = now + timedelta(seconds=wait)
        message.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
    logger.warning("Teams message %s not delivered (%s)", message_id, message.last_error)
    return wait


def messages_claim_due(*, batch_size: int = 100) -> list[int]:
    """Claim the pending rows the sweep should send now, oldest first; returns their ids.

    A row is due when its next attempt has come and no job has been queued for it for
    TEAMS_ENQUEUE_GRACE_SECONDS (the page's own job, or a retry's, had its chance). Claiming
    stamps `queued_at`, so an overlapping sweep does not take the same rows; rows a worker has
    locked while posting are skipped.
    """
    now = timezone.now()
    grace = now - timedelta(seconds=_config("TEAMS_ENQUEUE_GRACE_SECONDS"))
    with transaction.atomic():
        ids = list(
            TeamsMessage.objects.select_for_update(skip_locked=True)
            .filter(state=TeamsMessageState.PENDING, next_attempt_at__lte=now)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=grace))
            .filter(Q(attempts=0, created_at__lte=grace) | Q(attempts__gt=0))
            .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:batch_size]
        )
        if ids:
            TeamsMessage.objects.filter(pk__in=ids).update(queued_at=now)
    return ids
