from celery import shared_task

from . import activity, graph_usage, services


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1740)
def run_usage_import(usage_import_id: int) -> str:
    """Run one usage import. Safe to run twice and concurrently: a finished import or one that a
    live worker runs is left alone; one whose worker died is taken over (importer.claim). An
    import from Microsoft Graph first fetches its report (graph_usage.run)."""
    usage_import = graph_usage.run(usage_import_id)
    return usage_import.status if usage_import else "missing"


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1740)
def import_graph_usage() -> str:
    """Daily, when GRAPH_USAGE_IMPORT_ENABLED: import the Copilot usage report from Microsoft
    Graph through the usage importer. Does nothing when the import is switched off."""
    if not graph_usage.enabled():
        return "disabled"
    usage_import = services.graph_usage_import_start(actor=None)
    usage_import = graph_usage.run(usage_import.pk)
    return usage_import.status if usage_import else "missing"


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def sweep_pending_imports() -> int:
    """Every minute: queue the imports whose job never reached the broker (it was down) or got
    lost, and those whose worker died mid-run (importer.claim takes them over)."""
    ids = services.usage_imports_to_resume()
    for pk in ids:
        run_usage_import.delay(pk)
    services.usage_import_mark_queued(*ids)
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
    """Daily: interview notes and survey answers past the retention period are removed, and
    usage-import files and error lists past IMPORT_FILE_RETENTION_DAYS."""
    return services.retention_apply()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def queue_zero_saving_rereviews() -> int:
    """Daily: tested tasks on which no time saved was logged for ZERO_SAVING_WEEKS weeks since
    their first test go back on the customs agenda. Safe to run twice: once per task."""
    return services.zero_savings_back_to_customs()
