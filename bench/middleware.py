"""Counts the database round trips of each request and reports them in a response header.

Django's execute wrappers see every statement a cursor executes, but not two kinds of round
trip a page also pays for: the connection health check (`CONN_HEALTH_CHECKS`: a `SELECT 1` on
the first query of a request on a kept connection) and the fetches and close of a server-side
cursor (`QuerySet.iterator()` on PostgreSQL, which model choice fields use: DECLARE, then FETCH
per chunk, then CLOSE). Both are counted here too, so the header is what the database saw.
"""

import threading

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

HEADER = "X-Bench-Queries"
_active = threading.local()


def _count() -> None:
    counter = getattr(_active, "counter", None)
    if counter is not None:
        counter.count += 1


def _server_side(wrapper: CursorWrapper) -> bool:
    # psycopg's named (server-side) cursors have a name; client-side cursors have none.
    return bool(getattr(wrapper.cursor, "name", None))


def _counting(name):
    """A cursor method that counts a round trip on a server-side cursor, then does what
    CursorWrapper's __getattr__ does (the same database-error wrapping)."""
    def counted(self, *args, **kwargs):
        if _server_side(self):
            _count()
        return CursorWrapper.__getattr__(self, name)(*args, **kwargs)
    counted.__name__ = name
    return counted


def _install() -> None:
    """Wraps the cursor fetches and the health check once per process (bench settings only)."""
    if getattr(CursorWrapper, "_bench_counting", False):
        return
    for name in ("fetchone", "fetchmany", "fetchall", "close"):
        setattr(CursorWrapper, name, _counting(name))
    original = BaseDatabaseWrapper.close_if_health_check_failed

    def close_if_health_check_failed(self):
        # The check runs (one round trip) when it is enabled, a connection is kept and this
        # request has not checked it yet: the same condition Django tests before is_usable().
        if self.connection is not None and self.health_check_enabled \
                and not self.health_check_done:
            _count()
        return original(self)

    BaseDatabaseWrapper.close_if_health_check_failed = close_if_health_check_failed
    CursorWrapper._bench_counting = True


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        _install()

    def __call__(self, request):
        counter = _Counter()
        _active.counter = counter
        wrapped = [connections[alias] for alias in connections]
        for connection in wrapped:
            connection.execute_wrappers.append(counter)
        try:
            response = self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(counter)
            _active.counter = None
        response[HEADER] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
