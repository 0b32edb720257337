"""Every page of every role passes axe-core (no serious or critical violations) and fits a phone.

The pages are the access matrix's 200 cells (tests/access.py), with the same demo objects; the
`page` fixture also fails the test when the Content-Security-Policy blocks anything. The one walk
runs at 360 CSS pixels wide, the narrowest common phone, and checks both: a page wider than the
viewport makes the reader scroll sideways (a wide table scrolls inside its own container).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests import access
from tests.browser.conftest import assert_accessible

PHONE_WIDTH = 360

# The widest element that sticks out past the viewport, to name the culprit in a failure.
WIDEST_OFFENDERS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.right > width + 1 && box.width > 0)
    .filter(([el]) => {  // inside a container that scrolls or clips it is fine
      const absolute = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      const next = up => absolute ? up.offsetParent : up.parentElement;
      for (let up = next(el); up && up !== document.body; up = next(up)) {
        if (getComputedStyle(up).overflowX !== "visible") { return false; }
      }
      return true;
    })
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 3)
    .map(([el, box]) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
      + `${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""}`
      + ` (right edge ${Math.round(box.right)} px)`);
}"""

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
def test_every_page_of_the_role_is_accessible_and_fits_a_phone(role, page, live_server, demo):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
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
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH + 1:
            failures.append(f"{url} ({name}): {width} px wide at {PHONE_WIDTH} px, "
                            f"sticking out: {page.evaluate(WIDEST_OFFENDERS)}")
        try:
            assert_accessible(page)
        except AssertionError as exc:
            failures.append(f"{url} ({name}):\n{exc}")
    assert not failures, f"{role}: {len(failures)} of {len(pages)} pages fail\n" + "\n".join(
        failures)
