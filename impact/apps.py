from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.constants import Role
from reisbureau.navigation import EVERYONE, HomePanel, NavItem
from reisbureau.roles import perms

_IMPACT_MODELS = ["timesaving", "weeklyrollup", "survey", "surveyquestion", "surveyinvitation",
                  "interview", "objection", "usageimport"]


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")
    nav_items = (NavItem("impact:index", _("Impact"), EVERYONE, order=40),)
    role_permissions = {
        Role.ADVISER: perms("impact", ["interview"], ("view", "add")),
        Role.OFFICER: perms("impact", ["objection"], ("view", "change")),
        Role.MANAGER: perms("impact", ["weeklyrollup", "survey", "progressreport"]),
        Role.AGENCY_STAFF: perms("impact", _IMPACT_MODELS + ["progressreport"],
                                 ("view", "add", "change")),
        # The College and the Raad: the aggregated figures and the published reports only.
        Role.COUNCIL: perms("impact", ["weeklyrollup", "progressreport"]),
    }
    home_panels = (
        HomePanel(Role.TRAVELLER, "impact/home/traveller.html", order=30),
        HomePanel(Role.MANAGER, "impact/home/manager.html", order=20),
        HomePanel(Role.COUNCIL, "impact/home/council.html", order=10),
    )
    schedules = {
        "impact-zero-saving-rereviews": {
            # After customs' own re-review job (06:45), before the officers' working day.
            "task": "impact.tasks.queue_zero_saving_rereviews",
            "schedule": crontab(hour=7, minute=0),
            "options": {"expires": 60 * 60 * 12},
        },
        "impact-survey-dispatch": {
            "task": "impact.tasks.dispatch_surveys",
            "schedule": crontab(hour=7, minute=30),
            "options": {"expires": 60 * 60 * 12},
        },
        "impact-weekly-rollups": {
            "task": "impact.tasks.rebuild_rollups",
            "schedule": crontab(minute=20),
            "options": {"expires": 60 * 50},
        },
        "impact-import-sweep": {
            # Every minute: an import whose job missed the broker, or whose worker died, starts
            # again within a minute or two of Redis coming back (or of the lease running out).
            "task": "impact.tasks.sweep_pending_imports",
            "schedule": crontab(minute="*"),
            "options": {"expires": 50},
        },
        "impact-retention": {
            "task": "impact.tasks.apply_retention",
            "schedule": crontab(hour=3, minute=15),
            "options": {"expires": 60 * 60 * 12},
        },
    }

    def seed_demo(self):
        from .demo import seed_demo

        seed_demo()

    def ready(self):
        from django.conf import settings

        from journeys import selectors as journey_selectors

        if settings.GRAPH_USAGE_IMPORT_ENABLED:
            # Daily, before the working day: the Copilot usage report from Microsoft Graph
            # (impact/graph_usage.py), through the usage importer.
            self.schedules = {**self.schedules, "impact-graph-usage-import": {
                "task": "impact.tasks.import_graph_usage",
                "schedule": crontab(hour=5, minute=40),
                "options": {"expires": 60 * 60 * 12},
            }}

        from . import registry

        def resolve_task(user, pk):
            return journey_selectors.tasks_visible_to(user).filter(pk=pk).first()

        def task_choices(user):
            return [(t.pk, f"{t.work_task} ({t.journey.title})")
                    for t in journey_selectors.tasks_visible_to(user)[:300]]

        registry.register_target(registry.TargetKind(
            key="task", label=_("Task"), resolve=resolve_task, choices=task_choices))
        _register_community_and_customs(registry)

        from reisbureau import privacy

        from . import privacy as impact_privacy
        from . import services

        privacy.register("impact", export=impact_privacy.export,
                         anonymise=services.personal_data_anonymise,
                         forget=services.usage_imports_forget,
                         covers=impact_privacy.COVERS)


def _register_community_and_customs(registry):
    """Impact reads customs, community and learning (never the other way round): objections on
    prompts and board posts, and their indicators for the governance report."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    from community import permissions as community_permissions
    from community import selectors as community_selectors
    from community.models import Prompt, Topic
    from customs import selectors as customs_selectors

    def resolve_prompt(user, pk):
        return community_permissions.prompts.visible(user, Prompt.objects.all()).filter(
            pk=pk).first()

    def prompt_choices(user):
        return [(p.pk, p.title) for p in community_permissions.prompts.visible(
            user, Prompt.objects.all()).order_by("-created_at")[:300]]

    def resolve_post(user, pk):
        return community_permissions.topics.visible(user, Topic.objects.all()).filter(
            pk=pk).first()

    def post_choices(user):
        return [(t.pk, t.title) for t in community_permissions.topics.visible(
            user, Topic.objects.all()).order_by("-created_at")[:300]]

    registry.register_target(registry.TargetKind(
        key="prompt", label=_("Prompt"), resolve=resolve_prompt, choices=prompt_choices))
    registry.register_target(registry.TargetKind(
        key="post", label=_("Community post"), resolve=resolve_post, choices=post_choices))

    def customs_sessions():
        summary = customs_selectors.sessions_held_summary(today=timezone.localdate())
        if not summary["held"]:
            return gettext("no sessions held in the last six months")
        text = ngettext("%(held)s session in the last six months",
                        "%(held)s sessions in the last six months", summary["held"]) % summary
        text += ", " + ngettext("%(decisions)s decision", "%(decisions)s decisions",
                                summary["decisions"]) % summary
        if summary["largest_gap_days"]:
            text += "; " + ngettext("largest gap %(days)s day", "largest gap %(days)s days",
                                    summary["largest_gap_days"]) % {
                "days": summary["largest_gap_days"]}
        return text

    def community_activity():
        counts = community_selectors.activity_summary(
            since=timezone.now() - timedelta(days=90))
        return gettext("last 90 days: %(activity)s") % {"activity": ", ".join([
            ngettext("%(topics)s topic", "%(topics)s topics", counts["topics"]) % counts,
            ngettext("%(replies)s reply", "%(replies)s replies", counts["replies"]) % counts,
            ngettext("%(prompts)s prompt shared", "%(prompts)s prompts shared",
                     counts["prompts"]) % counts])}

    from learning import selectors as learning_selectors
    from learning.constants import RegistrationStatus
    from learning.models import TrainingRegistration, TrainingSession

    def trainings():
        held = TrainingSession.objects.filter(ends_at__lt=timezone.now()).count()
        attended = TrainingRegistration.objects.filter(
            status=RegistrationStatus.ATTENDED).count()
        return ", ".join([
            ngettext("%(held)s training session held", "%(held)s training sessions held",
                     held) % {"held": held},
            ngettext("%(attended)s attendance", "%(attended)s attendances",
                     attended) % {"attended": attended}])

    def literacy_coverage():
        totals = learning_selectors.literacy_coverage_counts()
        if not totals["total"]:
            return gettext("no employees yet")
        return gettext("%(percent)s%% of employees trained (AI Act article 4)") % {
            "percent": round(100 * totals["trained"] / totals["total"])}

    registry.register_indicator("customs_sessions", customs_sessions)
    registry.register_indicator("community_activity", community_activity)
    registry.register_indicator("trainings", trainings)
    registry.register_indicator("literacy_coverage", literacy_coverage)
