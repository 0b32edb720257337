from django.contrib import admin

from reisbureau.admin import ReadOnlyRecordAdmin

from .models import (
    Evaluation,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    JourneyTraveller,
    MeasureAcknowledgement,
    StandardJourney,
    StandardTask,
    TravelReport,
)


class StandardTaskInline(admin.TabularInline):
    model = StandardTask
    extra = 0


@admin.register(StandardJourney)
class StandardJourneyAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "is_published")
    list_filter = ("kind", "is_published")
    inlines = [StandardTaskInline]


class JourneyTravellerInline(admin.TabularInline):
    model = JourneyTraveller
    extra = 0
    raw_id_fields = ("traveller",)


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ("title", "adviser", "status", "started_at", "is_open")
    list_filter = ("status", "is_open")
    search_fields = ("title",)
    raw_id_fields = ("adviser",)
    inlines = [JourneyTravellerInline]


@admin.register(JourneyTask)
class JourneyTaskAdmin(admin.ModelAdmin):
    """Read-only: task states change through the journeys services (and customs)."""

    list_display = ("work_task", "journey", "status")
    list_filter = ("status", "tool")
    search_fields = ("work_task",)

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(InventoryEntry, list_display=("title", "employee", "minutes_per_week",
                                                  "kind"), raw_id_fields=("employee",
                                                                          "recorded_by"))
admin.site.register(JourneyRequest, list_display=("traveller", "status", "created_at"))
admin.site.register(Evaluation, list_display=("journey", "due_on", "completed_at"))
admin.site.register(TravelReport, list_display=("title", "author", "published_at"))


@admin.register(MeasureAcknowledgement)
class MeasureAcknowledgementAdmin(ReadOnlyRecordAdmin):
    """A traveller's confirmation that they read a task's measures is a record: shown to
    administrators, never added, changed or deleted in the admin."""

    list_display = ["task", "traveller", "acknowledged_at"]
    list_select_related = ["task", "traveller"]
    search_fields = ["traveller__email", "task__work_task"]
