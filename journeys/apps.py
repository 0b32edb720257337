from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.constants import Role
from reisbureau.navigation import EVERYONE, HomePanel, NavItem
from reisbureau.roles import perms

_JOURNEY_MODELS = ["inventoryentry", "journey", "journeytraveller", "journeytask", "tasktest",
                   "journeyrequest", "evaluation", "evaluationtaskverdict", "travelreport",
                   "measureacknowledgement"]
_STANDARD_JOURNEYS = ["standardjourney", "standardtask"]


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")
    nav_items = (NavItem("journeys:index", _("Journeys"), EVERYONE, order=10),)
    role_permissions = {
        Role.ADVISER: (perms("journeys", _JOURNEY_MODELS, ("view", "add", "change"))
                       + perms("journeys", _STANDARD_JOURNEYS)),
        Role.AGENCY_STAFF: perms("journeys", _JOURNEY_MODELS + _STANDARD_JOURNEYS,
                                 ("view", "add", "change", "delete")),
    }
    home_panels = (
        HomePanel(Role.TRAVELLER, "journeys/home/traveller.html", order=10),
        HomePanel(Role.ADVISER, "journeys/home/adviser.html", order=20),
    )
    schedules = {
        "journeys-three-month-evaluations": {
            "task": "journeys.tasks.create_due_evaluations",
            "schedule": crontab(hour=6, minute=15),
            "options": {"expires": 60 * 60 * 12},
        },
    }

    def ready(self):
        from reisbureau import capacity, privacy

        from . import selectors, services

        capacity.register(served_counter=selectors.served_now,
                          adviser_load=selectors.adviser_load)
        _connect_capacity_signals(capacity.capacity_changed)
        privacy.register("journeys", export=selectors.personal_data,
                         anonymise=services.personal_data_anonymise,
                         covers=selectors.PERSONAL_DATA_COVERS)

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()


def _connect_capacity_signals(receiver) -> None:
    """Who is served now (the start page's cached capacity figures) changes with the journeys
    and their travellers: a saved or deleted journey or membership renews the figures."""
    from django.db.models.signals import post_delete, post_save

    from .models import Journey, JourneyTraveller

    for model in (Journey, JourneyTraveller):
        post_save.connect(receiver, sender=model,
                          dispatch_uid=f"capacity-save-{model._meta.label}")
        post_delete.connect(receiver, sender=model,
                            dispatch_uid=f"capacity-delete-{model._meta.label}")
