"""Settings of the worker process that tests/reisbureau/test_worker_killed.py starts and kills.

The test settings (PostgreSQL and Redis from the environment), plus: e-mails to files in
TEST_EMAIL_FILE_PATH so the test counts them across processes, and a broker that hands an
unacknowledged message to another worker after two seconds instead of an hour.
"""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import REDIS_BROKER_TRANSPORT_OPTIONS, env

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **REDIS_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
