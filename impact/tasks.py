from celery import shared_task

from . import activity, importer, services
from .constants import ImportStatus
from .models import UsageImport


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1740)
def run_usage_import(usage_import_id: int) -> str:
    """Run one usage import. Safe to run twice: a started import is not started again."""
    return importer.run(usage_import_id).status


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def sweep_pending_imports() -> int:
    """Imports whose job never reached the broker (it was down) start now."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(minutes=5)
    ids = list(UsageImport.objects.filter(status=ImportStatus.PENDING, created_at__lte=cutoff)
               .values_list("pk", flat=True)[:10])
    for pk in ids:
        run_usage_import.delay(pk)
    return len(ids)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def dispatch_surveys() -> dict:
    """Daily: invite travellers one and three months after their journey started; remind once.

    Safe to run twice: one invitation per survey, traveller, journey and wave (unique), and a
    reminder is sent at most once.
    """
    return {"sent": services.surveys_dispatch(), "reminded": services.surveys_remind()}


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1740)
def rebuild_rollups(full: bool = False) -> int:
    """Keep the roll-ups the dashboards read (weekly time saved, monthly activity). Safe to
    run twice."""
    weeks = services.rollup_rebuild(full=full).weeks
    activity.rebuild(full=full)
    return weeks


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def apply_retention() -> dict:
    """Daily: interview notes and survey answers past the retention period are removed."""
    return services.retention_apply()
