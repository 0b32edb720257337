"""A database that hangs instead of going away: answers within seconds, not never.

Two ways to hang (PostgreSQL, as in CI; no mocks):
- a server that accepts the connection and never answers (a listener in the test): the connect
  timeout (DATABASE_CONNECT_TIMEOUT) ends the attempt; pages give the Dutch 503, /health/ "down";
- a statement that waits for a lock another session holds (LOCK TABLE ... ACCESS EXCLUSIVE): the
  server's statement timeout (DATABASE_STATEMENT_TIMEOUT) cancels it; the page gives the 503.
Both are bounded without the timeouts too: the listener drops its connections and the lock
holder's session ends after HOLD seconds, so a missing timeout fails the test instead of hanging.
"""

import socket
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from portal.settings.base import postgres_timeouts

HOLD = 20  # seconds a hang lasts at most in these tests
SLACK = 3  # seconds a page may take beyond the timeout

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real hung PostgreSQL server and lock; runs on PostgreSQL (CI)")


def test_the_timeouts_are_added_to_postgresql_and_keep_the_urls_options():
    db = postgres_timeouts({"ENGINE": "django.db.backends.postgresql",
                            "OPTIONS": {"options": "-c search_path=portal"}}, 5, 30)
    assert db["OPTIONS"] == {"connect_timeout": 5,
                             "options": "-c search_path=portal -c statement_timeout=30000"}
    no_limit = postgres_timeouts({"ENGINE": "django.db.backends.postgresql"}, 5, 0)
    assert no_limit["OPTIONS"] == {"connect_timeout": 5}
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {"timeout": 20}}
    assert postgres_timeouts(dict(sqlite), 5, 30) == sqlite


@needs_postgresql
@pytest.mark.django_db
def test_the_portals_connection_carries_both_timeouts():
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == \
        settings.DATABASE_CONNECT_TIMEOUT
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        shown = cursor.fetchone()[0]
    assert settings.DATABASE_STATEMENT_TIMEOUT > 0
    assert shown == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


@contextmanager
def silent_server():
    """A loopback port that accepts connections and never says a word (HOLD seconds at most)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()
    held = []

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
                held.append((time.monotonic(), conn))
            except TimeoutError:
                pass
            for since, conn in list(held):
                if time.monotonic() - since > HOLD:
                    conn.close()
                    held.remove((since, conn))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for _since, conn in held:
            conn.close()
        listener.close()


@contextmanager
def database_at(port: int):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _assert_dutch_503(response, what):
    body = response.content.decode()
    assert response.status_code == 503, (what, response.status_code, body[:300])
    assert "tijdelijk niet beschikbaar" in body, what
    assert "Traceback" not in body


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_server_that_never_answers_gives_the_dutch_503_within_seconds(traveller):
    limit = settings.DATABASE_CONNECT_TIMEOUT + SLACK
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(traveller)
    anonymous = Client(raise_request_exception=False)
    with silent_server() as port, database_at(port):
        health, seconds = _timed(lambda: anonymous.get("/health/"))
        assert seconds < limit, f"/health/ took {seconds:.1f} s"
        assert health.status_code == 503 and health.json()["status"] == "down"
        page, seconds = _timed(lambda: signed_in.get("/reizen/"))
        assert seconds < limit, f"/reizen/ took {seconds:.1f} s"
        _assert_dutch_503(page, "/reizen/")
        login, seconds = _timed(lambda: anonymous.post(
            "/accounts/login/", {"login": traveller.email, "password": "x"}))
        assert seconds < limit, f"the login form took {seconds:.1f} s"
        _assert_dutch_503(login, "login form")
    assert signed_in.get("/reizen/").status_code == 200  # back at once


@contextmanager
def statement_timeout(seconds: int):
    """The portal's connection with a short statement timeout, set the way settings set it."""
    saved = dict(connection.settings_dict)
    options = {k: v for k, v in saved["OPTIONS"].items() if k != "options"}
    connection.close()
    connection.settings_dict["OPTIONS"] = postgres_timeouts(
        {"ENGINE": saved["ENGINE"], "OPTIONS": options},
        options.get("connect_timeout", 5), seconds)["OPTIONS"]
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@contextmanager
def table_locked(table: str):
    """Another session holds an ACCESS EXCLUSIVE lock (the server ends it after HOLD s)."""
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                         dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"],
                         options=f"-c idle_in_transaction_session_timeout={HOLD * 1000}") as locker:
        locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            locker.rollback()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_statement_stuck_behind_a_lock_is_cancelled_and_gives_the_dutch_503(traveller):
    seconds_allowed = 2
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(traveller)
    anonymous = Client(raise_request_exception=False)
    with statement_timeout(seconds_allowed):
        assert signed_in.get("/reizen/").status_code == 200
        # Every signed-in page reads the session first: that read waits for the lock.
        with table_locked("django_session"):
            page, seconds = _timed(lambda: signed_in.get("/reizen/"))
            assert seconds < seconds_allowed + SLACK, f"/reizen/ took {seconds:.1f} s"
            _assert_dutch_503(page, "/reizen/")
            # The database itself answers: /health/ says so, at once.
            health, seconds = _timed(lambda: anonymous.get("/health/"))
            assert seconds < SLACK and health.json()["checks"]["database"]["ok"] is True
        assert signed_in.get("/reizen/").status_code == 200
