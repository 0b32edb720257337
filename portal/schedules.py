"""Every periodic job of the portal, collected from the apps.

Each app declares its jobs as `schedules` on its AppConfig (name -> Celery beat entry);
django-celery-beat's DatabaseScheduler copies them into its tables when beat starts, so
administrators see (and may pause or re-time) them under /admin/django_celery_beat/.
"""

import functools

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@functools.cache
def _collected() -> dict:
    schedule = {}
    for config in apps.get_app_configs():
        for name, entry in getattr(config, "schedules", {}).items():
            if name in schedule:
                raise ImproperlyConfigured(f"Two apps declare the periodic job {name!r}.")
            schedule[name] = entry
    return schedule


def beat_schedule() -> dict:
    """The whole schedule (a copy: callers may not change the apps' declarations)."""
    return dict(_collected())
