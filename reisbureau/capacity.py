"""How many travellers the agency serves now.

The agency core cannot import journeys (journeys depends on it), so journeys registers its
counter here when it loads. Until a counter is registered, licence holders count as served.

The start page shows these figures agency-wide to advisers, managers and agency staff; it reads
them through `cached_for_start_page`, at most CAPACITY_CACHE_SECONDS old and renewed as soon as
licences, the staffing or (connected by journeys) who is served change: `capacity_changed`.
"""

from collections.abc import Callable

from django.conf import settings

from .cache import VersionedCache

_START_PAGE = VersionedCache("capacity-v1", settings.REISBUREAU["CAPACITY_CACHE_SECONDS"])

_served_counter: Callable[[], int] | None = None
_adviser_load: Callable[[], dict[int, int]] | None = None
_licences_in_use: Callable[[], int] | None = None


def register(*, served_counter: Callable[[], int], adviser_load: Callable[[], dict[int, int]]):
    global _served_counter, _adviser_load
    _served_counter, _adviser_load = served_counter, adviser_load


def served_now() -> int:
    if _served_counter is not None:
        return _served_counter()
    from .models import LicenceAssignment

    return LicenceAssignment.objects.count()


def adviser_load() -> dict[int, int]:
    """Travellers served now per adviser (user id)."""
    return _adviser_load() if _adviser_load is not None else {}


def register_licences_in_use(counter: Callable[[], int]):
    """Impact counts the licence holders with recent activity (the core knows no usage)."""
    global _licences_in_use
    _licences_in_use = counter


def licences_in_use() -> int | None:
    """Licence holders with recent activity; None until an app registered a counter."""
    return _licences_in_use() if _licences_in_use is not None else None


def cached_for_start_page(compute: Callable):
    """compute() from the cache, or computed and kept (with Redis down: computed)."""
    return _START_PAGE.get_or_compute((), compute)


def capacity_changed(**kwargs) -> None:
    """A signal receiver: the start page computes its capacity figures again."""
    _START_PAGE.bump()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import AgencyStaffing, LicenceAssignment, LicencePool, LicenceWaitlistEntry

    for model in (LicenceAssignment, LicenceWaitlistEntry, LicencePool, AgencyStaffing):
        post_save.connect(capacity_changed, sender=model,
                          dispatch_uid=f"capacity-save-{model._meta.label}")
        post_delete.connect(capacity_changed, sender=model,
                            dispatch_uid=f"capacity-delete-{model._meta.label}")
