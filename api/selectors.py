"""Every read of the api app: the caller's own tokens, and a token by its key."""

import hashlib

from .models import ApiToken


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key (any state), with its owner; None when no token has it."""
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
