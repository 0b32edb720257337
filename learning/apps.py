from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from community import navigation
        from reisbureau import privacy

        from . import privacy as learning_privacy

        privacy.register("learning", export=learning_privacy.export,
                         anonymise=learning_privacy.anonymise)
        navigation.register_link("learning:trainings", _("Trainings"))
        navigation.register_link("learning:promptathons", _("Promptathons"))
        navigation.register_link("learning:key_users", _("Key users"))
        navigation.register_link("learning:toolkit", _("Toolkit"))
