from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .constants import Role
from .navigation import HomePanel, NavItem
from .roles import CORE_ROLE_PERMISSIONS


class ReisbureauConfig(AppConfig):
    name = "reisbureau"
    verbose_name = _("Agency")
    nav_items = (NavItem("reisbureau:capacity", _("The agency"), (Role.AGENCY_STAFF,), order=90),)
    role_permissions = CORE_ROLE_PERMISSIONS
    home_panels = (
        HomePanel(Role.TRAVELLER, "reisbureau/home/traveller.html", order=20),
        HomePanel(Role.ADVISER, "reisbureau/home/adviser.html", order=10),
        HomePanel(Role.OFFICER, "reisbureau/home/officer.html", order=20),
        HomePanel(Role.MANAGER, "reisbureau/home/manager.html", order=10),
        HomePanel(Role.AGENCY_STAFF, "reisbureau/home/agency.html", order=10),
    )
    schedules = {
        # Every minute: once the broker is back, an e-mail it refused goes out at the next run.
        "notifications-outbox-sweep": {
            "task": "reisbureau.tasks.send_pending_notifications",
            "schedule": crontab(minute="*"),
            "options": {"expires": 50},
        },
        # Every minute: Teams messages whose job was lost, or whose retry is due.
        "teams-outbox-sweep": {
            "task": "reisbureau.tasks.sweep_teams_messages",
            "schedule": crontab(minute="*"),
            "options": {"expires": 50},
        },
        "people-imports-sweep": {
            "task": "reisbureau.tasks.sweep_people_imports",
            "schedule": crontab(minute="*"),
            "options": {"expires": 50},
        },
        "sessions-clear-expired": {
            "task": "reisbureau.tasks.clear_expired_sessions",
            "schedule": crontab(hour=3, minute=45),
            "options": {"expires": 60 * 60 * 12},
        },
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import auth_backends, capacity, roles

        # Any change to roles or permissions renews every user's cached permission set; any
        # change to licences or staffing the start page's capacity figures.
        auth_backends.connect_signals()
        capacity.connect_signals()
        # Every app's post_migrate, not just ours: feature apps' permissions are created after the
        # core has migrated, and the last app's signal sees them all. The sync is idempotent.
        post_migrate.connect(roles.sync_role_permissions_handler,
                             dispatch_uid="reisbureau-sync-role-permissions")

        from . import setup_checks

        setup_checks.register("people", _("People imported or sign-in through SSO configured"),
                              setup_checks.people_imported_or_sso_configured,
                              "reisbureau:people", order=20)

    def seed_demo(self):
        from .demo import seed_core

        seed_core()
