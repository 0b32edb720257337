from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomsConfig(AppConfig):
    name = "customs"
    verbose_name = _("Customs")

    def ready(self):
        from reisbureau import privacy

        from . import privacy as customs_privacy

        privacy.register("customs", export=customs_privacy.export,
                         covers=customs_privacy.COVERS)
