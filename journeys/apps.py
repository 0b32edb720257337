from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")

    def ready(self):
        from reisbureau import capacity, privacy

        from . import selectors, services

        capacity.register(served_counter=selectors.served_now,
                          adviser_load=selectors.adviser_load)
        privacy.register("journeys", export=selectors.personal_data,
                         anonymise=services.personal_data_anonymise,
                         covers=selectors.PERSONAL_DATA_COVERS)
