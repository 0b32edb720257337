"""Query helpers that keep list pages independent of table sizes."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset, outer_field: str, *, distinct_field: str | None = None):
    """A correlated count, e.g. ``count_of(Reply.objects.filter(is_hidden=False), "topic")``.

    Unlike ``Count()`` over a join, which aggregates every row of both tables before ORDER BY
    and LIMIT can apply, PostgreSQL evaluates this only for the rows a page shows (and
    Django's paginator leaves it out of its COUNT)."""
    inner = queryset.filter(**{outer_field: OuterRef("pk")}).order_by().values(outer_field)
    aggregate = Count(distinct_field, distinct=True) if distinct_field else Count("*")
    return Coalesce(Subquery(inner.annotate(n=aggregate).values("n")[:1],
                             output_field=IntegerField()), 0)
