from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import (
    AgencyStaffing,
    AuditEntry,
    Department,
    FunctionGroup,
    LicenceAssignment,
    LicencePool,
    LicenceWaitlistEntry,
    MunicipalitySettings,
    Notification,
    Persona,
    SsoMapping,
    TeamsChannel,
    TeamsMessage,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "department", "function_group",
                    "is_key_user", "is_active"]
    list_filter = ["is_active", "is_staff", "groups", "department", "function_group"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["department", "function_group"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Organisation"), {"fields": ("department", "function_group", "manager", "personas",
                                         "is_key_user")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ["groups", "user_permissions", "personas"]
    raw_id_fields = ["manager"]


@admin.register(SsoMapping)
class SsoMappingAdmin(admin.ModelAdmin):
    """"Group X → role adviser", "claim department = Ruimte → department Ruimte"."""

    list_display = ["claim", "value", "role", "department", "function_group",
                    "allow_portal_only_role"]
    list_select_related = ["department", "function_group"]
    list_filter = ["claim", "role"]
    search_fields = ["claim", "value"]


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdmin):
    search_fields = ["name"]


@admin.register(FunctionGroup, Persona)
class CatalogueAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(LicencePool)
class LicencePoolAdmin(admin.ModelAdmin):
    list_display = ["size", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LicenceAssignment)
class LicenceAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "assigned_at", "assigned_by"]
    list_select_related = ["user", "assigned_by"]
    readonly_fields = ["user", "assigned_at", "assigned_by"]
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False  # through the licence page, which respects the pool and waiting list


@admin.register(LicenceWaitlistEntry)
class LicenceWaitlistAdmin(admin.ModelAdmin):
    list_display = ["user", "requested_at", "reason"]
    list_select_related = ["user"]


@admin.register(AgencyStaffing)
class AgencyStaffingAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "hours_per_week"]
    list_select_related = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited or deleted, not even here."""

    list_display = ["created_at", "actor_display", "action", "target_display"]
    list_select_related = ["actor", "target_type"]
    list_filter = ["action"]
    search_fields = ["actor__email", "actor__last_name", "action", "target_repr"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """A record of what happened (a confirmation, a published report): shown, never added,
    changed or deleted here. The domain apps register theirs with it."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MunicipalitySettingsAdminForm(forms.ModelForm):
    class Meta:
        model = MunicipalitySettings
        fields = ["name", "logo"]
        widgets = {"logo": forms.FileInput}  # the service replaces a logo, never clears it

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError(_("Enter the name of the municipality."))
        return name

    def clean_logo(self):
        from django.core.files.uploadedfile import UploadedFile

        from .uploads import clean_upload

        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new file; the stored one was checked before
            return clean_upload(logo, kind="image")
        return logo


@admin.register(MunicipalitySettings)
class MunicipalitySettingsAdmin(admin.ModelAdmin):
    """One row, as on the first-start page: saved through the same service (audit trail, the
    cached name refreshed, the logo checked as an image). Never deleted."""

    form = MunicipalitySettingsAdminForm
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not MunicipalitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from . import services

        logo = form.cleaned_data.get("logo") if "logo" in form.changed_data else None
        saved = services.municipality_settings_save(actor=request.user, name=obj.name,
                                                    logo=logo or None)
        obj.pk = saved.pk


@admin.register(TeamsChannel)
class TeamsChannelAdmin(admin.ModelAdmin):
    """Read here; changed on the agency's Teams page (which checks and encrypts the URL)."""

    list_display = ["name", "webhook_hint", "active", "created_at"]
    fields = ["name", "webhook_hint", "events", "active", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(TeamsMessage)
class TeamsMessageAdmin(admin.ModelAdmin):
    list_display = ["title", "channel", "event", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "event", "channel"]
    list_select_related = ["channel"]
    fields = ["channel", "event", "key", "title", "state", "attempts", "next_attempt_at",
              "last_error", "created_at", "sent_at", "card"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
