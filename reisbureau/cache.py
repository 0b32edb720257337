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
