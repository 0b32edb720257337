from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReisbureauConfig(AppConfig):
    name = "reisbureau"
    verbose_name = _("Agency")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        # Every app's post_migrate, not just ours: feature apps' permissions are created after the
        # core has migrated, and the last app's signal sees them all. The sync is idempotent.
        post_migrate.connect(roles.sync_role_permissions_handler,
                             dispatch_uid="reisbureau-sync-role-permissions")
