"""The database really gone (PostgreSQL, as in CI): /health/ says so and pages answer a Dutch 503.

Two ways to lose it: the server no longer listens where the portal connects (the settings point
to a closed port), and the server ends the portal's connection (pg_terminate_backend) and refuses
new ones. No mocks: psycopg raises what it raises in production.
"""

import socket
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a real lost PostgreSQL connection; runs on PostgreSQL (CI)"),
    pytest.mark.django_db(transaction=True),
]

PAGES = ["/", "/reizen/", "/meldingen/", "/douane/", "/impact/tijdwinst/",
         "/community/prompts/", "/accounts/login/"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@contextmanager
def database_on_a_closed_port():
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def _admin_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/postgres"


@contextmanager
def database_terminated_and_refusing():
    name = connection.settings_dict["NAME"]
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    connection.close()


def _assert_dutch_503(response, url):
    body = response.content.decode()
    assert response.status_code == 503, (url, response.status_code, body[:300])
    assert "tijdelijk niet beschikbaar" in body, url
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("loss", [database_on_a_closed_port, database_terminated_and_refusing])
def test_pages_answer_a_dutch_503_and_health_says_down(loss, traveller, settings):
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(traveller)
    anonymous = Client(raise_request_exception=False)
    assert signed_in.get("/").status_code == 200
    with loss():
        health = anonymous.get("/health/")
        assert health.status_code == 503
        assert health.json()["status"] == "down"
        assert health.json()["checks"]["database"]["ok"] is False
        for url in PAGES:
            _assert_dutch_503(signed_in.get(url), url)
        # As in production (MFA required for a role), a middleware loads the user before any
        # view runs: the error is raised there and still gives the Dutch page.
        settings.MFA_REQUIRED_ROLES = ["traveller"]
        _assert_dutch_503(signed_in.get("/reizen/"), "/reizen/ (user loaded in a middleware)")
        settings.MFA_REQUIRED_ROLES = []
        # Anonymous: the redirect to the login form needs no database; the form does.
        assert anonymous.get("/")["Location"].startswith("/accounts/login/")
        _assert_dutch_503(
            anonymous.post("/accounts/login/", {"login": traveller.email, "password": "x"}),
            "login form",
        )
    # Back again: the same session works without anything else.
    assert signed_in.get("/").status_code == 200
    assert anonymous.get("/health/").status_code == 200
