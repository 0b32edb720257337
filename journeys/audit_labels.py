"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "evaluation.completed": _("Three-month evaluation completed"),
    "evaluation.reminded": _("Reminder for the three-month evaluation sent"),
    "inventory.entry_converted": _("Time-eater turned into a task"),
    "inventory.entry_created": _("Time-eater reported"),
    "journey.created": _("Journey created"),
    "journey.updated": _("Journey changed"),
    "journey.started": _("Journey started"),
    "journey.cancelled": _("Journey cancelled"),
    "journey.completed": _("Journey completed"),
    "journey.evaluation_started": _("Evaluation of the journey started"),
    "journey.joined": _("Traveller joined the journey"),
    "journey.left": _("Traveller left the journey"),
    "journey.traveller_added": _("Traveller added to the journey"),
    "journey.requested": _("Journey requested"),
    "journey.request_handled": _("Journey request handled"),
    "report.published": _("Travel report published"),
    "report.updated": _("Travel report changed"),
    "standard_journey.saved": _("Standard journey saved"),
    "standard_journey.passport_requested": _("Customs passport of a standard journey "
                                             "requested"),
    "standard_journey.passport_synced": _("Customs passport brought in line with its standard "
                                          "journey"),
    "task.passport_applied": _("Task cleared under its standard journey's customs passport"),
    "task.passport_decision": _("Customs decision on a standard journey reached the task"),
    "task.added": _("Task added"),
    "task.updated": _("Task changed"),
    "task.moved": _("Task moved"),
    "task.removed": _("Task removed"),
    "task.testing_started": _("Testing of the task started"),
    "task.adopted": _("Task adopted"),
    "task.dropped": _("Task dropped"),
    "task.test_recorded": _("Test recorded"),
    "task.measures_acknowledged": _("Measures of the task confirmed by a traveller"),
}
