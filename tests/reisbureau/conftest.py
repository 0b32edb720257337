"""A Redis of the test's own on a free loopback port, so it can be stopped and started again.

The machine's Redis (6379) is never touched: other test runs use it.
"""

import shutil
import socket
import subprocess
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self, directory):
        self.port = _free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def _cli(self, *args):
        return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
                              capture_output=True, text=True, timeout=10)

    def is_up(self) -> bool:
        return self._cli("ping").stdout.strip() == "PONG"

    def start(self):
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "yes", "--dir", str(self.directory),
             "--logfile", str(self.directory / "redis.log")],
            check=True, capture_output=True, timeout=10,
        )
        deadline = time.monotonic() + 10
        while not self.is_up():
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def stop(self):
        self._cli("shutdown", "nosave")
        deadline = time.monotonic() + 10
        while self.is_up() and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def own_redis(tmp_path):
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI has it")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def point_celery_at(url: str | None, *, eager: bool) -> None:
    """Point the Celery app at another broker and forget the connections it pooled."""
    from portal.celery import app

    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps its own registry of connection and producer pools per broker URL; the one
    # closed above would otherwise be handed out again ("Acquire on closed pool").
    pools.reset()
    if url is not None:
        app.conf.broker_url = url
    app.conf.task_always_eager = eager


@pytest.fixture
def cache_and_broker_on(own_redis, settings):
    """Cache and broker on the test's own Redis, tasks published for real (not eager)."""
    from django.conf import settings as django_settings

    from portal.celery import app

    previous = app.conf.broker_url, app.conf.broker_transport_options
    settings.CACHES = {
        "default": {
            "BACKEND": "reisbureau.cache.FailSoftRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "reisbureau",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_transport_options = dict(django_settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    point_celery_at(own_redis.url, eager=False)
    try:
        yield own_redis
    finally:
        app.conf.broker_transport_options = previous[1]
        point_celery_at(previous[0], eager=True)
