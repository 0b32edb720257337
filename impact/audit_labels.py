"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "impact.time_saved_logged": _("Time saved logged"),
    "impact.time_saved_corrected": _("Time saved corrected"),
    "impact.time_saved_removed": _("Time saved removed"),
    "impact.survey_created": _("Survey created"),
    "impact.survey_question_added": _("Survey question added"),
    "impact.survey_answered": _("Survey answered"),
    "impact.interview_recorded": _("Interview recorded"),
    "impact.objection_raised": _("Objection raised"),
    "impact.objection_considering": _("Objection under consideration"),
    "impact.objection_resolved": _("Objection resolved"),
    "impact.usage_import_started": _("Usage import started"),
    "impact.usage_import_retried": _("Usage import retried"),
    "impact.usage_import_failed": _("Usage import failed"),
    "impact.usage_imported": _("Usage imported"),
    "impact.import_files_removed": _("Stored import files removed"),
    "impact.retention_applied": _("Retention period applied"),
    "impact.progress_report_published": _("Progress report published"),
    "impact.licence_check_asked": _("Asked whether a licence is still used"),
    "impact.licence_check_kept": _("Licence kept after the question"),
    "impact.licence_check_released": _("Licence released after the question"),
}
