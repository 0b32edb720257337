"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "customs.submitted": _("Task submitted to customs"),
    "customs.decided": _("Customs decision recorded"),
    "customs.carried_over": _("Submission carried over to the next session"),
    "customs.rereview_queued": _("Task put back on the agenda for a re-review"),
    "customs.session_planned": _("Customs session planned"),
    "customs.session_reminded": _("Officers reminded of the customs session"),
    "customs.tool_changed": _("Change of a tool recorded"),
    "customs.measure_saved": _("Measure saved"),
    "customs.measure_imported": _("Measure imported"),
    "customs.exclusion_rule_saved": _("Exclusion rule saved"),
    "customs.exclusion_rule_imported": _("Exclusion rule imported"),
    "customs.assessment_required": _("DPIA or IAMA recorded as a to-do"),
    "customs.assessment_updated": _("DPIA or IAMA updated"),
    "customs.decision_proposed": _("Decision proposed, waiting for the second officer"),
    "customs.decision_objected": _("Second officer objected to a proposed decision"),
    "customs.retest_reopened": _("Dropped task reopened for a new test after a tool change"),
}
