"""`make bench`: production-like (DEBUG off, PostgreSQL, Redis) on loopback, plus the floor view.

Only the benchmark uses these settings: they add `/bench/vloer/` (a trivial signed-in view that
every page is compared with) and a response header with the number of SQL queries per request.
"""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="bench-only-insecure-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The benchmark logs in a handful of accounts many times; nothing here faces the internet.
ACCOUNT_RATE_LIMITS = False
MFA_REQUIRED_ROLES: list[str] = []
DEMO_ACCOUNTS_ENABLED = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The API rows request each endpoint 120+ times a minute with one token: the throttle still runs
# (its bookkeeping in Redis is part of each request's cost), with a limit the load never reaches.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {  # noqa: F405
    "anon": "1000000/minute", "user": "1000000/minute"}}
