"""How many travellers the agency serves now.

The agency core cannot import journeys (journeys depends on it), so journeys registers its
counter here when it loads. Until a counter is registered, licence holders count as served.
"""

from collections.abc import Callable

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
