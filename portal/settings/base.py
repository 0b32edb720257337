"""Settings shared by every environment.

Values come from the environment through django-environ; integrations switch on when their
variables are set. The embedded default (no variables at all) is a SQLite file and no Redis.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "guardian",
    "django_celery_beat",
    "django_htmx",
    "template_partials",
    "csp",
    "reisbureau",
    "journeys",
    "customs",
    "community",
    "learning",
    "impact",
    "algoritmeregister",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us (no CDN)
    "api",  # the read API: above every app, it reads their selectors
    "portal",  # last: the wiring above every app (portal/apps.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "reisbureau.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reisbureau.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reisbureau.middleware.MfaRequiredMiddleware",
    "reisbureau.middleware.CouncilOnlyMiddleware",
    "reisbureau.middleware.DatabaseUnavailableMiddleware",
]

# Form widgets through Jinja2 (Django's own widget templates, same HTML): a page with a hundred
# fields renders in a fraction of the time the template-engine renderer takes. Widget templates
# Jinja2 does not have (the admin's) come from TEMPLATES (tests/reisbureau/test_admin_pages.py).
FORM_RENDERER = "reisbureau.form_renderer.PortalFormRenderer"

ROOT_URLCONF = "portal.urls"
# Django's own CSRF page is English with inline CSS (which the CSP blocks): ours is Dutch.
CSRF_FAILURE_VIEW = "reisbureau.errors.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reisbureau.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode has the web server, the worker and beat writing to one file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A database that hangs must not hang the portal: a connection attempt gives up after
# DATABASE_CONNECT_TIMEOUT seconds and the server cancels a statement after
# DATABASE_STATEMENT_TIMEOUT seconds (0: no limit); either way the page is the Dutch 503 and
# /health/ says "down". 30 s suits the web; the containers of long jobs set more
# (docker-compose.yml: worker 600, worker-bulk 1800 = the longest job's time limit, migrate 0).
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)


def postgres_timeouts(db: dict, connect: int, statement: int) -> dict:
    """Add the connect timeout and the server-side statement timeout to a PostgreSQL entry of
    DATABASES (kept: options the URL gave already). Other databases are returned unchanged."""
    if db["ENGINE"] != "django.db.backends.postgresql":
        return db
    options = db.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", connect)
    if statement:
        options["options"] = " ".join(filter(None, [
            options.get("options", ""), f"-c statement_timeout={statement * 1000}"]))
    return db


postgres_timeouts(DATABASES["default"], DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT)
# Optional read replica (docs/scaling.md): only the impact dashboards and reports read from it,
# through reisbureau.db_router; every write and every other page uses the primary. Without
# DATABASE_REPLICA_URL there is no second alias and no router: nothing changes.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    postgres_timeouts(DATABASES["replica"], DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT)
    # Tests use the primary's test database under this alias instead of creating a second one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["reisbureau.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker ---------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails soft: with Redis gone, the cache is empty and pages keep working.
            "BACKEND": "reisbureau.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "reisbureau",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Sessions -----------------------------------------------------------------------------
# In the database, on purpose, also when Redis is configured (docs/scaling.md, "Sessions"). Every
# web replica reads the same table, so any replica serves any request. Not cached_db: the Redis
# cache fails soft to each process's own memory (reisbureau/cache.py), so a sign-out during a
# Redis outage would leave the session alive in other processes' memory, and in Redis itself
# once it returns; and not the cache backend: a Redis restart would sign everybody out. The cost
# is one primary-key read per request; expired rows go nightly (reisbureau.tasks).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "reisbureau.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend with each user's permissions cached (invalidated on every change).
    "reisbureau.auth_backends.CachedModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "reisbureau.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "reisbureau.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts come from administrators or SSO
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Lockout: after 5 failed logins for one address, that address is locked for 5 minutes (and at
# most 10 failed attempts a minute per IP). Counters live in the cache: use Redis in production.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,{}/{}s/key".format(
        env.int("LOGIN_ATTEMPTS_LIMIT", default=5), env.int("LOGIN_ATTEMPTS_TIMEOUT", default=300)
    ),
}
# Behind the load balancer every request comes from its address: the per-IP limit above would
# count all employees together. TRUSTED_PROXY_COUNT proxies of our own append to X-Forwarded-For
# (docker-compose.yml: nginx, so 1); the address they saw is the client's. 0 ignores the header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Reisbureau")
# Roles (see reisbureau.constants.Role) that must set up TOTP before using the portal.
MFA_REQUIRED_ROLES: list[str] = env.list("MFA_REQUIRED_ROLES", default=[])

# OpenID Connect single sign-on (Microsoft Entra ID, Keycloak, ...): on when a client id is set.
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_PROVIDERS: dict = {}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = env.bool("OIDC_EMAIL_AUTHENTICATION", default=True)
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = SOCIALACCOUNT_EMAIL_AUTHENTICATION
SOCIALACCOUNT_AUTO_SIGNUP = True
# Defaults for the SSO claim mapping (reisbureau/sso.py); the admin's "SSO mappings" come first.
# JSON list, e.g. [{"claim": "groups", "value": "<Entra group id>", "role": "adviser"},
# {"claim": "department", "value": "Ruimte", "department": "Ruimte"}]. The officer and
# agency-staff roles also need "allow_portal_only_role": true.
SSO_CLAIM_MAPPINGS: list = env.json("SSO_CLAIM_MAPPINGS", default=[])
SOCIALACCOUNT_LOGIN_ON_GET = False
if OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env("OIDC_PROVIDER_ID", default="entra"),
                "name": env("OIDC_PROVIDER_NAME", default="Microsoft Entra ID"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": env("OIDC_SERVER_URL"),
                    "token_auth_method": env(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_post"
                    ),
                },
            }
        ],
    }

# django-guardian: no anonymous user object, object permissions only for signed-in employees.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (prefix, path)
    for prefix, path in [
        ("vendor/utrecht", _NODE / "@utrecht" / "component-library-css" / "dist"),
        ("vendor/utrecht-tokens", _NODE / "@utrecht" / "design-tokens" / "dist"),
        ("vendor/chartjs", _NODE / "chart.js" / "dist"),
    ]
    if path.is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "reisbureau.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploads (usage imports) are saved by the web and read by a worker, possibly on another machine:
# everything goes through STORAGES["default"]. "filesystem" (MEDIA_ROOT; share it between web and
# worker containers) or "s3": any S3-compatible object store (AWS, MinIO, Ceph, ...) through
# django-storages. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment, read
# by boto3 itself (or an instance role), so they never enter the settings.
STORAGE_BACKEND = env("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # MinIO: path
            "location": env("AWS_LOCATION", default="uploads"),
            # Usage exports hold e-mail addresses: private objects, never overwritten (two
            # uploads named usage.csv must not replace each other before a worker reads them),
            # reached only through signed URLs.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            # Reading an import spools to a temporary file above 5 MB instead of memory.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"STORAGE_BACKEND={STORAGE_BACKEND!r}: choose 'filesystem' or 's3'.")

# --- E-mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Reisbureau <reisbureau@voorbeeldstad.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
# Publishing from a page must not wait for a Redis broker that is down: one quick retry and short
# socket timeouts, then the caller keeps the job in its outbox for the periodic sweep.
REDIS_BROKER_TRANSPORT_OPTIONS = {
    # A message a killed worker never acknowledged is delivered again after this long.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = str(VAR_DIR / "celery" / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_dir,
        "data_folder_out": _queue_dir,
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = dict(REDIS_BROKER_TRANSPORT_OPTIONS)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Queues by kind (docs/scaling.md, "Queues"), so a slow import or roll-up never delays an e-mail
# or a reminder: production runs one worker for notifications,default and another for
# imports,rollups. A worker started without -Q consumes all four (the embedded one and the tests'
# do). Every task is routed by name: tests/reisbureau/test_queues.py fails for a task that is not.
WORKER_QUEUES = {
    "notifications": "e-mails of notifications and the outbox sweep: seconds, many",
    "default": "daily and weekly jobs: evaluations, customs sessions, reminders, surveys",
    "imports": "usage imports: minutes each, few",
    "rollups": "roll-ups of time saved and other heavy aggregates",
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name, type="direct"), routing_key=name) for name in WORKER_QUEUES
]
_TASKS_BY_QUEUE = {
    "notifications": [
        "reisbureau.tasks.send_notification_email",
        "reisbureau.tasks.send_notification_emails",
        "reisbureau.tasks.send_pending_notifications",
        "reisbureau.tasks.send_teams_message",
        "reisbureau.tasks.sweep_teams_messages",
    ],
    "default": [
        "reisbureau.tasks.ping",
        "reisbureau.tasks.clear_expired_sessions",
        "journeys.tasks.create_due_evaluations",
        "customs.tasks.run_customs_sessions",
        "customs.tasks.queue_rereviews",
        "impact.tasks.queue_zero_saving_rereviews",
        "community.tasks.publish_weekly_tip",
        "impact.tasks.dispatch_surveys",
        "impact.tasks.apply_retention",
        # The sweeps only queue work: they must not wait behind a long import.
        "impact.tasks.sweep_pending_imports",
        "reisbureau.tasks.sweep_people_imports",
        "impact.tasks.release_unanswered_licences",
    ],
    "imports": [
        "impact.tasks.run_usage_import",
        "impact.tasks.import_graph_usage",
        "reisbureau.tasks.apply_people_import",
    ],
    "rollups": [
        "impact.tasks.rebuild_rollups",
    ],
}
CELERY_TASK_ROUTES = {
    name: {"queue": queue} for queue, names in _TASKS_BY_QUEUE.items() for name in names
}
# Publishing to a broker that is down must fail fast: the page saves and the outbox sweep sends later.
CELERY_TASK_PUBLISH_RETRY = False

# --- Usage from Microsoft Graph (impact/graph_usage.py; off by default) ---------------------
# An app registration in Entra ID with the application permission Reports.Read.All (admin
# consent): the daily job and the "Fetch now" button read the Copilot usage report with its
# client credentials. The base URLs are settings so the tests point them at loopback.
GRAPH_USAGE_IMPORT_ENABLED = env.bool("GRAPH_USAGE_IMPORT_ENABLED", default=False)
GRAPH_TENANT_ID = env("GRAPH_TENANT_ID", default="")
GRAPH_CLIENT_ID = env("GRAPH_CLIENT_ID", default="")
GRAPH_CLIENT_SECRET = env("GRAPH_CLIENT_SECRET", default="")
GRAPH_LOGIN_URL = env("GRAPH_LOGIN_URL", default="https://login.microsoftonline.com")
GRAPH_API_URL = env("GRAPH_API_URL", default="https://graph.microsoft.com")
GRAPH_USAGE_REPORT_PATH = env(
    "GRAPH_USAGE_REPORT_PATH",
    default="/beta/reports/getMicrosoft365CopilotUsageUserDetail(period='D30')")
# A throttled request (429/503 with Retry-After) is tried at most this often; a wait longer than
# GRAPH_MAX_RETRY_AFTER_SECONDS fails the import (the next daily run tries again).
GRAPH_MAX_ATTEMPTS = env.int("GRAPH_MAX_ATTEMPTS", default=4)
GRAPH_MAX_RETRY_AFTER_SECONDS = env.int("GRAPH_MAX_RETRY_AFTER_SECONDS", default=120)
GRAPH_TIMEOUT_SECONDS = env.int("GRAPH_TIMEOUT_SECONDS", default=30)

# --- The agency's own settings (the seed's figures as defaults) -----------------------------
REISBUREAU = {
    "MUNICIPALITY_NAME": env("MUNICIPALITY_NAME", default="Gemeente Voorbeeldstad"),
    "LICENCE_COUNT": env.int("LICENCE_COUNT", default=150),
    # Breda: about 60 travellers served at once for 36 adviser-hours a week.
    "TRAVELLERS_PER_ADVISER_FTE": env.int("TRAVELLERS_PER_ADVISER_FTE", default=60),
    "ADVISER_FTE_HOURS": env.int("ADVISER_FTE_HOURS", default=36),
    "CUSTOMS_CADENCE_DAYS": env.int("CUSTOMS_CADENCE_DAYS", default=14),
    "CUSTOMS_WEEKDAY": env.int("CUSTOMS_WEEKDAY", default=1),  # 0 = Monday
    "CUSTOMS_REMINDER_DAYS_BEFORE": env.int("CUSTOMS_REMINDER_DAYS_BEFORE", default=3),
    "REREVIEW_MONTHS": env.int("REREVIEW_MONTHS", default=12),
    # A tested task with no time saved logged this many weeks after its first test goes back
    # to customs (impact.tasks.queue_zero_saving_rereviews).
    "ZERO_SAVING_WEEKS": env.int("ZERO_SAVING_WEEKS", default=8),
    "EVALUATION_DELAY_DAYS": env.int("EVALUATION_DELAY_DAYS", default=90),
    "HOURLY_RATE_EUR": env.int("HOURLY_RATE_EUR", default=75),
    # Microsoft 365 Copilot costs about EUR 30 per user per month (list price).
    "LICENCE_COST_EUR_MONTH": env.int("LICENCE_COST_EUR_MONTH", default=30),
    # Outbox: an e-mail whose job the broker took is re-sent by the sweep only after this long;
    # one the broker never took (it was down) as soon as it is this many seconds old.
    "NOTIFICATION_RETRY_MINUTES": env.int("NOTIFICATION_RETRY_MINUTES", default=5),
    "NOTIFICATION_ENQUEUE_GRACE_SECONDS": env.int("NOTIFICATION_ENQUEUE_GRACE_SECONDS",
                                                  default=30),
    "BASE_URL": env("BASE_URL", default="http://127.0.0.1:8000"),
    # Microsoft Teams (reisbureau/teams.py): where webhooks may point, how long a post may
    # take, how often it is tried (backoff doubles from TEAMS_BACKOFF_SECONDS) and in which
    # language the cards are written.
    "TEAMS_WEBHOOK_HOSTS": env.list("TEAMS_WEBHOOK_HOSTS", default=[
        "logic.azure.com", "environment.api.powerplatform.com", "webhook.office.com"]),
    "TEAMS_WEBHOOK_SCHEMES": ("https",),
    "TEAMS_TIMEOUT_SECONDS": env.float("TEAMS_TIMEOUT_SECONDS", default=10),
    "TEAMS_MAX_ATTEMPTS": env.int("TEAMS_MAX_ATTEMPTS", default=6),
    "TEAMS_BACKOFF_SECONDS": env.int("TEAMS_BACKOFF_SECONDS", default=30),
    "TEAMS_RETRY_AFTER_MAX_SECONDS": env.int("TEAMS_RETRY_AFTER_MAX_SECONDS", default=3600),
    "TEAMS_ENQUEUE_GRACE_SECONDS": env.int("TEAMS_ENQUEUE_GRACE_SECONDS", default=60),
    "TEAMS_LANGUAGE": "nl",
    "MIN_GROUP_SIZE": env.int("MIN_GROUP_SIZE", default=5),
    # The contact of every new register entry: a department mailbox or contact page, never a
    # person (empty: the address of DEFAULT_FROM_EMAIL). Officers can change it per entry.
    "REGISTER_CONTACT": env("REGISTER_CONTACT", default=""),
    # AVG: interview notes and survey answers are removed after this many months.
    "RETENTION_MONTHS": env.int("RETENTION_MONTHS", default=24),
    # The impact dashboard is computed at most this often per filter (Redis); 0 = always.
    "DASHBOARD_CACHE_SECONDS": env.int("DASHBOARD_CACHE_SECONDS", default=300),
    # Each user's roles and permissions (reisbureau/auth_backends.py) and the start page's
    # agency-wide capacity figures (reisbureau/capacity.py) stay this long in the cache at
    # most; any change to them renews their version first, so these only bound memory and
    # what a change made while Redis was unreachable can leave behind.
    "ACCESS_CACHE_SECONDS": 300,
    "CAPACITY_CACHE_SECONDS": 60,
    # Scheduled jobs work in batches of this many rows (reisbureau/batching.py).
    "JOB_BATCH_SIZE": env.int("JOB_BATCH_SIZE", default=2000),
    # A usage import whose worker gave no sign of life for this long is taken over (the worker
    # was killed); an import is started at most IMPORT_MAX_ATTEMPTS (3) times.
    "IMPORT_LEASE_SECONDS": env.int("IMPORT_LEASE_SECONDS", default=600),
    # AVG: stored usage-import files and import error lists (they name e-mail addresses) are
    # removed this many days after the upload at the latest.
    "IMPORT_FILE_RETENTION_DAYS": env.int("IMPORT_FILE_RETENTION_DAYS", default=30),
    # Largest upload per kind (reisbureau/uploads.py): CSV usage imports, JSON prompt/pack imports.
    "UPLOAD_MAX_BYTES": {
        "csv": env.int("UPLOAD_MAX_BYTES_CSV", default=20 * 1024 * 1024),
        "json": env.int("UPLOAD_MAX_BYTES_JSON", default=5 * 1024 * 1024),
        "image": env.int("UPLOAD_MAX_BYTES_IMAGE", default=512 * 1024),
        "xlsx": env.int("UPLOAD_MAX_BYTES_XLSX", default=10 * 1024 * 1024),
    },
    # People import (HR export): files up to this many rows are applied in the request;
    # larger ones by a Celery job with a progress bar. The preview is refused above the maximum.
    "PEOPLE_IMPORT_SYNC_ROWS": env.int("PEOPLE_IMPORT_SYNC_ROWS", default=200),
    "PEOPLE_IMPORT_MAX_ROWS": env.int("PEOPLE_IMPORT_MAX_ROWS", default=5000),
    # Licence reclaim: a licence holder without Copilot activity or a logged saving for this many
    # days is listed; asked "do you still use it?", no answer within LICENCE_CHECK_ANSWER_DAYS
    # releases the licence to the waiting list.
    "LICENCE_IDLE_DAYS": env.int("LICENCE_IDLE_DAYS", default=28),
    "LICENCE_CHECK_ANSWER_DAYS": env.int("LICENCE_CHECK_ANSWER_DAYS", default=14),
}

PAGINATE_BY = 25

# --- The read API (api/, issue 18) ----------------------------------------------------------
# Personal tokens (api.authentication) for scripts and Power BI, the session for the browser.
# Read-only JSON; lists use cursor pagination; every caller is throttled through the cache
# (Redis when configured, so the limits hold across processes).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.SignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="30/minute"),
        "user": env("API_THROTTLE_USER", default="120/minute"),
    },
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0) or None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reisbureau API",
    "DESCRIPTION": "Read API of the Reisbureau: aggregated impact figures (small groups hidden "
                   "as on the dashboard), standard journeys and excursions, public prompts and "
                   "training sessions. Authenticate with `Authorization: Token <key>` (a personal "
                   "token made on the page API-sleutels) or a signed-in session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.SignedIn"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Two choice sets share the field name "kind": name each after its own enum, so the schema
    # is stable and `check --deploy` has no naming warning (drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "StandardJourneyKindEnum": "journeys.constants.StandardJourneyKind",
        "TrainingKindEnum": "learning.constants.TrainingKind",
    },
}

# The published register of AI uses (/register/) without login. Off: anonymous visitors are
# sent to the login page; every signed-in employee reads it either way.
REGISTER_PUBLIC = env.bool("REGISTER_PUBLIC", default=False)

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from other
# hosts. JSON data blocks (json_script) are not executed and need no exception.
_FORM_ACTION = ["'self'"]
if OIDC_CLIENT_ID:
    from urllib.parse import urlsplit

    _oidc = urlsplit(env("OIDC_SERVER_URL"))
    _FORM_ACTION.append(f"{_oidc.scheme}://{_oidc.netloc}")  # the SSO button redirects there
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": _FORM_ACTION,
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
