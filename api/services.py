"""Every write of the api app: creating, revoking and using personal API tokens."""

import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError, full_clean_or_raise

from . import permissions, selectors
from .constants import (
    KEY_PREFIX_LENGTH,
    LAST_USED_RESOLUTION_SECONDS,
    MAX_ACTIVE_TOKENS,
    MAX_TOKEN_DAYS,
    Scope,
)
from .models import ApiToken


def _end_of(day: date) -> datetime:
    """A token valid "until" a date works that whole day (local time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@transaction.atomic
def token_create(*, user, name: str, expires_on: date) -> tuple[ApiToken, str]:
    """A new read token for `user`; returns the token and its key, which is shown once."""
    if not permissions.can_hold_tokens(user):
        raise DomainError(_("Your account cannot hold API tokens."))
    today = timezone.localdate()
    if expires_on is None or expires_on < today:
        raise DomainError(_("Choose an expiry date from today on."))
    if expires_on > today + timedelta(days=MAX_TOKEN_DAYS):
        raise DomainError(ngettext(
            "A token is valid for at most %(days)d day.",
            "A token is valid for at most %(days)d days.", MAX_TOKEN_DAYS) % {
            "days": MAX_TOKEN_DAYS})
    # Lock the owner's row: two requests at once cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    active = selectors.tokens_of(user).filter(revoked_at__isnull=True,
                                              expires_at__gt=timezone.now()).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise DomainError(ngettext(
            "You have %(count)d active token already: revoke one first.",
            "You have %(count)d active tokens already: revoke one first.", active) % {
            "count": active})
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=(name or "").strip(), key_hash=selectors.key_hash(key),
                     prefix=key[:KEY_PREFIX_LENGTH], scope=Scope.READ,
                     expires_at=_end_of(expires_on))
    full_clean_or_raise(token)
    token.save()
    audit_log(actor=user, action="api_token.created", target=token,
              data={"expires_at": token.expires_at.isoformat()})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not permissions.can_revoke(actor, token):
        raise DomainError(_("You may revoke only your own tokens."))
    if token.revoked_at is not None:
        raise DomainError(_("This token has been revoked already."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action="api_token.revoked", target=token)
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Record when a token was last used, at most once a minute (one UPDATE, no lock)."""
    now = timezone.now()
    if token.last_used_at and (now - token.last_used_at).total_seconds() < (
            LAST_USED_RESOLUTION_SECONDS):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
