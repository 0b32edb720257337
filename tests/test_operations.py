"""docker-compose.yml and the Dockerfile cannot run here (no Docker engine); check them by reading."""

import importlib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_with_health_checks():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "db", "redis"):
        assert "healthcheck" in services[name], name
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def _commands():
    for name, service in _compose()["services"].items():
        command = service.get("command")
        if command:
            yield name, command if isinstance(command, str) else " ".join(command)


def test_compose_commands_name_real_modules():
    seen = 0
    for name, command in _commands():
        for module in re.findall(r"(?:-A|--app)\s+([\w.]+)", command):
            assert importlib.import_module(module), (name, module)
            seen += 1
        for target in re.findall(r"([\w.]+):(application|app)\b", command):
            module = importlib.import_module(target[0])
            assert hasattr(module, target[1]), (name, target)
            seen += 1
        if "--scheduler" in command:
            path = command.split("--scheduler", 1)[1].split()[0]
            module, attr = path.split(":")
            assert hasattr(importlib.import_module(module), attr)
    assert seen >= 3


def test_compose_environment_uses_production_settings_and_services():
    services = _compose()["services"]
    env = services["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert importlib.import_module(env["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0])


def test_dockerfile_installs_the_lock_file_and_builds_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.lock" in dockerfile
    assert "npm ci" in dockerfile
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile
    assert re.search(r"^USER\s+\w+", dockerfile, re.M), "the image must not run as root"


def test_env_example_lists_what_production_needs():
    text = (ROOT / ".env.example").read_text()
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL",
                 "OIDC_CLIENT_ID", "MFA_REQUIRED_ROLES", "LICENCE_COUNT", "CUSTOMS_CADENCE_DAYS",
                 "EVALUATION_DELAY_DAYS", "HOURLY_RATE_EUR"):
        assert re.search(rf"^#?\s*{name}=", text, re.M), name
