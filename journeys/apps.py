from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")

    def ready(self):
        from reisbureau import capacity

        from . import selectors

        capacity.register(served_counter=selectors.served_now,
                          adviser_load=selectors.adviser_load)
