"""The api app's part of the AVG export and of forgetting a departed employee."""

from .models import ApiToken

COVERS = {"api.ApiToken.user": "api_tokens"}


def export(user) -> dict:
    # Never the key (it is not stored) nor its hash.
    return {"api_tokens": [
        {"name": t.name, "starts_with": t.prefix, "scope": t.scope,
         "created_at": t.created_at.isoformat(), "expires_at": t.expires_at.isoformat(),
         "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
         "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
        for t in ApiToken.objects.filter(user=user).order_by("created_at", "pk")]}


def anonymise(user) -> None:
    ApiToken.objects.filter(user=user).delete()
