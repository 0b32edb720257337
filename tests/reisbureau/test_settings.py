"""Settings read the environment: embedded fallbacks, switches, and production's refusals."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], "
    "'cache': settings.CACHES['default']['BACKEND'], 'broker': settings.CELERY_BROKER_URL, "
    "'mfa': settings.MFA_REQUIRED_ROLES, 'providers': list(settings.SOCIALACCOUNT_PROVIDERS), "
    "'debug': settings.DEBUG}))"
)


def _run(module, extra_env=None, code=PROBE, args=None):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS",
                        "OIDC_CLIENT_ID", "MFA_REQUIRED_ROLES", "CELERY_BROKER_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = module
    env.update(extra_env or {})
    cmd = [sys.executable, *(args or ["-c", code])]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _settings(module, extra_env=None):
    result = _run(module, extra_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_without_redis():
    conf = _settings("portal.settings.local")
    assert conf["db"] == "django.db.backends.sqlite3"
    assert conf["cache"].endswith("LocMemCache")
    assert conf["broker"].startswith("filesystem://")
    assert conf["mfa"] == []
    assert conf["providers"] == []


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    conf = _settings("portal.settings.local", {
        "DATABASE_URL": "postgres://u:p@db.example:5432/reisbureau",
        "REDIS_URL": "redis://cache.example:6379/0",
    })
    assert conf["db"] == "django.db.backends.postgresql"
    assert conf["cache"].endswith("RedisCache")
    assert conf["broker"] == "redis://cache.example:6379/0"


def test_oidc_variables_switch_on_single_sign_on():
    conf = _settings("portal.settings.local", {
        "OIDC_CLIENT_ID": "client", "OIDC_CLIENT_SECRET": "secret",
        "OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
    })
    assert conf["providers"] == ["openid_connect"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "reisbureau.example",
           "DATABASE_URL": "postgres://u@localhost/db"}
    del env[missing]
    result = _run("portal.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_requires_mfa_for_officers_and_agency_staff_by_default():
    conf = _settings("portal.settings.production", {
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "reisbureau.example",
        "DATABASE_URL": "postgres://u@localhost/db"})
    assert set(conf["mfa"]) == {"officer", "agency_staff"}
    assert conf["debug"] is False


def test_production_passes_check_deploy_without_warnings():
    result = _run("portal.settings.production", {
        "SECRET_KEY": "k3Y-" + "Zq9!xW2@pL5#" * 5, "ALLOWED_HOSTS": "reisbureau.example",
        "DATABASE_URL": "postgres://u@localhost/db",
    }, args=["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


# --- Past one machine (docs/scaling.md) ---------------------------------------------------------

SCALE_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'aliases': sorted(settings.DATABASES), "
    "'replica': settings.DATABASES.get('replica'), 'routers': settings.DATABASE_ROUTERS, "
    "'sessions': settings.SESSION_ENGINE, 'storage': settings.STORAGES['default'], "
    "'proxies': settings.ALLAUTH_TRUSTED_PROXY_COUNT}, default=str))"
)


def _scale_settings(module, extra_env=None):
    result = _run(module, {"DATABASE_REPLICA_URL": "", "STORAGE_BACKEND": "",
                           **(extra_env or {})}, code=SCALE_PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_replica_url_there_is_one_database_and_no_router():
    conf = _scale_settings("portal.settings.local", {"STORAGE_BACKEND": "filesystem"})
    assert conf["aliases"] == ["default"] and conf["replica"] is None
    assert conf["routers"] == []
    assert conf["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert conf["proxies"] == 0


def test_a_replica_url_adds_a_mirrored_replica_and_the_router():
    conf = _scale_settings("portal.settings.local", {
        "DATABASE_URL": "postgres://u:p@primary.example:5432/reisbureau",
        "DATABASE_REPLICA_URL": "postgres://u:p@replica.example:5432/reisbureau",
        "STORAGE_BACKEND": "filesystem",
    })
    assert conf["aliases"] == ["default", "replica"]
    assert conf["replica"]["HOST"] == "replica.example"
    assert conf["replica"]["ENGINE"] == "django.db.backends.postgresql"
    assert conf["replica"]["TEST"]["MIRROR"] == "default"
    assert conf["routers"] == ["reisbureau.db_router.ReplicaRouter"]


@pytest.mark.parametrize("redis_url", ["", "redis://cache.example:6379/0"])
def test_sessions_live_in_the_database_with_or_without_redis(redis_url):
    conf = _scale_settings("portal.settings.local",
                           {"REDIS_URL": redis_url, "STORAGE_BACKEND": "filesystem"})
    assert conf["sessions"] == "django.contrib.sessions.backends.db"


def test_storage_backend_s3_puts_uploads_on_private_object_storage():
    conf = _scale_settings("portal.settings.local", {
        "STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "reisbureau-uploads",
        "AWS_S3_ENDPOINT_URL": "https://s3.voorbeeldstad.example",
        "AWS_S3_ADDRESSING_STYLE": "path", "TRUSTED_PROXY_COUNT": "1",
    })
    storage = conf["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "reisbureau-uploads"
    assert options["endpoint_url"] == "https://s3.voorbeeldstad.example"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert "access_key" not in options and "secret_key" not in options  # boto3 reads the env
    assert conf["proxies"] == 1


def test_an_unknown_storage_backend_is_refused():
    result = _run("portal.settings.local", {"STORAGE_BACKEND": "ftp"}, code=SCALE_PROBE)
    assert result.returncode != 0 and "STORAGE_BACKEND" in result.stderr


def test_the_s3_backend_loads():
    # django-storages[s3] is a dependency (pyproject.toml): no skip when it is missing.
    code = ("import django; django.setup(); from impact.models import UsageImport; "
            "s = UsageImport._meta.get_field('file').storage; s._setup(); "
            "print(type(s._wrapped).__name__, s.bucket_name, s.location, s.file_overwrite)")
    result = _run("portal.settings.local", {
        "STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "reisbureau-uploads",
        "DATABASE_REPLICA_URL": ""}, code=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "reisbureau-uploads", "uploads", "False"]
