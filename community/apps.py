from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.constants import Role
from reisbureau.navigation import EVERYONE, HomePanel, NavItem
from reisbureau.roles import perms

_COMMUNITY_MODELS = ["prompt", "promptversion", "topic", "reply", "weeklytip", "promptvote",
                     "promptfavourite", "topicfollow", "postreport", "tipdelivery",
                     "communityprofile"]


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    nav_items = (NavItem("community:index", _("Community"), EVERYONE, order=30),)
    role_permissions = {
        Role.AGENCY_STAFF: perms("community", _COMMUNITY_MODELS,
                                 ("view", "add", "change", "delete")),
    }
    home_panels = (HomePanel(Role.TRAVELLER, "community/home/traveller.html", order=40),)
    schedules = {
        "community-weekly-tip": {
            "task": "community.tasks.publish_weekly_tip",
            "schedule": crontab(day_of_week=1, hour=8, minute=0),
            "options": {"expires": 60 * 60 * 12},
        },
    }

    def ready(self):
        from reisbureau import privacy

        from . import privacy as community_privacy

        privacy.register("community", export=community_privacy.export,
                         anonymise=community_privacy.anonymise, covers=community_privacy.COVERS)

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()
