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
    conf = _settings("reisbureau.settings.local")
    assert conf["db"] == "django.db.backends.sqlite3"
    assert conf["cache"].endswith("LocMemCache")
    assert conf["broker"].startswith("filesystem://")
    assert conf["mfa"] == []
    assert conf["providers"] == []


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    conf = _settings("reisbureau.settings.local", {
        "DATABASE_URL": "postgres://u:p@db.example:5432/reisbureau",
        "REDIS_URL": "redis://cache.example:6379/0",
    })
    assert conf["db"] == "django.db.backends.postgresql"
    assert conf["cache"].endswith("RedisCache")
    assert conf["broker"] == "redis://cache.example:6379/0"


def test_oidc_variables_switch_on_single_sign_on():
    conf = _settings("reisbureau.settings.local", {
        "OIDC_CLIENT_ID": "client", "OIDC_CLIENT_SECRET": "secret",
        "OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
    })
    assert conf["providers"] == ["openid_connect"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "reisbureau.example",
           "DATABASE_URL": "postgres://u@localhost/db"}
    del env[missing]
    result = _run("reisbureau.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_requires_mfa_for_officers_and_agency_staff_by_default():
    conf = _settings("reisbureau.settings.production", {
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "reisbureau.example",
        "DATABASE_URL": "postgres://u@localhost/db"})
    assert set(conf["mfa"]) == {"officer", "agency_staff"}
    assert conf["debug"] is False


def test_production_passes_check_deploy_without_warnings():
    result = _run("reisbureau.settings.production", {
        "SECRET_KEY": "k3Y-" + "Zq9!xW2@pL5#" * 5, "ALLOWED_HOSTS": "reisbureau.example",
        "DATABASE_URL": "postgres://u@localhost/db",
    }, args=["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
