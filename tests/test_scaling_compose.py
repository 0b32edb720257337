"""docker-compose.yml past one process (docs/scaling.md), checked by reading: there is no Docker
engine here. Two web replicas behind a load balancer, a one-shot migration, two workers split by
queue, exactly one beat, shared uploads, optional streaming replica."""

import os
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def _command(service) -> str:
    command = service.get("command") or ""
    return command if isinstance(command, str) else " ".join(command)


def _replicas(service) -> int:
    return int(service.get("deploy", {}).get("replicas", 1))


def _default(value: str) -> str:
    """"${NAME:-x}" -> "x"; a plain value as it is."""
    match = re.fullmatch(r"\$\{\w+:-(.*)\}", str(value))
    return match.group(1) if match else str(value)


def _celery(services, kind):
    return {name: s for name, s in services.items()
            if re.search(rf"\bcelery\b.*\b{kind}\b", _command(s))}


def test_two_web_replicas_without_a_host_port_of_their_own(services):
    web = services["web"]
    assert _replicas(web) == 2
    assert "ports" not in web, "replicas cannot share a host port: publish the load balancer's"
    assert "container_name" not in web
    assert "gunicorn portal.wsgi:application" in _command(web)
    assert "healthcheck" in web


def test_migrations_run_once_before_the_web_replicas(services):
    migrate = services["migrate"]
    assert "manage.py migrate" in _command(migrate)
    assert str(migrate.get("restart")) == "no"  # a one-shot, not restarted after it finished
    assert _replicas(migrate) == 1
    for name, service in services.items():
        if name != "migrate":
            assert "manage.py migrate" not in _command(service), name
    for name in ("web", "worker", "worker-bulk", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"}, name
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy", name


def test_a_load_balancer_in_front_of_the_web_replicas(services):
    lb = services["lb"]
    assert lb["image"].startswith("nginx:")
    assert lb["ports"] and "healthcheck" in lb
    assert lb["depends_on"]["web"]["condition"] == "service_healthy"
    mount = next(v for v in lb["volumes"] if "nginx.conf" in v)
    source = mount.split(":")[0]
    conf = (ROOT / source).read_text()
    upstream = re.search(r"upstream (\w+) \{(.*?)\}", conf, re.S)
    assert upstream and re.search(r"server web:8000\b", upstream.group(2))
    assert f"proxy_pass http://{upstream.group(1)};" in conf
    # Uploads up to the CSV limit must pass the load balancer.
    body = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body and int(body.group(1)) * 1024 * 1024 > settings.REISBUREAU[
        "UPLOAD_MAX_BYTES"]["csv"]
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf
    assert "X-Forwarded-Proto" in conf


def test_two_worker_replicas_and_exactly_one_beat(services):
    workers = _celery(services, "worker")
    assert sum(_replicas(s) for s in workers.values()) == 2
    for name, worker in workers.items():
        assert "healthcheck" in worker, name
        assert "--beat" not in _command(worker), name
    beats = _celery(services, "beat")
    assert list(beats) == ["beat"] and _replicas(beats["beat"]) == 1
    assert "django_celery_beat.schedulers:DatabaseScheduler" in _command(beats["beat"])


def test_every_queue_is_consumed_by_a_compose_worker(services):
    consumed = set()
    for service in _celery(services, "worker").values():
        for match in re.findall(r"-Q ([\w,]+)", _command(service)):
            consumed |= set(match.split(","))
    assert consumed == set(settings.WORKER_QUEUES)


def test_the_app_services_share_redis_the_database_and_the_uploads(services):
    for name in ("web", "worker", "worker-bulk", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production", name
        assert env["REDIS_URL"].startswith("redis://redis:"), name  # cache, broker
        assert "@db:" in env["DATABASE_URL"], name  # sessions (SESSION_ENGINE db)
        assert _default(env["TRUSTED_PROXY_COUNT"]) == "1", name
        assert _default(env["STORAGE_BACKEND"]) in ("filesystem", "s3"), name
        assert "DATABASE_REPLICA_URL" in env, name
    # The web saves an upload, a worker reads it: the same volume on both (or S3).
    for name in ("web", "worker", "worker-bulk"):
        assert "media:/app/var/media" in services[name]["volumes"], name


def test_redis_keeps_the_queues_when_memory_runs_out(services):
    command = _command(services["redis"])
    assert "--maxmemory-policy volatile-lru" in command  # only keys with a TTL (the cache) go
    assert "--appendonly yes" in command


def test_the_optional_replica_streams_from_the_primary(services):
    replica = services["db-replica"]
    assert replica["profiles"] == ["replica"]
    assert replica["image"] == services["db"]["image"]
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    script = ROOT / "deploy" / "postgres-replica.sh"
    text = script.read_text()
    assert "pg_basebackup" in text and "--write-recovery-conf" in text
    assert "hot_standby=on" in text
    init = ROOT / "deploy" / "postgres-replication.sh"
    assert "REPLICATION" in init.read_text() and "host replication replicator" in init.read_text()
    assert os.access(init, os.X_OK), "docker-entrypoint-initdb.d runs only executable .sh files"
    assert any(str(init.relative_to(ROOT)) in v for v in services["db"]["volumes"])


def test_the_dockerfile_still_builds_what_the_stack_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile and "requirements.lock" in dockerfile
    assert re.search(r'^CMD \["gunicorn", "portal.wsgi:application"', dockerfile, re.M)
    # The media volume's mount point exists, owned by the app user, before the volume is created.
    assert "mkdir -p /app/var/media" in dockerfile and "chown -R reisbureau /app/var" in dockerfile
    assert "django-storages" in (ROOT / "requirements.lock").read_text()


def _db_user(url: str) -> str:
    match = re.match(r"postgres://([^:@/]+)[:@]", _default(url))
    assert match, url
    return match.group(1)


def test_migrate_runs_as_the_owner_and_everything_else_as_the_runtime_role(services):
    """README "Security and reliability": the append-only tables hold against the portal's own
    database user only when that user is not the tables' owner."""
    migrate = services["migrate"]
    env = migrate["environment"]
    assert env["DATABASE_URL"].startswith("${MIGRATION_DATABASE_URL:-")
    owner = _db_user(env["DATABASE_URL"])
    assert owner == services["db"]["environment"]["POSTGRES_USER"]  # the tables' owner
    command = _command(migrate)
    grant = re.search(r"manage\.py grant_runtime_role (\w+)", command)
    assert grant, "the runtime role gets its rights after every migrate"
    assert command.index("manage.py migrate") < grant.start()
    assert "&&" in command[:grant.start()], "no grants after a failed migrate"
    runtime = grant.group(1)
    assert runtime != owner
    if "--create" in command:
        assert env["RUNTIME_DATABASE_PASSWORD"], "--create needs the password"
    for name, service in services.items():
        if "DATABASE_URL" in service.get("environment", {}) and name != "migrate":
            assert _db_user(service["environment"]["DATABASE_URL"]) == runtime, name


def test_statement_timeouts_fit_each_process(services):
    """Web and beat: the settings' 30 s; workers: up to the longest time limit of their jobs;
    migrate: none (a migration may rewrite a large table)."""
    from impact import tasks as impact_tasks

    def timeout(name):
        return int(_default(services[name]["environment"]["DATABASE_STATEMENT_TIMEOUT"]))

    assert timeout("web") == timeout("beat") == 30
    assert timeout("migrate") == 0
    longest_import = max(t.time_limit for t in vars(impact_tasks).values()
                         if getattr(t, "time_limit", None))
    assert timeout("worker-bulk") >= longest_import
    assert 30 < timeout("worker") <= timeout("worker-bulk")
    for name in ("web", "worker", "worker-bulk", "beat", "migrate"):
        assert int(_default(services[name]["environment"]["DATABASE_CONNECT_TIMEOUT"])) <= 10
