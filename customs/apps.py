from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.constants import Role
from reisbureau.navigation import HomePanel, NavItem
from reisbureau.roles import perms

_CUSTOMS_CATALOGUE = ["measure", "exclusionrule"]
_CUSTOMS_RECORDS = ["submission", "customsdecision", "customssession", "toolchange",
                    "impactassessment", "decisionproposal", "officerprofile"]


class CustomsConfig(AppConfig):
    name = "customs"
    verbose_name = _("Customs")
    nav_items = (NavItem("customs:index", _("Customs"),
                         (Role.OFFICER, Role.ADVISER, Role.AGENCY_STAFF), order=20),
                 NavItem("customs:register", _("Register of AI applications"), (Role.COUNCIL,),
                         order=45))
    # Agency staff reach the audit trail from the agency menu too (the core names no app).
    agency_links = (NavItem("customs:audit", _("Audit trail"), (Role.AGENCY_STAFF,), order=10),)
    role_permissions = {
        Role.OFFICER: (perms("customs", _CUSTOMS_CATALOGUE, ("view", "add", "change"))
                       + perms("customs", _CUSTOMS_RECORDS)),
        Role.AGENCY_STAFF: (perms("customs", _CUSTOMS_CATALOGUE + ["customssession"])
                            # Who is the privacy officer and who the security officer.
                            + perms("customs", ["officerprofile"],
                                    ("view", "add", "change", "delete"))),
    }
    home_panels = (
        HomePanel(Role.ADVISER, "customs/home/adviser.html", order=30),
        HomePanel(Role.OFFICER, "customs/home/officer.html", order=10),
    )
    schedules = {
        "customs-sessions": {
            "task": "customs.tasks.run_customs_sessions",
            "schedule": crontab(hour=6, minute=30),
            "options": {"expires": 60 * 60 * 12},
        },
        "customs-rereviews": {
            "task": "customs.tasks.queue_rereviews",
            "schedule": crontab(hour=6, minute=45),
            "options": {"expires": 60 * 60 * 12},
        },
    }

    def ready(self):
        from reisbureau import privacy

        from . import privacy as customs_privacy

        privacy.register("customs", export=customs_privacy.export,
                         covers=customs_privacy.COVERS)

        from reisbureau import calendar_feeds, setup_checks

        from . import exports, selectors

        calendar_feeds.register("customs", exports.feed_events)

        setup_checks.register("officers", _("Privacy/security officers appointed"),
                              selectors.officers_appointed, "reisbureau:people", order=30)
        setup_checks.register("first_session", _("First customs session planned"),
                              selectors.any_session_planned, "customs:index", order=40)

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()
