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
