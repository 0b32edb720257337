from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")

    def ready(self):
        from django.db.models.signals import post_migrate

        from reisbureau import capacity, roles

        from . import selectors

        capacity.register(served_counter=selectors.served_now,
                          adviser_load=selectors.adviser_load)
        # The core syncs role permissions after its own migrate, before this app's permissions
        # exist; sync again once they do.
        post_migrate.connect(roles.sync_role_permissions_handler, sender=self,
                             dispatch_uid="journeys-sync-role-permissions")
