"""Every page of every role passes axe-core (no serious or critical violations).

The pages are the access matrix's 200 cells (tests/access.py), with the same demo objects; the
`page` fixture also fails the test when the Content-Security-Policy blocks anything.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests import access
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_of(role: str, objects) -> list[tuple[str, str]]:
    """(name, url) of every HTML page the matrix says `role` may open."""
    return [(name, reverse(name, kwargs=row.kwargs(objects)))
            for name, row in sorted(access.MATRIX.items())
            if row.expected(role) == 200 and name not in access.DOWNLOADS]


def sign_in(page, live_server, user):
    """Log the browser in as `user` through a session cookie (login itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value,
                               "url": live_server.url}])


@pytest.mark.parametrize("role", access.ROLES)
def test_every_page_of_the_role_is_accessible(role, page, live_server, demo):
    users = access.prepare_users()
    objects = access.demo_objects(users)
    if role != "anonymous":
        sign_in(page, live_server, users[role])
    pages = pages_of(role, objects)
    if role == "anonymous":
        pages.append(("account_login", reverse("account_login")))
    assert pages, role
    failures = []
    for name, url in pages:
        response = page.goto(url)
        if response is None or response.status != 200 or not response.url.endswith(url):
            failures.append(f"{url} ({name}): HTTP {response and response.status} at "
                            f"{response and response.url}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as exc:
            failures.append(f"{url} ({name}):\n{exc}")
    assert not failures, f"{role}: {len(failures)} of {len(pages)} pages fail\n" + "\n".join(
        failures)
