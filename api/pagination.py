from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages however many rows are added meanwhile: `next` and `previous` carry an
    opaque cursor; `page_size` (at most 200) changes the length of a page."""

    ordering = ("pk",)
    page_size_query_param = "page_size"
    max_page_size = 200


class ByStart(Cursor):
    ordering = ("starts_at", "pk")
