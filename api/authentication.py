"""Personal API tokens in the `Authorization` header: `Token <key>` (or `Bearer <key>`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from . import selectors, services

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(BaseAuthentication):
    """A revoked, expired or unknown key, or one whose owner left, is refused with 401: the
    same answer for each, so the refusal says nothing about which keys exist."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Give the header as “Authorization: Token <key>”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This API token is not valid, has expired or has been "
                                         "revoked.")) from None
        token = selectors.token_for_key(key)
        if token is None or not token.is_active or not token.user.is_active:
            raise AuthenticationFailed(_("This API token is not valid, has expired or has been "
                                         "revoked."))
        services.token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
