"""Every URL of the portal against every role: the declared table in tests/access.py holds.

A URL pattern added to the URLconf without a row in the table fails `test_every_url_is_declared`;
each role then walks the whole table with the Django test client, as the demo account that plays
the role holding exactly that one role. `test_get_never_writes` walks the cells a role may open
once more and fails on any INSERT, UPDATE or DELETE a GET runs.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import access


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


def outcome_of(response) -> object:
    """A response as the table writes it: a status code, LOGIN, or the redirect's path."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return access.LOGIN
        return location.split("?")[0]
    return response.status_code


def expected_of(row, role, objects):
    expected = row.expected(role)
    return expected(objects) if callable(expected) else expected


def test_every_url_is_declared():
    in_urlconf = access.project_url_names()
    undeclared = sorted(in_urlconf - set(access.MATRIX))
    stale = sorted(set(access.MATRIX) - in_urlconf)
    assert not undeclared, f"URL patterns missing from tests/access.py MATRIX: {undeclared}"
    assert not stale, f"MATRIX rows without a URL pattern: {stale}"


def test_exclusions_cover_only_admin_i18n_and_allauth():
    from django.urls import get_resolver

    from tests.access import _walk

    excluded = [(name, route) for name, route in _walk(get_resolver().url_patterns)
                if access.is_excluded(name, route)]
    assert excluded
    for name, route in excluded:
        assert route.startswith(("admin/", "accounts/", "i18n/", "api/")), (name, route)


@pytest.mark.django_db
@pytest.mark.parametrize("role", access.ROLES)
def test_access_matrix(role, matrix_world):
    users, objects = matrix_world
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    wrong = []
    for name, row in sorted(access.MATRIX.items()):
        url = reverse(name, kwargs=row.kwargs(objects))
        expected = expected_of(row, role, objects)
        got = outcome_of(client.get(url))
        if got != expected:
            wrong.append(f"{role} GET {url} ({name}): expected {expected!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_login_redirect_comes_back_to_the_page(matrix_world):
    _users, objects = matrix_world
    url = reverse("journeys:detail", kwargs={"pk": objects.journey.pk})
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.django_db
def test_refusals_are_dutch_pages_without_the_objects_contents(matrix_world):
    users, objects = matrix_world
    client = Client()
    client.force_login(users["officer"])
    response = client.get(reverse("journeys:detail", kwargs={"pk": objects.journey.pk}))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert objects.journey.title not in response.content.decode()
    response = client.get(reverse("reisbureau:capacity"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


# --- GET never writes -----------------------------------------------------------------------

WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
# The one table a GET may write: Django saves a session whose data changed (a flash message
# shown, for one). Logging in, which also sets last_login, happens before the capture.
SESSION_TABLE = re.compile(r"\bdjango_session\b")
REFUSED = (access.LOGIN, 403, 404, 405)


def writes_in(queries) -> list[str]:
    return [q["sql"] for q in queries
            if WRITE_SQL.match(q["sql"]) and not SESSION_TABLE.search(q["sql"])]


def test_the_write_detector_sees_writes_and_lets_the_session_be():
    queries = [{"sql": 'INSERT INTO "customs_customssession" ("date") VALUES (%s)'},
               {"sql": 'UPDATE "impact_survey" SET "title" = %s'},
               {"sql": 'DELETE FROM "journeys_journeytask" WHERE "id" = %s'},
               {"sql": 'UPDATE "django_session" SET "session_data" = %s'},
               {"sql": 'INSERT INTO "django_session" ("session_key") VALUES (%s)'},
               {"sql": 'SELECT "id" FROM "customs_customssession"'},
               {"sql": 'SAVEPOINT "s1"'}]
    assert [sql.split()[0] for sql in writes_in(queries)] == ["INSERT", "UPDATE", "DELETE"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", access.ROLES)
def test_get_never_writes(role, matrix_world, time_machine):
    """Every page a role may open, opened ten weeks after the demo was made: no GET writes.

    Ten weeks on, the demo's next customs session lies in the past and the scheduled jobs have
    not run: a page that planned, rolled up or cleaned up on the way would write now.
    """
    users, objects = matrix_world
    time_machine.move_to(timezone.now() + timedelta(weeks=10))
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])  # last_login is written here, before the capture
    opened, wrong = 0, []
    for name, row in sorted(access.MATRIX.items()):
        if expected_of(row, role, objects) in REFUSED:
            continue
        url = reverse(name, kwargs=row.kwargs(objects))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        opened += 1
        if response.status_code >= 500 or (role != "anonymous"
                                           and outcome_of(response) == access.LOGIN):
            wrong.append(f"{role} GET {url} ({name}): {response.status_code}")
        wrong += [f"{role} GET {url} ({name}) wrote: {sql[:160]}"
                  for sql in writes_in(captured.captured_queries)]
    assert opened
    assert not wrong, "\n".join(wrong)
