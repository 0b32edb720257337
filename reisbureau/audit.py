"""The audit trail: one call records who did what to which object. Entries are append-only."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit_log(*, actor, action: str, target=None, data: dict | None = None) -> AuditEntry:
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
    entry.save()
    return entry
