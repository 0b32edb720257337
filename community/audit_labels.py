"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "community.tips_preference": _("Preference for weekly tips changed"),
    "post.hidden": _("Post hidden by a moderator"),
    "post.reported": _("Post reported"),
    "post.report_dismissed": _("Report of a post dismissed"),
    "prompt.created": _("Prompt created"),
    "prompt.forked": _("Prompt copied and adapted"),
    "prompt.imported": _("Prompt imported"),
    "prompt.published": _("Prompt published"),
    "prompt.withdrawn": _("Prompt withdrawn"),
    "prompt.updated": _("Prompt changed"),
    "tip.published": _("Weekly tip published"),
    "tip.saved": _("Weekly tip saved"),
    "topic.created": _("Topic started"),
    "topic.replied": _("Reply posted"),
    "topic.answer_accepted": _("Answer accepted"),
}
