"""Reads from the read replica only where data a few seconds old is fine; everything else primary.

Active only when DATABASE_REPLICA_URL is set (settings add the "replica" alias and this router).
A view opts in with ``@use_replica`` (the impact dashboards, reports and their CSV exports); code
outside a view with ``with replica_reads():``. Everywhere else every read goes to the primary, so
a page shows what the user just saved (read-your-writes). Inside the opt-in:

- writes still go to the primary, and so do reads inside a transaction on the primary (a view
  that writes and then reads sees its own write);
- sessions never come from the replica (a sign-in a moment ago must count on every page), and
  ``use_replica`` loads the signed-in user before switching, so sign-in and roles are current;
- when the replica cannot be reached, the view runs again on the primary (GET and HEAD only): a
  broken replica makes dashboards slower, never unavailable.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, router

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Models whose rows must always be current, whoever reads them.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_celery_beat"})

_replica_reads: ContextVar[bool] = ContextVar("reisbureau_replica_reads", default=False)


def replica_configured() -> bool:
    """A "replica" database and this router in settings (DATABASE_REPLICA_URL does both)."""
    return REPLICA in connections.settings and any(
        isinstance(r, ReplicaRouter) for r in router.routers)


@contextmanager
def replica_reads():
    """Within this block, reads may come from the replica (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_reads():
    """Within this block every read goes to the primary again (e.g. inside a replica view)."""
    token = _replica_reads.set(False)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def use_replica(view):
    """View decorator: the view's reads may come from the replica. Put it below the login and
    role decorators, so that those read the primary."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - loads session and user from the primary now
        if not replica_configured():
            return view(request, *args, **kwargs)
        try:
            with replica_reads():
                return view(request, *args, **kwargs)
        except OperationalError as exc:
            if request.method not in ("GET", "HEAD"):
                raise
            logger.warning("Read replica unavailable (%s); %s served from the primary",
                           exc.__class__.__name__, request.path)
            connections[REPLICA].close()
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: see the module's docstring."""

    def db_for_read(self, model, **hints):
        if (
            _replica_reads.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and REPLICA in connections.settings
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary by replication
