"""The audit trail: one call records who did what to which object. Entries are append-only."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit_entry(*, actor, action: str, target=None, data: dict | None = None) -> AuditEntry:
    """An unsaved entry; `audit_log` saves one, `audit_log_many` inserts many at once."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.email if actor is not None and actor.pk else "systeem"),
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
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
