"""Production settings for `make loadtest` on loopback: plain HTTP, so cookies cannot be Secure.

Everything else is production: DEBUG off, the manifest static storage, whitenoise, PostgreSQL,
the Redis cache and broker. Never use this module for a real deployment.
"""

from portal.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# The demo officer and administrator have no authenticator app; the load walks their pages.
MFA_REQUIRED_ROLES: list[str] = []
