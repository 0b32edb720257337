"""Batching for the periodic jobs: they work through large tables a batch at a time.

A job reads a batch of rows (by primary key, `pk > last`, never OFFSET), does that batch's work
in a fixed number of set-based queries and moves on, so its queries grow with the number of
batches, not rows, and its memory holds one batch. `REISBUREAU["JOB_BATCH_SIZE"]` sets the size
(tests make it small to cross batch boundaries with little data).
"""

from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import transaction

DEFAULT_BATCH_SIZE = 2000


def batch_size() -> int:
    return int(settings.REISBUREAU.get("JOB_BATCH_SIZE", DEFAULT_BATCH_SIZE))


def chunks(items: list, size: int | None = None) -> Iterator[list]:
    size = size or batch_size()
    for start in range(0, len(items), size):
        yield items[start:start + size]


def in_batches(queryset, work: Callable[[list], int], *,
               lock: Callable[[], object] | None = None) -> int:
    """Walk `queryset` by primary key a batch at a time; each batch is read (with the
    queryset's own `select_for_update`, if any) and handed to `work` in one transaction, after
    `lock()` when given (a row that makes parallel runs take turns). Returns the sum of what
    `work` returned."""
    size, last, total = batch_size(), 0, 0
    while True:
        with transaction.atomic():
            if lock is not None:
                lock()
            batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
            if batch:
                last = batch[-1].pk
                total += work(batch)
        if len(batch) < size:
            return total
