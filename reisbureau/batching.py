"""Batching for the periodic jobs: they work through large tables a batch at a time.

A job reads a batch of rows (by primary key, `pk > last`, never OFFSET), does that batch's work
in a fixed number of set-based queries and moves on, so its queries grow with the number of
batches, not rows, and its memory holds one batch. `REISBUREAU["JOB_BATCH_SIZE"]` sets the size
(tests make it small to cross batch boundaries with little data).
"""

from collections.abc import Iterator

from django.conf import settings

DEFAULT_BATCH_SIZE = 2000


def batch_size() -> int:
    return int(settings.REISBUREAU.get("JOB_BATCH_SIZE", DEFAULT_BATCH_SIZE))


def chunks(items: list, size: int | None = None) -> Iterator[list]:
    size = size or batch_size()
    for start in range(0, len(items), size):
        yield items[start:start + size]
