from django.contrib import admin

from reisbureau.admin import ReadOnlyRecordAdmin

from .models import Interview, Objection, ProgressReport, Survey, SurveyQuestion, UsageImport


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "is_default", "is_open", "created_at"]
    inlines = [SurveyQuestionInline]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["target_label", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["target_type", "target_id", "raised_by"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["subject", "held_on", "interviewer"]


@admin.register(UsageImport)
class UsageImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "imported_records", "error_count", "created_at"]
    readonly_fields = ["errors"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyRecordAdmin):
    """Published reports keep their frozen figures: read here, published on the portal."""

    list_display = ["title", "period_start", "period_end", "published_at"]
    date_hierarchy = "published_at"
