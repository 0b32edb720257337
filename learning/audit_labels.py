"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "literacy.requirement_deleted": _("Literacy requirement removed"),
    "literacy.requirement_saved": _("Literacy requirement saved"),
    "key_user.appointed": _("Key user appointed"),
    "key_user.dismissed": _("Key user dismissed"),
    "promptathon.created": _("Promptathon created"),
    "promptathon.submitted": _("Promptathon entry submitted"),
    "promptathon.team_created": _("Promptathon team formed"),
    "promptathon.team_joined": _("Joined a promptathon team"),
    "promptathon.voted": _("Vote cast in a promptathon"),
    "promptathon.winners_published": _("Promptathon winners published"),
    "toolkit.pack_imported": _("Starter pack imported"),
    "toolkit.page_saved": _("Toolkit page saved"),
    "training.saved": _("Training saved"),
    "training.offer_saved": _("Training on offer saved"),
    "training.cancelled": _("Training cancelled"),
    "training.registered": _("Registered for a training"),
    "training.moved_up": _("Moved up from the training waiting list"),
    "training.attendance_recorded": _("Training attendance recorded"),
}
