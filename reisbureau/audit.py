"""The audit trail: one call records who did what to which object. Entries are append-only.

The trail stores no personal data, so it never needs rewriting: the actor is a user id and is
named when the entry is shown (an anonymised employee then shows as "geanonimiseerde medewerker
#N"); the object is a content type, an id and a description that names nobody. A model whose
`__str__` names a person gives a name-free `audit_label()`; an employee as object is described
by id only. Callers put ids, not e-mail addresses or names, in `data`.
"""

import functools
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

SYSTEM_LABEL = "systeem"


def audit_target_label(target) -> str:
    if isinstance(target, get_user_model()):
        return ""
    label = getattr(target, "audit_label", None)
    return str(label() if callable(label) else target)[:255]


def audit_entry(*, actor, action: str, target=None, data: dict | None = None) -> AuditEntry:
    """An unsaved entry; `audit_log` saves one, `audit_log_many` inserts many at once."""
    has_actor = actor is not None and actor.pk
    entry = AuditEntry(
        actor=actor if has_actor else None,
        actor_label="" if has_actor else SYSTEM_LABEL,
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = audit_target_label(target)
    return entry


def audit_log(*, actor, action: str, target=None, data: dict | None = None) -> AuditEntry:
    entry = audit_entry(actor=actor, action=action, target=target, data=data)
    entry.save()
    return entry


def audit_log_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Insert entries built with `audit_entry` in one statement (the batch jobs' trail).

    Inserting is all the append-only trail allows anyway; the database trigger refuses only
    updates and deletes.
    """
    return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def attach_target_users(entries) -> list[AuditEntry]:
    """Fetch, in one query, the employees that a page of entries has as object, so
    `entry.target_display` names them without a query per row."""
    entries = list(entries)
    user_model = get_user_model()
    user_type = ContentType.objects.get_for_model(user_model)
    ids = {e.target_id for e in entries if e.target_type_id == user_type.pk and e.target_id}
    users = {str(u.pk): u for u in user_model.objects.filter(pk__in=[i for i in ids
                                                                      if i.isdigit()])}
    for entry in entries:
        if entry.target_type_id == user_type.pk:
            entry._target_user = users.get(entry.target_id)
    return entries


# --- What each action code means, in words -------------------------------------------------
# Each app (the core too) keeps the labels of its own action codes in `<app>/audit_labels.py`
# as `LABELS = {"task.adopted": gettext_lazy("Task adopted"), ...}`; the core collects them
# without naming any app. The audit page shows the label, the CSV keeps the code.

@functools.cache
def action_labels() -> dict:
    labels = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.audit_labels"
        if find_spec(config.name) is None or find_spec(name) is None:
            continue
        labels.update(getattr(import_module(name), "LABELS", {}))
    return labels


def action_label(code: str) -> str:
    """The action in words; an unknown code is shown as it is."""
    label = action_labels().get(code)
    return str(label) if label is not None else code
