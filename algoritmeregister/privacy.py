"""The register's part of the AVG export. Nothing is anonymised: who marked an entry ready,
published or withdrew it is the municipality's accountability record (the public register and
its exports never name them)."""

from django.db.models import Q

from .models import RegisterEntry

COVERS = {
    "algoritmeregister.RegisterEntry.ready_by": "register_entries",
    "algoritmeregister.RegisterEntry.published_by": "register_entries",
    "algoritmeregister.RegisterEntry.withdrawn_by": "register_entries",
}


def export(user) -> dict:
    entries = RegisterEntry.objects.filter(
        Q(ready_by=user) | Q(published_by=user) | Q(withdrawn_by=user)).order_by("pk")
    return {"register_entries": [
        {"entry": e.pk, "name": e.name,
         "marked_ready_at": e.ready_at.isoformat() if e.ready_by_id == user.pk and e.ready_at
         else None,
         "published_at": e.published_at.isoformat()
         if e.published_by_id == user.pk and e.published_at else None,
         "withdrawn_at": e.withdrawn_at.isoformat()
         if e.withdrawn_by_id == user.pk and e.withdrawn_at else None}
        for e in entries]}
