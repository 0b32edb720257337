"""/health/: liveness and readiness for operators (database, cache, broker)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check(fn):
    started = time.monotonic()
    try:
        fn()
    except Exception as exc:  # report any failure; never raise from a health check
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    if hasattr(cache, "ping"):  # FailSoftRedisCache answers from memory when Redis is down
        cache.ping()
    cache.set("health-check", "ok", 10)
    if cache.get("health-check") != "ok":
        raise RuntimeError("cache read-back failed")


def _broker():
    from celery import current_app

    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
def health(request):
    checks = {"database": _check(_database), "cache": _check(_cache), "broker": _check(_broker)}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"]["eager"] = True
    ok = checks["database"]["ok"]
    status = "ok" if all(c["ok"] for c in checks.values()) else ("degraded" if ok else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ok else 503)
