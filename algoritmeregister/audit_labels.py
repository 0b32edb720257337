"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "register.entry_created": _("Register entry drafted from a customs clearance"),
    "register.entry_updated": _("Register entry edited"),
    "register.entry_ready": _("Register entry marked ready for publication"),
    "register.entry_published": _("Register entry published"),
    "register.entry_withdrawn": _("Register entry withdrawn from publication"),
    "register.entry_reopened": _("Register entry back to draft"),
}
