from django.db import models
from django.utils.translation import gettext_lazy as _

# A token lives at most this long; the owner picks the expiry date on the token page.
MAX_TOKEN_DAYS = 365
DEFAULT_TOKEN_DAYS = 90
# Active tokens a person may hold at once.
MAX_ACTIVE_TOKENS = 10
# The key's last-used time is written at most this often (a GET through the API stays cheap).
LAST_USED_RESOLUTION_SECONDS = 60
KEY_PREFIX_LENGTH = 8


class Scope(models.TextChoices):
    READ = "read", _("Read")
