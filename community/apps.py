from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from reisbureau import privacy

        from . import privacy as community_privacy

        privacy.register("community", export=community_privacy.export,
                         anonymise=community_privacy.anonymise, covers=community_privacy.COVERS)
