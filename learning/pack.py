"""The toolkit pack: measures, exclusion rules, standard journeys with their tasks, prompts,
toolkit pages, training templates and tips of the week as one versioned JSON file, so a new
municipality starts from another's experience (and from the starter pack the portal ships,
learning/starter_pack/nl.json, loaded by `manage.py load_starter_pack`).

Schema 1 (toolkit packs made before the starter pack) has standard journeys, prompts, measures
and exclusion rules, matched by title: what exists is kept, so a second import adds nothing.
Schema 2 adds the sections toolkit_pages, training_templates and weekly_tips, and per item an
optional stable `key` and `source`. An item with a key is remembered (PackItem: key and a hash of
the content as written). Loading a pack again leaves unchanged items alone; an item the pack
changed is updated only while its content here still matches the stored hash (nobody edited it);
edited or removed items are left alone and reported. The whole file is checked first and every
problem is reported with its place (row and field); a malformed file, or one of a newer schema
version, is refused whole.
"""

import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.constants import Visibility
from community.models import Prompt, WeeklyTip
from community.services import VARIABLE_RE
from customs import selectors as customs_selectors
from journeys import selectors as journey_selectors
from journeys.constants import StandardJourneyKind, TaskKind, Tool
from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.uploads import check_size

from .constants import PACK_FORMAT, PACK_SCHEMA_VERSION
from .models import PackItem, ToolkitPage
from .pack_kinds import KINDS, RULE_FLAGS, SECTIONS, _Kind, _Run, with_source
from .permissions import is_agency

__all__ = ["KINDS", "RULE_FLAGS", "SECTIONS", "PackError", "content_hash", "pack_export",
           "pack_export_json", "pack_import", "starter_pack_load", "with_source"]

TRAINING_SECTION = "Trainingen: sjablonen"
STARTER_PACK = Path(__file__).resolve().parent / "starter_pack" / "nl.json"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# Free-text limits the forms keep too: descriptions and bodies, prompts.
MAX_BODY = 5000
MAX_PROMPT = 10000


class PackError(DomainError):
    """A refused pack, with every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__(_("The toolkit pack was refused; nothing was imported."))
        self.problems = problems


def content_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


# --- Export ------------------------------------------------------------------------------

def _keys(kind: str) -> dict[int, PackItem]:
    return {i.object_id: i for i in PackItem.objects.filter(kind=kind)}


def _keyed(row: dict, item: PackItem | None) -> dict:
    if item is not None:
        row = {"key": item.key, **row}
        if item.source:
            row["source"] = item.source
    return row


def pack_export() -> dict:
    journeys = journey_selectors.standard_journeys(published_only=False).prefetch_related(
        "personas", "function_groups", "tasks")
    prompts = Prompt.objects.filter(is_published=True, visibility=Visibility.EVERYONE)\
        .select_related("persona", "function_group").order_by("title", "pk")
    keys = {kind: _keys(kind) for kind in SECTIONS}
    pages = list(ToolkitPage.objects.order_by("section", "order", "title", "pk"))
    templates = [p for p in pages if p.pk in keys["training_templates"]]
    return {
        "format": PACK_FORMAT,
        "schema_version": PACK_SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "pack": {"name": slugify(settings.REISBUREAU["MUNICIPALITY_NAME"])[:80] or "export",
                 # minutes since 1970: grows with every export, fits the database's integer
                 "version": int(timezone.now().timestamp() // 60)},
        "standard_journeys": [_keyed({
            "title": sj.title, "description": sj.description, "kind": sj.kind,
            "is_published": sj.is_published,
            "personas": sorted(p.name for p in sj.personas.all()),
            "function_groups": sorted(f.name for f in sj.function_groups.all()),
            "tasks": [{"work_task": t.work_task, "approach": t.approach, "tool": t.tool,
                       "prompts": t.prompts,
                       "expected_minutes_saved": t.expected_minutes_saved}
                      for t in sj.tasks.all()],
        }, keys["standard_journeys"].get(sj.pk)) for sj in journeys.order_by("title", "pk")],
        "prompts": [_keyed({
            "title": p.title, "text": p.text, "task_kind": p.task_kind, "tool": p.tool,
            "persona": p.persona.name if p.persona else "",
            "function_group": p.function_group.name if p.function_group else "",
        }, keys["prompts"].get(p.pk)) for p in prompts],
        "measures": [_keyed({"title": m.title, "description": m.description,
                             "is_active": m.is_active}, keys["measures"].get(m.pk))
                     for m in customs_selectors.measures()],
        "exclusion_rules": [_keyed({
            "title": r.title, "description": r.description, "keywords": r.keywords,
            "is_active": r.is_active, **{f: getattr(r, f) for f in RULE_FLAGS},
        }, keys["exclusion_rules"].get(r.pk)) for r in customs_selectors.exclusion_rules()],
        "toolkit_pages": [_keyed({"section": p.section, "title": p.title, "body": p.body,
                                  "order": p.order}, keys["toolkit_pages"].get(p.pk))
                          for p in pages if p not in templates],
        "training_templates": [_keyed({"section": p.section, "title": p.title, "body": p.body,
                                       "order": p.order}, keys["training_templates"].get(p.pk))
                               for p in templates],
        "weekly_tips": [_keyed({"title": t.title, "body": t.body},
                               keys["weekly_tips"].get(t.pk))
                        for t in WeeklyTip.objects.order_by("publish_on", "pk")],
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

    def number(self, row: dict, key: str, where: str) -> int:
        value = row.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
            self.fail(f"{where}.{key}", _("must be a whole number, zero or more."))
            return 0
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

    def identity(self, row: dict, where: str, seen: set) -> dict:
        """The optional stable key and source of a schema-2 item."""
        key = self.text(row, "key", where)
        if key and not KEY_RE.match(key):
            self.fail(f"{where}.key", _("use lower-case letters, digits and hyphens only."))
        elif key and key in seen:
            self.fail(f"{where}.key", _("is used twice in this section."))
        seen.add(key)
        return {"key": key, "source": self.text(row, "source", where, max_length=1000)}


def _check_journey(check: _Checker, row: dict, where: str) -> dict:
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
        tasks.append({"key": check.text(task, "key", tw),
                      "work_task": check.text(task, "work_task", tw, required=True,
                                              max_length=200),
                      "approach": check.text(task, "approach", tw, max_length=MAX_BODY),
                      "prompts": check.text(task, "prompts", tw, max_length=MAX_BODY),
                      "tool": tool, "expected_minutes_saved": minutes})
    if kind == StandardJourneyKind.EXCURSION and len(tasks) > 2:
        check.fail(f"{where}.tasks", _("an excursion has one or two tasks."))
    return {
        "title": check.text(row, "title", where, required=True, max_length=200),
        "description": check.text(row, "description", where, max_length=MAX_BODY),
        "kind": kind, "is_published": check.flag(row, "is_published", where),
        "personas": check.names(row, "personas", where),
        "function_groups": check.names(row, "function_groups", where), "tasks": tasks}


def _check_page(check: _Checker, row: dict, where: str, default_section: str = "") -> dict:
    section = check.text(row, "section", where, max_length=100) or default_section
    if not section:
        check.fail(f"{where}.section", _("is required."))
    return {"section": section,
            "title": check.text(row, "title", where, required=True, max_length=200),
            "body": check.text(row, "body", where, required=True, max_length=MAX_BODY),
            "order": check.number(row, "order", where)}


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
    meta = payload.get("pack") or {}
    if not isinstance(meta, dict):
        check.fail("pack", _("must be an object with a name and a version."))
        meta = {}
    pack_version = meta.get("version", 0)
    if not isinstance(pack_version, int) or isinstance(pack_version, bool) \
            or not 0 <= pack_version <= 2**31 - 1:
        check.fail("pack.version", _("must be a whole number, zero or more."))
        pack_version = 0
    clean = {"pack": {"name": check.text(meta, "name", "pack", max_length=100),
                      "version": pack_version}, **{s: [] for s in SECTIONS}}
    if version < 2:  # schema 1 had only these four sections
        for section in ("toolkit_pages", "training_templates", "weekly_tips"):
            payload = {k: v for k, v in payload.items() if k != section}

    def each(section: str, what: str):
        seen: set = set()
        for i, row in enumerate(check.rows(payload, section), start=1):
            where = f"{section}[{i}]"
            if not isinstance(row, dict):
                check.fail(where, what)
                continue
            yield row, where, check.identity(row, where, seen)

    for row, where, ident in each("standard_journeys", _("is not a standard journey.")):
        clean["standard_journeys"].append({**ident, **_check_journey(check, row, where)})
    task_refs = {f"{j['key']}/{t['key']}" for j in clean["standard_journeys"]
                 for t in j["tasks"] if j["key"] and t["key"]}
    for row, where, ident in each("prompts", _("is not a prompt.")):
        values = {"title": check.text(row, "title", where, required=True, max_length=200),
                  "text": check.text(row, "text", where, required=True, max_length=MAX_PROMPT),
                  "task_kind": check.text(row, "task_kind", where),
                  "tool": check.text(row, "tool", where),
                  "persona": check.text(row, "persona", where, max_length=120),
                  "function_group": check.text(row, "function_group", where, max_length=120),
                  "task": check.text(row, "task", where, max_length=201)}
        if values["task_kind"] and values["task_kind"] not in TaskKind.values:
            check.fail(f"{where}.task_kind", _("unknown kind of task."))
        if values["tool"] and values["tool"] not in Tool.values:
            check.fail(f"{where}.tool", _("unknown tool."))
        if values["task"] and values["task"] not in task_refs:
            check.fail(f"{where}.task", _("names no task of a standard journey in this pack."))
        if values["text"].count("{{") != len(VARIABLE_RE.findall(values["text"])):
            check.fail(f"{where}.text", _("a variable is written wrongly; write {{name}}."))
        clean["prompts"].append({**ident, **values})
    for row, where, ident in each("measures", _("is not a measure.")):
        clean["measures"].append({
            **ident, "title": check.text(row, "title", where, required=True, max_length=200),
            "description": check.text(row, "description", where, max_length=MAX_BODY),
            "is_active": check.flag(row, "is_active", where, default=True)})
    for row, where, ident in each("exclusion_rules", _("is not an exclusion rule.")):
        values = {"title": check.text(row, "title", where, required=True, max_length=200),
                  "description": check.text(row, "description", where, max_length=MAX_BODY),
                  "keywords": check.text(row, "keywords", where, max_length=500),
                  "is_active": check.flag(row, "is_active", where, default=True),
                  **{f: check.flag(row, f, where) for f in RULE_FLAGS}}
        if not values["keywords"] and not any(values[f] for f in RULE_FLAGS):
            check.fail(where, _("an exclusion rule needs a condition or a keyword."))
        clean["exclusion_rules"].append({**ident, **values})
    for row, where, ident in each("toolkit_pages", _("is not a toolkit page.")):
        clean["toolkit_pages"].append({**ident, **_check_page(check, row, where)})
    for row, where, ident in each("training_templates", _("is not a training template.")):
        clean["training_templates"].append(
            {**ident, **_check_page(check, row, where, TRAINING_SECTION)})
    for row, where, ident in each("weekly_tips", _("is not a tip.")):
        clean["weekly_tips"].append({
            **ident, "title": check.text(row, "title", where, required=True, max_length=200),
            "body": check.text(row, "body", where, required=True, max_length=MAX_BODY)})
    if check.problems:
        raise PackError(check.problems)
    return clean


def _leave(run: _Run, kind: _Kind, title: str, reason: str) -> None:
    run.counts[kind.section]["left_alone"] += 1
    run.left_alone.append({"section": kind.section, "title": title, "reason": reason})


def _load_row(run: _Run, kind: _Kind, row: dict) -> None:
    values = kind.values(row)
    new_hash = content_hash(values)
    counts = run.counts[kind.section]
    key, pack_name, pack_version = row.get("key"), run.pack["name"], run.pack["version"]
    item = PackItem.objects.filter(kind=kind.section, key=key).first() if key else None
    if item is not None:
        obj = kind.model.objects.filter(pk=item.object_id).first()
        if obj is None:
            _leave(run, kind, values["title"], _("removed here; not loaded again."))
        elif item.content_hash == new_hash:
            counts["unchanged"] += 1
        elif item.pack == pack_name and pack_version < item.pack_version:
            _leave(run, kind, values["title"], _("a newer version of the pack was loaded "
                                                 "already."))
        elif content_hash(kind.current(obj)) != item.content_hash:
            _leave(run, kind, values["title"], _("edited here since it was loaded; not "
                                                 "updated."))
        else:
            try:
                with transaction.atomic():
                    kind.update(run, obj, values)
            except DomainError as exc:
                _leave(run, kind, values["title"], exc.message)
                return
            item.content_hash, item.pack, item.pack_version = new_hash, pack_name, pack_version
            item.source = row.get("source", "")
            item.save()
            counts["updated"] += 1
        return
    existing = kind.find(values)
    if existing is not None:
        if key and content_hash(kind.current(existing)) == new_hash:
            # The same content arrived by another way (an older pack, by hand): remember it.
            PackItem.objects.create(kind=kind.section, key=key, object_id=existing.pk,
                                    content_hash=new_hash, pack=pack_name,
                                    pack_version=pack_version, source=row.get("source", ""))
            counts["unchanged"] += 1
        else:
            counts["kept"] += 1
        return
    try:
        obj = kind.create(run, values)
    except DomainError as exc:
        raise PackError([f"{kind.section}: {values['title']}: {exc.message}"]) from None
    if key:
        PackItem.objects.create(kind=kind.section, key=key, object_id=obj.pk,
                                content_hash=new_hash, pack=pack_name,
                                pack_version=pack_version, source=row.get("source", ""))
    counts["created"] += 1


def _first_free_monday(today: date) -> date:
    """Tips start on the Monday after next: a week to read them before the first goes out."""
    return today + timedelta(days=(7 - today.weekday()) + 7)


# --- Import ------------------------------------------------------------------------------

def pack_import(*, actor: User, data: bytes, tips_from: date | None = None) -> dict:
    """All of the pack or nothing, in one transaction. Returns what was added, updated and
    kept, and which items were left alone because they were edited or removed here."""
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
    run = _Run(actor=actor, pack=clean["pack"],
               tips_from=tips_from or _first_free_monday(timezone.localdate()))
    with transaction.atomic():
        for kind in KINDS:
            for row in clean[kind.section]:
                _load_row(run, kind, row)
        counts = run.counts
        result = {
            **{s: counts[s]["created"] for s in SECTIONS},
            "kept": sum(c["kept"] + c["unchanged"] + c["left_alone"] for c in counts.values()),
            "updated": sum(c["updated"] for c in counts.values()),
            "pack": clean["pack"], "counts": counts, "left_alone": run.left_alone,
        }
        audit_log(actor=actor, action="toolkit.pack_imported", target=actor,
                  data={"pack": clean["pack"], "counts": counts})
        return result


def starter_pack_load(*, actor: User, path: Path | None = None,
                      tips_from: date | None = None) -> dict:
    """The starter pack the portal ships (or another pack file) loaded as a toolkit pack."""
    return pack_import(actor=actor, data=Path(path or STARTER_PACK).read_bytes(),
                       tips_from=tips_from)
