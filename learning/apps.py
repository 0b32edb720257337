from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.constants import Role
from reisbureau.navigation import HomePanel
from reisbureau.roles import perms

_LEARNING_MODELS = ["trainingsession", "trainingregistration", "promptathon",
                    "promptathonchallenge", "promptathonteam", "teammembership",
                    "promptathonsubmission", "promptathonvote", "keyuserprofile", "toolkitpage",
                    "training", "literacyrequirement"]


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")
    home_panels = (HomePanel(Role.TRAVELLER, "learning/home/traveller.html", order=35),)
    role_permissions = {
        Role.AGENCY_STAFF: perms("learning", _LEARNING_MODELS,
                                 ("view", "add", "change", "delete")),
    }

    def ready(self):
        from community import navigation
        from reisbureau import privacy

        from . import privacy as learning_privacy

        privacy.register("learning", export=learning_privacy.export,
                         anonymise=learning_privacy.anonymise, covers=learning_privacy.COVERS)
        navigation.register_link("learning:trainings", _("Trainings"))
        navigation.register_link("learning:promptathons", _("Promptathons"))
        navigation.register_link("learning:key_users", _("Key users"))
        navigation.register_link("learning:toolkit", _("Toolkit"))

        from reisbureau import calendar_feeds, setup_checks

        from . import calendar, selectors

        calendar_feeds.register("learning", calendar.feed_events)

        setup_checks.register("starter_pack", _("Starter pack loaded"),
                              selectors.starter_pack_loaded, "learning:pack_import", order=10)

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()
