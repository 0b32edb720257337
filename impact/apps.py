from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from journeys import selectors as journey_selectors

        from . import registry

        def resolve_task(user, pk):
            return journey_selectors.tasks_visible_to(user).filter(pk=pk).first()

        def task_choices(user):
            return [(t.pk, f"{t.work_task} ({t.journey.title})")
                    for t in journey_selectors.tasks_visible_to(user)[:300]]

        registry.register_target(registry.TargetKind(
            key="task", label=_("Task"), resolve=resolve_task, choices=task_choices))
