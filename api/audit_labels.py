"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
}
