"""Batching for the periodic jobs: they walk large tables a batch at a time.

A job reads a batch of rows by primary key (`pk > last`, never OFFSET), does that batch's work
in a few set-based queries, and moves on, so its number of queries grows with the number of
batches, not rows, and its memory holds one batch. `REISBUREAU["JOB_BATCH_SIZE"]` sets the size
(tests make it small to cross batch boundaries with little data).
"""

from collections.abc import Callable, Iterator

from django.conf import settings

DEFAULT_BATCH_SIZE = 2000


def batch_size() -> int:
    return int(settings.REISBUREAU.get("JOB_BATCH_SIZE", DEFAULT_BATCH_SIZE))


def keyset_batches(queryset, *, size: int | None = None, key: str = "pk",
                   value: Callable | None = None) -> Iterator[list]:
    """The rows of `queryset` in batches ordered by `key`, each read with `key > last`.

    `value` reads the key from a row (default: the attribute `key`; pass one for values()
    querysets). Rows that stop matching the filter while the caller works are simply not seen
    again; rows added behind the cursor are left for the next run.
    """
    size = size or batch_size()
    value = value or (lambda row: getattr(row, key))
    queryset = queryset.order_by(key)
    last = None
    while True:
        page = queryset if last is None else queryset.filter(**{f"{key}__gt": last})
        rows = list(page[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = value(rows[-1])


def chunks(items: list, size: int | None = None) -> Iterator[list]:
    size = size or batch_size()
    for start in range(0, len(items), size):
        yield items[start:start + size]
