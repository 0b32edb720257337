"""Every htmx control in the templates also works as plain HTML.

A control whose hx-target is missing from the page (a form opened on its own page, JavaScript
off, htmx failing to load) sends a normal request; static/js/portal.js makes the browser do
that. Here the server side: each view an htmx control calls answers a request without the
`HX-Request` header with a redirect or a whole page, never a bare fragment, and the same request
with the header gets the fragment (so the check can tell the two apart).

A new htmx control fails `test_every_htmx_control_is_listed` until it gets a case below.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests import access

ROOT = Path(__file__).resolve().parents[1]

# hx-get/hx-post="{% url 'name' ... %}" names the view directly.
URL_CONTROL = re.compile(r"""hx-(?:get|post|put|patch|delete)="\{% url '([\w:]+)'""")
# Controls that point at an object's own URL, by template.
OBJECT_URL_CONTROLS = {
    "community/prompt_detail.html": "community:prompt_detail",
    # Each agenda item's decision form (its address computed once per item, customs.views).
    "customs/session_detail.html": "customs:decide_form",
    "impact/import_detail.html": "impact:import_detail",
    "reisbureau/people_import_detail.html": "reisbureau:people_import_detail",
}

# url name -> (role, method, kwargs, data). Data is deliberately minimal: an invalid form must
# come back as a page with its errors too.
CASES = {
    "community:topic_follow": ("traveller", "post", lambda o: {"pk": o.topic.pk}, {}),
    "community:prompt_action": ("adviser", "post",
                                lambda o: {"pk": o.prompt.pk, "action": "favoriet"}, {}),
    "community:prompt_detail": ("traveller", "get", lambda o: {"pk": o.fill_prompt.pk},
                                {"var_0": "x"}),
    "journeys:task_action": ("adviser", "post", lambda o: {
        "pk": o.journey.pk, "task_pk": o.task.pk, "action": "omlaag"}, {}),
    "journeys:task_add": ("adviser", "post", lambda o: {"pk": o.journey.pk}, {}),
    "journeys:task_edit": ("adviser", "post",
                           lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}, {}),
    "journeys:task_acknowledge": ("traveller", "post",
                                  lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}, {}),
    "journeys:task_test": ("traveller", "post",
                           lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}, {}),
    "customs:decide": ("officer", "post", lambda o: {"pk": o.submission.pk}, {}),
    "customs:decide_form": ("officer", "get", lambda o: {"pk": o.submission.pk}, {}),
    "impact:import_detail": ("agency_staff", "get", lambda o: {"pk": o.usage_import.pk}, {}),
    "reisbureau:people_import_detail": ("agency_staff", "get",
                                        lambda o: {"pk": o.people_import.pk}, {}),
}


def htmx_controls() -> set[str]:
    names = set()
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if "hx-" not in text:
            continue
        names.update(URL_CONTROL.findall(text))
        relative = path.relative_to(ROOT / "templates").as_posix()
        if re.search(r'hx-(?:get|post)="\{\{', text):
            assert relative in OBJECT_URL_CONTROLS, (
                f"{relative}: an htmx control without {{% url %}}; add it to OBJECT_URL_CONTROLS")
            names.add(OBJECT_URL_CONTROLS[relative])
    return names


def test_every_htmx_control_is_listed():
    found = htmx_controls()
    assert found, "no htmx controls found: did the template syntax change?"
    assert found == set(CASES), (f"not covered: {sorted(found - set(CASES))}; "
                                 f"stale: {sorted(set(CASES) - found)}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


def _is_whole_page(response) -> bool:
    return response.status_code == 200 and b"<html" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_plain_request_gets_a_page_or_a_redirect_and_htmx_gets_a_fragment(name, world):
    from community.models import Prompt

    users, objects = world
    objects.fill_prompt = next(p for p in Prompt.objects.order_by("pk") if "{" in p.text)
    role, method, kwargs, data = CASES[name]
    url = reverse(name, kwargs=kwargs(objects))
    client = Client()
    client.force_login(users[role])

    plain = getattr(client, method)(url, data)
    assert plain.status_code == 302 or _is_whole_page(plain), (
        f"{method.upper()} {url} without htmx: {plain.status_code}, "
        f"{plain.content[:200]!r}")
    if plain.status_code == 302:
        assert not plain["Location"].startswith("/accounts/login/"), plain["Location"]

    swapped = getattr(client, method)(url, data, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200, (name, swapped.status_code)
    assert b"<html" not in swapped.content, f"{name}: htmx got a whole page"
