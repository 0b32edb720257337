import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_lost_database_gives_a_dutch_503_page(client, traveller, monkeypatch):
    from reisbureau import views

    client.force_login(traveller)

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "licence_status", gone)
    response = client.get("/")
    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.content.decode()
    assert response["Retry-After"] == "60"


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/300s/key"})  # as in base
def test_five_failed_logins_lock_the_address(client, traveller):
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": traveller.email, "password": "fout"})
    response = client.post(reverse("account_login"),
                           {"login": traveller.email, "password": "geheim-wachtwoord-123"})
    assert not response.wsgi_request.user.is_authenticated
    assert "te veel" in response.content.decode().lower()
    cache.clear()


def test_pages_deny_framing_and_sniffing(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_content_security_policy_allows_no_inline_script(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_permissions_policy_switches_off_unused_features(client):
    assert "camera=()" in client.get("/accounts/login/")["Permissions-Policy"]
