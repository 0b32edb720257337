"""A Redis cache that fails soft: with Redis gone, each process falls back to its own memory.

Django's own RedisCache raises when Redis is unreachable, which turns every page that touches the
cache (the login form's rate limits, for one) into a 500. Treating every error as a plain miss is
not enough either: allauth takes a lock with `cache.add` before counting a login attempt and
answers 429 when the lock cannot be had, and it marks used TOTP codes with `cache.add`. So while
Redis is down every call goes to a process-local memory cache instead: pages work, login rate
limits and used-code markers still hold (per process, not across processes), and nothing in the
portal depends on the cache for data it cannot lose (sessions are in the database, the e-mail
outbox is a table). The outage is logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60


class FailSoftRedisCache(RedisCache):
    """settings.CACHES backend: Django's RedisCache with a local-memory fallback."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"reisbureau-fallback:{server}",  # shared by the threads of this process
            {"TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", ""),
             "OPTIONS": {"MAX_ENTRIES": 5000}},
        )
        self._last_logged: float | None = None

    def ping(self) -> None:
        """Raise when Redis itself does not answer (for /health/: the fallback hides it)."""
        self._cache.get_client(write=True).ping()

    def _fallback_for(self, operation: str, exc: Exception):
        now = time.monotonic()
        if self._last_logged is None or now - self._last_logged >= LOG_EVERY_SECONDS:
            self._last_logged = now
            logger.warning("Redis cache unavailable (%s: %s); using this process's memory",
                           operation, exc)
        return self._fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            return self._fallback_for("add", exc).add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            return self._fallback_for("get", exc).get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as exc:
            return self._fallback_for("set", exc).set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            return self._fallback_for("touch", exc).touch(key, timeout, version)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            return self._fallback_for("delete", exc).delete(key, version)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            return self._fallback_for("get_many", exc).get_many(keys, version)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            return self._fallback_for("has_key", exc).has_key(key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            return self._fallback_for("incr", exc).incr(key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            return self._fallback_for("set_many", exc).set_many(data, timeout, version)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as exc:
            return self._fallback_for("delete_many", exc).delete_many(keys, version)

    def clear(self):
        self._fallback.clear()
        try:
            return super().clear()
        except RedisError as exc:
            self._fallback_for("clear", exc)
            return False


# --- Versioned entries that must never be stale --------------------------------------------
# The process-memory fallback above is right for rate limits, not for data another process may
# change: a permission revoked in one process would stay granted in the memory of the others.
# These helpers talk to the cache itself and, when Redis does not answer, say so
# (SharedCacheDown) so the caller reads the database instead. After a failure they leave
# Redis alone for RETRY_AFTER_SECONDS, so a hung Redis costs a page one timeout, not one per call.

RETRY_AFTER_SECONDS = 5


class SharedCacheDown(Exception):
    """Redis did not answer: compute from the database."""


def _shared(method: str, *args):
    from django.core.cache import caches

    backend = caches["default"]  # one per thread
    if time.monotonic() < getattr(backend, "_shared_down_until", 0.0):
        raise SharedCacheDown("waiting to retry")
    # Past the fallback to Redis itself (RedisCache's method); other backends as they are.
    implementation = getattr(RedisCache if isinstance(backend, FailSoftRedisCache)
                             else type(backend), method)
    try:
        return implementation(backend, *args)
    except (RedisError, OSError) as exc:
        now = time.monotonic()
        backend._shared_down_until = now + RETRY_AFTER_SECONDS
        if now - getattr(backend, "_shared_logged", -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
            backend._shared_logged = now
            logger.warning("Redis cache unavailable (%s: %s); reading the database",
                           method, exc)
        raise SharedCacheDown(str(exc)) from exc


class VersionedCache:
    """Entries under `<name>:<version>:<parts>`, all made stale at once by `bump()`.

    The version is a token in the cache (a new `time_ns()` on every bump, and made afresh when
    evicted, so an old entry is never read again). `bump()` renews it at once and again when the
    current transaction commits: a request that read the old rows between the two would
    otherwise store them under the new version. A bump Redis refused is retried before this
    process next reads; entries also expire after `timeout` seconds, which bounds what a
    refused bump in another process can leave behind.
    """

    def __init__(self, name: str, timeout: int):
        self.name, self.timeout = name, timeout
        self._version_key = f"{name}:version"
        self._bump_pending = False

    def _version(self):
        if self._bump_pending:
            self._renew()
        version = _shared("get", self._version_key)
        if version is None:
            _shared("add", self._version_key, time.time_ns(), None)
            version = _shared("get", self._version_key)
        return version

    def _key(self, version, parts) -> str:
        return ":".join(str(part) for part in (self.name, version, *parts))

    def get_many(self, parts_list) -> tuple[object, dict]:
        """(version, {parts: value}) of the entries present, read in one round trip after the
        version; give the version to `put` for what was missing. With Redis down: (None, {})."""
        try:
            version = self._version()
            keys = {self._key(version, parts): parts for parts in parts_list}
            found = _shared("get_many", list(keys))
        except SharedCacheDown:
            return None, {}
        return version, {keys[key]: value for key, value in found.items()}

    def put(self, version, parts, value) -> None:
        """Store an entry computed after `get_many` under the version read before computing:
        if a bump came in between, the entry is never read."""
        if version is None:
            return
        try:
            _shared("set", self._key(version, parts), value, self.timeout)
        except SharedCacheDown:
            pass

    def get_or_compute(self, parts, compute):
        """The entry for these key parts, computed (and stored) when missing or stale; with
        Redis down, computed every time."""
        try:
            version = self._version()
            value = _shared("get", self._key(version, parts))
        except SharedCacheDown:
            return compute()
        if value is None:
            value = compute()
            self.put(version, parts, value)
        return value

    def _renew(self) -> None:
        try:
            _shared("set", self._version_key, time.time_ns(), None)
            self._bump_pending = False
        except SharedCacheDown:
            self._bump_pending = True

    def bump(self) -> None:
        from django.db import connection, transaction

        self._renew()
        if connection.in_atomic_block:
            transaction.on_commit(self._renew)
