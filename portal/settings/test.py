"""Settings for `make test`: SQLite and eager tasks, or PostgreSQL and Redis when their URLs are set."""

from .base import *  # noqa: F403
from pathlib import Path

from .base import REDIS_BROKER_TRANSPORT_OPTIONS, REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = dict(REDIS_BROKER_TRANSPORT_OPTIONS) if REDIS_URL else {}
MFA_REQUIRED_ROLES = []
DEMO_ACCOUNTS_ENABLED = True
ACCOUNT_RATE_LIMITS = False
LANGUAGE_CODE = "nl"
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
import tempfile  # noqa: E402

# Uploads (usage imports) of tests and the demo go to a scratch directory.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "reisbureau-test-media"
CHROMIUM_PATH = env("CHROMIUM_PATH", default="/usr/bin/chromium")
# The read replica (reisbureau/db_router.py) as a test mirror: the same test database under a second
# alias, as settings declare it for DATABASE_REPLICA_URL. No router here, so every test reads the
# primary as before unless it switches the router on (tests/reisbureau/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Tests see every change at once; tests/impact/test_dashboard_cache.py covers the cache.
REISBUREAU = {**REISBUREAU, "DASHBOARD_CACHE_SECONDS": 0}  # noqa: F405
# The API's throttles count every request of a test session against one cache: high limits
# here; tests/api/test_throttling.py sets low ones.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {  # noqa: F405
    "anon": "100000/minute", "user": "100000/minute"}}
