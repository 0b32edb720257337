"""Every endpoint of the read API against every role, by session and by personal token: the
same rules as the pages (tests/access.py). A new `api:` URL without a row here fails."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import services
from tests import access

OK, UNAUTH, FB, LOGIN = 200, 401, 403, access.LOGIN

#                       anonymous traveller adviser officer manager agency council
ENDPOINTS = {
    "api:root":              (UNAUTH, OK, OK, OK, OK, OK, OK),
    "api:me":                (UNAUTH, OK, OK, OK, OK, OK, OK),
    # The dashboard's readers only: managers, agency staff, the College and the Raad.
    "api:figures":           (UNAUTH, FB, FB, FB, OK, OK, OK),
    "api:figure_weeks":      (UNAUTH, FB, FB, FB, OK, OK, OK),
    "api:figure_filters":    (UNAUTH, FB, FB, FB, OK, OK, OK),
    # The catalogues: every employee, not the council (aggregates only).
    "api:standard_journeys": (UNAUTH, OK, OK, OK, OK, OK, FB),
    "api:prompts":           (UNAUTH, OK, OK, OK, OK, OK, FB),
    "api:trainings":         (UNAUTH, OK, OK, OK, OK, OK, FB),
    "api:training_sessions": (UNAUTH, OK, OK, OK, OK, OK, FB),
    # The published register: every employee and the council, as /register/.
    "api:register":          (UNAUTH, OK, OK, OK, OK, OK, OK),
    "api:schema":            (UNAUTH, OK, OK, OK, OK, OK, OK),
    # A page for the browser: a sign-in first.
    "api:docs":              (LOGIN, OK, OK, OK, OK, OK, OK),
}


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


def _outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def test_every_api_url_is_declared():
    names = {name for name, route in access._walk(__import__(
        "django.urls", fromlist=["get_resolver"]).get_resolver().url_patterns)
        if name and name.startswith("api:")}
    assert names == set(ENDPOINTS)


def _client_for(role, users, how):
    client = Client()
    if role == "anonymous":
        return client
    if how == "session":
        client.force_login(users[role])
        return client
    _token, key = services.token_create(user=users[role], name=f"test {how}",
                                        expires_on=timezone.localdate() + timedelta(days=7))
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize("role", access.ROLES)
def test_api_access(role, how, api_world):
    users, _objects = api_world
    client = _client_for(role, users, how)
    wrong = []
    for name, outcomes in ENDPOINTS.items():
        if how == "token" and name == "api:docs":
            continue  # a browser page: a token client has no session to be sent back to
        expected = outcomes[access.ROLES.index(role)]
        response = client.get(reverse(name))
        got = _outcome(response)
        if got != expected:
            wrong.append(f"{role} by {how} GET {name}: expected {expected}, got {got}")
        elif got in (UNAUTH, FB):
            assert not response["Content-Type"].startswith("text/html"), name
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_every_endpoint_refuses_writes(api_world):
    users, _objects = api_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["agency_staff"])
    for name in ENDPOINTS:
        if name == "api:docs":
            continue
        # Session writes hit DRF's CSRF check (403) before the method check (405).
        assert client.post(reverse(name), {}).status_code in (403, 405), name
    _token, key = services.token_create(user=users["agency_staff"], name="w",
                                        expires_on=timezone.localdate())
    token_client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    for name in ENDPOINTS:
        if name != "api:docs":
            assert token_client.post(reverse(name), {}).status_code in (403, 405), name
