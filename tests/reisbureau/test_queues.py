"""Celery queues by kind: every task of the portal is routed on purpose, and every queue has a
worker in every way the portal runs (make run, make worker, docker-compose.yml)."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from portal.celery import app
from portal.schedules import beat_schedule

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ("reisbureau.", "journeys.", "customs.", "community.", "impact.")
QUEUES = set(settings.WORKER_QUEUES)


def _our_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if name.startswith(OUR_APPS))


def _queues_of(command: str) -> set[str]:
    found = re.findall(r"(?:-Q|--queues)[ =]([\w,]+)", command)
    return {queue for match in found for queue in match.split(",") if queue}


def test_the_four_queues_are_declared_and_default_is_one_of_them():
    assert QUEUES == {"notifications", "default", "imports", "rollups"}
    assert {queue.name for queue in app.conf.task_queues} == QUEUES
    assert app.conf.task_default_queue == "default"


def test_every_task_of_the_portal_is_routed_to_a_declared_queue():
    tasks = _our_tasks()
    assert len(tasks) >= 13
    routes = settings.CELERY_TASK_ROUTES
    unrouted = [name for name in tasks if name not in routes]
    assert not unrouted, (
        f"add these tasks to _TASKS_BY_QUEUE in portal/settings/base.py: {unrouted}")
    for name in tasks:
        queue = app.amqp.router.route({}, name)["queue"].name
        assert queue in QUEUES, (name, queue)
        assert queue == routes[name]["queue"], name
    stale = set(routes) - set(tasks)
    assert not stale, f"routes for tasks that do not exist: {stale}"


@pytest.mark.parametrize(("task", "queue"), [
    ("reisbureau.tasks.send_notification_email", "notifications"),
    ("reisbureau.tasks.send_pending_notifications", "notifications"),
    ("impact.tasks.run_usage_import", "imports"),
    ("impact.tasks.rebuild_rollups", "rollups"),
    ("customs.tasks.run_customs_sessions", "default"),
    ("journeys.tasks.create_due_evaluations", "default"),
    ("impact.tasks.dispatch_surveys", "default"),
])
def test_each_kind_goes_to_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_queue_has_work_and_every_periodic_job_a_queue():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed == QUEUES
    for entry in beat_schedule().values():
        assert settings.CELERY_TASK_ROUTES[entry["task"]]["queue"] in QUEUES


def test_a_published_notification_lands_on_the_notifications_queue(settings):
    """What the broker sees: the exchange and routing key of the notifications queue."""
    from unittest import mock

    from reisbureau.tasks import send_notification_email

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app.amqp, "send_task_message") as send:
            send_notification_email.delay(1)
    finally:
        app.conf.task_always_eager = True
    queue = send.call_args.kwargs["queue"]
    assert queue.name == "notifications" and queue.routing_key == "notifications"


def test_the_embedded_worker_of_make_run_consumes_every_queue():
    script = (ROOT / "scripts" / "run-embedded.sh").read_text()
    command = script.split('"$PY" -m celery', 1)[1].split("&\n", 1)[0]
    assert "worker" in command and "--beat" in command
    assert _queues_of(command) == QUEUES


def test_make_worker_consumes_every_queue_unless_told_otherwise():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nworker:", 1)[1].split("\n\n", 1)[0]
    default = re.search(r"\$\$\{WORKER_QUEUES:-([\w,]+)\}", recipe)
    assert "-Q" in recipe and default
    assert set(default.group(1).split(",")) == QUEUES


def _compose_services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def _command(service) -> str:
    command = service.get("command") or ""
    return command if isinstance(command, str) else " ".join(command)


def test_compose_workers_cover_every_queue_and_keep_slow_queues_apart():
    workers = {name: _command(s) for name, s in _compose_services().items()
               if re.search(r"celery .*\bworker\b", _command(s))}
    assert len(workers) >= 2
    by_worker = {name: _queues_of(command) for name, command in workers.items()}
    assert all(by_worker.values()), f"a worker without -Q consumes everything: {by_worker}"
    assert set().union(*by_worker.values()) == QUEUES
    # A slow import or roll-up never waits in front of an e-mail or a reminder.
    for queues in by_worker.values():
        assert not ({"imports", "rollups"} & queues and {"notifications", "default"} & queues)
    assert not any("--beat" in command for command in workers.values())
