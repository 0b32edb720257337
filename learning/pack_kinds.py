"""How each section of a toolkit pack maps onto its model and the app's services: the content
as written (hashed to tell an edited item from an unedited one), the same content as it is now,
and create and update through the services so their rules hold."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from community.constants import Visibility
from community.models import Prompt, WeeklyTip
from community.services import prompt_create, prompt_update, tip_save
from customs import services as customs_services
from customs.models import ExclusionRule, Measure
from journeys import services as journey_services
from journeys.models import StandardJourney
from reisbureau.exceptions import DomainError
from reisbureau.models import FunctionGroup, Persona, User
from reisbureau.services import catalogue_save

from .models import ToolkitPage
from .services import toolkit_page_save

RULE_FLAGS = ("when_social_domain", "when_special_categories", "when_affects_decisions",
              "when_private_device")
SECTIONS = ("measures", "exclusion_rules", "standard_journeys", "prompts", "toolkit_pages",
            "training_templates", "weekly_tips")


def with_source(text: str, source: str) -> str:
    """The text with its source as a last line "Bron: …" (once), where the model has no field."""
    text = (text or "").strip()
    line = f"Bron: {source}" if source else ""
    if not line or line in text:
        return text
    return f"{text}\n\n{line}" if text else line


def _catalogue(model, name: str, actor: User):
    if not name:
        return None
    return model.objects.filter(name__iexact=name).first() or catalogue_save(
        model=model, actor=actor, name=name)


# --- Loading, one kind at a time ---------------------------------------------------------

@dataclass
class _Run:
    actor: User
    pack: dict
    tips_from: date
    counts: dict = field(default_factory=lambda: {
        s: {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "left_alone": 0}
        for s in SECTIONS})
    left_alone: list = field(default_factory=list)
    _taken_weeks: set | None = None

    def next_tip_date(self) -> date:
        if self._taken_weeks is None:
            self._taken_weeks = {t.isocalendar()[:2] for t in WeeklyTip.objects.filter(
                publish_on__gte=self.tips_from - timedelta(days=7))
                .values_list("publish_on", flat=True)}
        day = self.tips_from
        while day.isocalendar()[:2] in self._taken_weeks:
            day += timedelta(days=7)
        self._taken_weeks.add(day.isocalendar()[:2])
        return day


class _Kind(ABC):
    """How one pack section maps onto its model and the app's services."""

    section: str
    model = None

    @abstractmethod
    def values(self, row: dict) -> dict:  # the content as it will be written
        ...

    @abstractmethod
    def current(self, obj) -> dict:  # the same content as it is now
        ...

    def find(self, values: dict):
        return self.model.objects.filter(title__iexact=values["title"]).first()

    @abstractmethod
    def create(self, run: _Run, values: dict):
        ...

    @abstractmethod
    def update(self, run: _Run, obj, values: dict) -> None:
        ...


class _Measures(_Kind):
    section, model = "measures", Measure

    def values(self, row):
        return {"title": row["title"], "is_active": row["is_active"],
                "description": with_source(row["description"], row.get("source", ""))}

    def current(self, obj):
        return {"title": obj.title, "description": obj.description, "is_active": obj.is_active}

    def create(self, run, values):
        customs_services.catalogue_import(actor=run.actor, measures=[values], rules=[])
        return self.find(values)

    def update(self, run, obj, values):
        customs_services.measure_save(actor=run.actor, measure=obj, **values)


class _Rules(_Kind):
    section, model = "exclusion_rules", ExclusionRule

    def values(self, row):
        return {"title": row["title"], "keywords": row["keywords"],
                "is_active": row["is_active"], **{f: row[f] for f in RULE_FLAGS},
                "description": with_source(row["description"], row.get("source", ""))}

    def current(self, obj):
        return {f: getattr(obj, f) for f in ("title", "description", "keywords", "is_active",
                                             *RULE_FLAGS)}

    def create(self, run, values):
        customs_services.catalogue_import(actor=run.actor, measures=[], rules=[values])
        return self.find(values)

    def update(self, run, obj, values):
        values = dict(values)
        customs_services.exclusion_rule_save(actor=run.actor, rule=obj,
                                             title=values.pop("title"), **values)


class _Journeys(_Kind):
    section, model = "standard_journeys", StandardJourney
    TASK_FIELDS = ("work_task", "approach", "tool", "prompts", "expected_minutes_saved")

    def values(self, row):
        return {"title": row["title"], "kind": row["kind"], "is_published": row["is_published"],
                "description": with_source(row["description"], row.get("source", "")),
                "personas": sorted(row["personas"]),
                "function_groups": sorted(row["function_groups"]),
                "tasks": [{f: t[f] for f in self.TASK_FIELDS} for t in row["tasks"]]}

    def current(self, obj):
        return {"title": obj.title, "kind": obj.kind, "is_published": obj.is_published,
                "description": obj.description,
                "personas": sorted(p.name for p in obj.personas.all()),
                "function_groups": sorted(f.name for f in obj.function_groups.all()),
                "tasks": [{f: getattr(t, f) for f in self.TASK_FIELDS} for t in obj.tasks.all()]}

    def _save(self, run, values, obj=None):
        return journey_services.standard_journey_save(
            actor=run.actor, standard_journey=obj, title=values["title"],
            description=values["description"], kind=values["kind"],
            is_published=values["is_published"], tasks=values["tasks"],
            personas=[_catalogue(Persona, n, run.actor) for n in values["personas"]],
            function_groups=[_catalogue(FunctionGroup, n, run.actor)
                             for n in values["function_groups"]])

    def create(self, run, values):
        return self._save(run, values)

    def update(self, run, obj, values):
        self._save(run, values, obj)


class _Prompts(_Kind):
    section, model = "prompts", Prompt
    FIELDS = ("title", "text", "task_kind", "tool")

    def values(self, row):
        # The source stays in the pack and its PackItem: a "Bron:" line in the prompt would be
        # sent to the AI tool with every use.
        return {**{f: row[f] for f in self.FIELDS}, "persona": row["persona"],
                "function_group": row["function_group"]}

    def current(self, obj):
        return {**{f: getattr(obj, f) for f in self.FIELDS},
                "persona": obj.persona.name if obj.persona else "",
                "function_group": obj.function_group.name if obj.function_group else ""}

    def find(self, values):
        return Prompt.objects.filter(title__iexact=values["title"], is_published=True,
                                     visibility=Visibility.EVERYONE).first()

    def _fields(self, run, values):
        return {**values, "persona": _catalogue(Persona, values["persona"], run.actor),
                "function_group": _catalogue(FunctionGroup, values["function_group"],
                                             run.actor)}

    def create(self, run, values):
        return prompt_create(author=run.actor, publish=True, visibility=Visibility.EVERYONE,
                             **self._fields(run, values))

    def update(self, run, obj, values):
        prompt_update(prompt=obj, actor=run.actor, **self._fields(run, values))


class _Pages(_Kind):
    section, model = "toolkit_pages", ToolkitPage

    def values(self, row):
        return {"section": row["section"], "title": row["title"], "order": row["order"],
                "body": with_source(row["body"], row.get("source", ""))}

    def current(self, obj):
        return {"section": obj.section, "title": obj.title, "order": obj.order,
                "body": obj.body}

    def create(self, run, values):
        return toolkit_page_save(actor=run.actor, **values)

    def update(self, run, obj, values):
        toolkit_page_save(actor=run.actor, page=obj, **values)


class _Templates(_Pages):
    section = "training_templates"


class _Tips(_Kind):
    section, model = "weekly_tips", WeeklyTip

    def values(self, row):
        return {"title": row["title"], "body": with_source(row["body"], row.get("source", ""))}

    def current(self, obj):
        return {"title": obj.title, "body": obj.body}

    def create(self, run, values):
        return tip_save(actor=run.actor, publish_on=run.next_tip_date(), **values)

    def update(self, run, obj, values):
        if obj.published_at:
            raise DomainError(_("This tip has been sent already."))
        tip_save(actor=run.actor, tip=obj, publish_on=obj.publish_on, **values)


KINDS = (_Measures(), _Rules(), _Journeys(), _Prompts(), _Pages(), _Templates(), _Tips())
