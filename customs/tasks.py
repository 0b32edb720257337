from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def run_customs_sessions() -> dict:
    """Daily: keep the next session planned, carry overdue submissions, remind officers.

    Safe to run twice: a session date is unique and a session is reminded once.
    """
    return services.sessions_run()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def queue_rereviews() -> dict:
    """Daily: put tasks whose clearance aged or whose tool changed back on the agenda.

    Safe to run twice: a task has at most one open submission (a unique constraint).
    """
    return services.rereviews_queue()
