"""Every periodic job of the portal, declared in one place.

django-celery-beat's DatabaseScheduler copies these entries into its tables when beat starts, so
administrators see (and may pause or re-time) them under /admin/django_celery_beat/.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "notifications-outbox-sweep": {
        "task": "reisbureau.tasks.send_pending_notifications",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    "journeys-three-month-evaluations": {
        "task": "journeys.tasks.create_due_evaluations",
        "schedule": crontab(hour=6, minute=15),
        "options": {"expires": 60 * 60 * 12},
    },
    "customs-sessions": {
        "task": "customs.tasks.run_customs_sessions",
        "schedule": crontab(hour=6, minute=30),
        "options": {"expires": 60 * 60 * 12},
    },
    "customs-rereviews": {
        "task": "customs.tasks.queue_rereviews",
        "schedule": crontab(hour=6, minute=45),
        "options": {"expires": 60 * 60 * 12},
    },
    "community-weekly-tip": {
        "task": "community.tasks.publish_weekly_tip",
        "schedule": crontab(day_of_week=1, hour=8, minute=0),
        "options": {"expires": 60 * 60 * 12},
    },
    "impact-survey-dispatch": {
        "task": "impact.tasks.dispatch_surveys",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 60 * 60 * 12},
    },
    "impact-weekly-rollups": {
        "task": "impact.tasks.rebuild_rollups",
        "schedule": crontab(minute=20),
        "options": {"expires": 60 * 50},
    },
    "impact-import-sweep": {
        # Every minute: an import whose job missed the broker, or whose worker died, starts
        # again within a minute or two of Redis coming back (or of the lease running out).
        "task": "impact.tasks.sweep_pending_imports",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    "sessions-clear-expired": {
        "task": "reisbureau.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=45),
        "options": {"expires": 60 * 60 * 12},
    },
    "impact-retention": {
        "task": "impact.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 60 * 60 * 12},
    },
}
