"""The toolkit pack: standard journeys, prompts, the customs measure catalogue and exclusion
rules as one versioned JSON file, so a new municipality starts from another's experience.

Import matches by natural key (titles and names, case-insensitive) and keeps what exists, so a
second import adds nothing. The whole file is checked first and every problem is reported with
its place (row and field); a malformed file, or one of a newer schema version, is refused whole.
"""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.constants import Visibility
from community.models import Prompt
from community.services import prompt_create
from customs import selectors as customs_selectors
from customs import services as customs_services
from journeys import selectors as journey_selectors
from journeys import services as journey_services
from journeys.constants import StandardJourneyKind, TaskKind, Tool
from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.models import FunctionGroup, Persona, User
from reisbureau.services import catalogue_save
from reisbureau.uploads import check_size

from .constants import PACK_FORMAT, PACK_SCHEMA_VERSION
from .permissions import is_agency

RULE_FLAGS = ("when_social_domain", "when_special_categories", "when_affects_decisions",
              "when_private_device")


class PackError(DomainError):
    """A refused pack, with every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__(_("The toolkit pack was refused; nothing was imported."))
        self.problems = problems


# --- Export ------------------------------------------------------------------------------

def pack_export() -> dict:
    journeys = journey_selectors.standard_journeys(published_only=False).prefetch_related(
        "personas", "function_groups", "tasks")
    prompts = Prompt.objects.filter(is_published=True, visibility=Visibility.EVERYONE)\
        .select_related("persona", "function_group").order_by("title", "pk")
    return {
        "format": PACK_FORMAT,
        "schema_version": PACK_SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "standard_journeys": [{
            "title": sj.title, "description": sj.description, "kind": sj.kind,
            "is_published": sj.is_published,
            "personas": sorted(p.name for p in sj.personas.all()),
            "function_groups": sorted(f.name for f in sj.function_groups.all()),
            "tasks": [{"work_task": t.work_task, "approach": t.approach, "tool": t.tool,
                       "prompts": t.prompts,
                       "expected_minutes_saved": t.expected_minutes_saved}
                      for t in sj.tasks.all()],
        } for sj in journeys.order_by("title", "pk")],
        "prompts": [{
            "title": p.title, "text": p.text, "task_kind": p.task_kind, "tool": p.tool,
            "persona": p.persona.name if p.persona else "",
            "function_group": p.function_group.name if p.function_group else "",
        } for p in prompts],
        "measures": [{"title": m.title, "description": m.description, "is_active": m.is_active}
                     for m in customs_selectors.measures()],
        "exclusion_rules": [{
            "title": r.title, "description": r.description, "keywords": r.keywords,
            "is_active": r.is_active, **{f: getattr(r, f) for f in RULE_FLAGS},
        } for r in customs_selectors.exclusion_rules()],
    }


def pack_export_json() -> str:
    return json.dumps(pack_export(), ensure_ascii=False, indent=2)


# --- Checking ----------------------------------------------------------------------------

class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, row: dict, key: str, where: str, *, required=False, max_length=None) -> str:
        value = row.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", _("must be text."))
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"{where}.{key}", _("is required."))
        if max_length and len(value) > max_length:
            self.fail(f"{where}.{key}", _("is longer than %(max)s characters.")
                      % {"max": max_length})
        return value

    def flag(self, row: dict, key: str, where: str, default=False) -> bool:
        value = row.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", _("must be true or false."))
            return default
        return value

    def names(self, row: dict, key: str, where: str) -> list[str]:
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{where}.{key}", _("must be a list of names."))
            return []
        return [v.strip() for v in value if v.strip()]

    def rows(self, payload: dict, key: str) -> list:
        value = payload.get(key, [])
        if not isinstance(value, list):
            self.fail(key, _("must be a list."))
            return []
        return value


def _check(payload) -> dict:
    check = _Checker()
    if not isinstance(payload, dict) or payload.get("format") != PACK_FORMAT:
        raise PackError([_("The file is not a toolkit pack of the Reisbureau.")])
    version = payload.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PackError([_("schema_version: is missing or not a whole number.")])
    if version > PACK_SCHEMA_VERSION:
        raise PackError([_("schema_version %(found)s is newer than this portal understands "
                           "(%(known)s). Update the portal first.")
                         % {"found": version, "known": PACK_SCHEMA_VERSION}])
    if version < 1:
        raise PackError([_("schema_version: unknown version.")])
    clean = {"standard_journeys": [], "prompts": [], "measures": [], "exclusion_rules": []}
    for i, row in enumerate(check.rows(payload, "standard_journeys"), start=1):
        where = f"standard_journeys[{i}]"
        if not isinstance(row, dict):
            check.fail(where, _("is not a standard journey."))
            continue
        kind = row.get("kind")
        if kind not in StandardJourneyKind.values:
            check.fail(f"{where}.kind", _("unknown kind."))
        tasks = []
        raw_tasks = row.get("tasks")
        if not isinstance(raw_tasks, list) or not raw_tasks:
            check.fail(f"{where}.tasks", _("a standard journey needs at least one task."))
            raw_tasks = []
        for j, task in enumerate(raw_tasks, start=1):
            tw = f"{where}.tasks[{j}]"
            if not isinstance(task, dict):
                check.fail(tw, _("is not a task."))
                continue
            tool = task.get("tool") or Tool.CHAT
            if tool not in Tool.values:
                check.fail(f"{tw}.tool", _("unknown tool."))
            minutes = task.get("expected_minutes_saved", 0)
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
                check.fail(f"{tw}.expected_minutes_saved", _("must be a whole number of "
                                                             "minutes, zero or more."))
                minutes = 0
            tasks.append({"work_task": check.text(task, "work_task", tw, required=True,
                                                  max_length=200),
                          "approach": check.text(task, "approach", tw),
                          "prompts": check.text(task, "prompts", tw),
                          "tool": tool, "expected_minutes_saved": minutes})
        if kind == StandardJourneyKind.EXCURSION and len(tasks) > 2:
            check.fail(f"{where}.tasks", _("an excursion has one or two tasks."))
        clean["standard_journeys"].append({
            "title": check.text(row, "title", where, required=True, max_length=200),
            "description": check.text(row, "description", where), "kind": kind,
            "is_published": check.flag(row, "is_published", where),
            "personas": check.names(row, "personas", where),
            "function_groups": check.names(row, "function_groups", where), "tasks": tasks})
    for i, row in enumerate(check.rows(payload, "prompts"), start=1):
        where = f"prompts[{i}]"
        if not isinstance(row, dict):
            check.fail(where, _("is not a prompt."))
            continue
        values = {"title": check.text(row, "title", where, required=True, max_length=200),
                  "text": check.text(row, "text", where, required=True),
                  "task_kind": check.text(row, "task_kind", where),
                  "tool": check.text(row, "tool", where),
                  "persona": check.text(row, "persona", where, max_length=120),
                  "function_group": check.text(row, "function_group", where, max_length=120)}
        if values["task_kind"] and values["task_kind"] not in TaskKind.values:
            check.fail(f"{where}.task_kind", _("unknown kind of task."))
        if values["tool"] and values["tool"] not in Tool.values:
            check.fail(f"{where}.tool", _("unknown tool."))
        clean["prompts"].append(values)
    for i, row in enumerate(check.rows(payload, "measures"), start=1):
        where = f"measures[{i}]"
        if not isinstance(row, dict):
            check.fail(where, _("is not a measure."))
            continue
        clean["measures"].append({
            "title": check.text(row, "title", where, required=True, max_length=200),
            "description": check.text(row, "description", where),
            "is_active": check.flag(row, "is_active", where, default=True)})
    for i, row in enumerate(check.rows(payload, "exclusion_rules"), start=1):
        where = f"exclusion_rules[{i}]"
        if not isinstance(row, dict):
            check.fail(where, _("is not an exclusion rule."))
            continue
        values = {"title": check.text(row, "title", where, required=True, max_length=200),
                  "description": check.text(row, "description", where),
                  "keywords": check.text(row, "keywords", where, max_length=500),
                  "is_active": check.flag(row, "is_active", where, default=True),
                  **{f: check.flag(row, f, where) for f in RULE_FLAGS}}
        if not values["keywords"] and not any(values[f] for f in RULE_FLAGS):
            check.fail(where, _("an exclusion rule needs a condition or a keyword."))
        clean["exclusion_rules"].append(values)
    if check.problems:
        raise PackError(check.problems)
    return clean


def _catalogue(model, name: str, actor: User):
    if not name:
        return None
    return model.objects.filter(name__iexact=name).first() or catalogue_save(
        model=model, actor=actor, name=name)


# --- Import ------------------------------------------------------------------------------

def pack_import(*, actor: User, data: bytes) -> dict:
    """All of the pack or nothing, in one transaction. Returns what was added and kept."""
    if not is_agency(actor):
        raise DomainError(_("Only agency staff import a toolkit pack."))
    try:
        check_size(len(data), kind="json")
    except DomainError as exc:
        raise PackError([exc.message]) from None
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PackError([_("The file is not valid JSON.")]) from None
    clean = _check(payload)
    with transaction.atomic():
        for row in clean["standard_journeys"]:
            row["personas"] = [_catalogue(Persona, n, actor) for n in row["personas"]]
            row["function_groups"] = [_catalogue(FunctionGroup, n, actor)
                                      for n in row["function_groups"]]
        journeys = journey_services.standard_journey_import(
            actor=actor, rows=clean["standard_journeys"])
        prompts = {"created": 0, "skipped": 0}
        for row in clean["prompts"]:
            if Prompt.objects.filter(title__iexact=row["title"], is_published=True,
                                     visibility=Visibility.EVERYONE).exists():
                prompts["skipped"] += 1
                continue
            row["persona"] = _catalogue(Persona, row["persona"], actor)
            row["function_group"] = _catalogue(FunctionGroup, row["function_group"], actor)
            prompt_create(author=actor, publish=True, visibility=Visibility.EVERYONE, **row)
            prompts["created"] += 1
        catalogue = customs_services.catalogue_import(
            actor=actor, measures=clean["measures"], rules=clean["exclusion_rules"])
        result = {
            "standard_journeys": journeys["created"], "prompts": prompts["created"],
            "measures": catalogue["measures"], "exclusion_rules": catalogue["rules"],
            "kept": journeys["skipped"] + prompts["skipped"] + catalogue["skipped"],
        }
        audit_log(actor=actor, action="toolkit.pack_imported", target=actor, data=result)
        return result
