from django.contrib import admin

from .models import (
    CustomsDecision,
    CustomsSession,
    DecisionProposal,
    ExclusionRule,
    ImpactAssessment,
    Measure,
    OfficerProfile,
    Submission,
    ToolChange,
)


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title",)


@admin.register(ExclusionRule)
class ExclusionRuleAdmin(admin.ModelAdmin):
    list_display = ("title", "is_active", "keywords")
    list_filter = ("is_active",)


@admin.register(CustomsSession)
class CustomsSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "reminded_at")
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """Read-only: submissions come from the adviser's questionnaire and the jobs."""

    list_display = ("__str__", "status", "proposed_risk", "session", "is_overdue")
    list_filter = ("status", "proposed_risk", "is_overdue")
    list_select_related = ("session",)


@admin.register(CustomsDecision)
class CustomsDecisionAdmin(ReadOnlyAdmin):
    """A decision is never edited or deleted, not even here: a new one supersedes it."""

    list_display = ("decided_at", "decision", "officer", "task")
    list_filter = ("decision",)
    list_select_related = ("officer", "task")
    readonly_fields = [f.name for f in CustomsDecision._meta.fields]


@admin.register(ToolChange)
class ToolChangeAdmin(admin.ModelAdmin):
    """Read-only: a recorded change is part of the customs record."""

    list_display = ["announced_at", "tool", "announced_by", "tasks_queued"]
    list_select_related = ["announced_by"]
    readonly_fields = ["tool", "description", "announced_by", "announced_at", "tasks_queued"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    """Agency staff name each officer's specialism: privacy or security (four eyes on a
    high-risk task needs one of each)."""

    list_display = ("user", "specialism")
    list_filter = ("specialism",)
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    search_fields = ("user__email", "user__first_name", "user__last_name")


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(ReadOnlyAdmin):
    """Read-only: officers and owners update an assessment on the submission page (audited)."""

    list_display = ("__str__", "kind", "status", "owner", "due_date")
    list_filter = ("kind", "status")
    list_select_related = ("submission", "owner")


@admin.register(DecisionProposal)
class DecisionProposalAdmin(ReadOnlyAdmin):
    """Read-only: the first officer's proposal on a high-risk task and what the second did."""

    list_display = ("proposed_at", "decision", "officer", "status", "reviewed_by")
    list_filter = ("status", "decision")
    list_select_related = ("officer", "reviewed_by", "submission")
