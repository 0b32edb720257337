from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.navigation import EVERYONE, NavItem


class AlgoritmeregisterConfig(AppConfig):
    """The published register of AI uses in the Algoritmeregister publication standard, above
    customs: one entry per task customs cleared, completed and published by officers."""

    name = "algoritmeregister"
    verbose_name = _("Algorithm register")
    nav_items = (NavItem("algoritmeregister:index", _("Algorithm register"), EVERYONE,
                         order=46),)

    def ready(self):
        from customs import navigation
        from reisbureau import privacy

        from . import privacy as register_privacy
        from .permissions import MANAGERS

        privacy.register("algoritmeregister", export=register_privacy.export,
                         covers=register_privacy.COVERS)
        navigation.register_link("algoritmeregister:manage", _("Publication"), MANAGERS)

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()
