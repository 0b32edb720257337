"""The audit trail's words for this app's action codes (collected by reisbureau.audit)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "calendar_feed.renewed": _("New calendar link made"),
    "agency.staffing_removed": _("Agency staffing removed"),
    "agency.staffing_saved": _("Agency staffing saved"),
    "licence.assigned": _("Licence assigned"),
    "licence.pool_resized": _("Licence pool resized"),
    "licence.released": _("Licence released"),
    "licence.waitlist_left": _("Left the licence waiting list"),
    "licence.waitlisted": _("Put on the licence waiting list"),
    "user.anonymised": _("Employee anonymised"),
    "user.created_by_sso": _("Employee created at first SSO sign-in"),
    "user.roles_changed": _("Roles changed"),
    "user.updated": _("Employee details changed"),
    "department.saved": _("Department saved"),
    "functiongroup.saved": _("Function group saved"),
    "persona.saved": _("Persona saved"),
    "people_import.uploaded": _("HR export uploaded"),
    "people_import.applied": _("HR export applied"),
    "user.imported": _("Employee created from the HR export"),
    "user.import_changed": _("Employee changed by the HR export"),
    "user.deactivated_by_import": _("Employee deactivated (missing from the HR export)"),
    "user.sso_mapped": _("Roles or department set from SSO"),
    "teams.channel_saved": _("Teams channel saved"),
    "teams.channel_removed": _("Teams channel removed"),
    "reisbureau.municipality_settings_changed": _("Municipality settings changed"),
}
