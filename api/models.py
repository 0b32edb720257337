from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Scope


class ApiToken(models.Model):
    """A personal API token: the key is shown once and only its SHA-256 is kept.

    A token reads what its owner may read on the pages (the API applies the same rules), never
    more; it stops working when it expires, is revoked, or its owner is deactivated.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=100)
    # Hex SHA-256 of the key; the key itself is never stored.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so the owner recognises which token is which.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices,
                             default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def audit_label(self) -> str:
        # The owner is in the entry as actor; the label names the token only.
        return f"API-sleutel {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
