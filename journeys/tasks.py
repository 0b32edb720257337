from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def create_due_evaluations() -> dict:
    """Daily: create the three-month evaluations that are due and remind the open ones weekly.

    Safe to run twice: a journey has one evaluation (OneToOne) and a reminder is sent at most
    once a week per evaluation.
    """
    created = services.evaluations_create_due()
    reminded = services.evaluations_remind()
    return {"created": created, "reminded": reminded}
