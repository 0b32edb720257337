"""Admin pages the wiring adds for records of the domain apps.

A traveller's confirmation that they read a task's measures is a record: shown to
administrators, never added, changed or deleted in the admin.
"""

from django.contrib import admin

from journeys.models import MeasureAcknowledgement
from reisbureau.admin import ReadOnlyRecordAdmin


@admin.register(MeasureAcknowledgement)
class MeasureAcknowledgementAdmin(ReadOnlyRecordAdmin):
    list_display = ["task", "traveller", "acknowledged_at"]
    list_select_related = ["task", "traveller"]
    search_fields = ["traveller__email", "task__work_task"]
