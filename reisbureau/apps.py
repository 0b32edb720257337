from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReisbureauConfig(AppConfig):
    name = "reisbureau"
    verbose_name = _("Agency")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.sync_role_permissions_handler, sender=self)
