from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def publish_weekly_tip() -> dict:
    """Weekly: publish the week's tip and send it to the travellers who want it.

    Safe to run twice: a tip is published once and each traveller gets it once (TipDelivery is
    unique per tip and traveller).
    """
    return services.tips_publish_due()
