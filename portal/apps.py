from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.navigation import EVERYONE, NavItem


class PortalConfig(AppConfig):
    """The wiring above every app: settings, root URLs, the Celery app, the start page and
    `seed_demo`. It collects what each app contributes on its AppConfig: `nav_items`,
    `role_permissions`, `schedules`, `home_panels` and `seed_demo()`."""

    name = "portal"
    verbose_name = _("Portal")
    nav_items = (
        NavItem("home", _("My agency"), EVERYONE, order=0),
        NavItem("admin:index", _("Administration"), EVERYONE, staff_only=True, order=100),
    )

    def ready(self):
        from .celery import app
        from .schedules import beat_schedule

        # Beat reads the schedule after Django is set up (the Django fix-up of Celery sets it up
        # first), so every app's declaration is there.
        app.conf.beat_schedule = beat_schedule()
