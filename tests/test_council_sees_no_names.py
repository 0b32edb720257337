"""The College and the Raad see aggregates only: every page and download the council account
may open (the access matrix's 200 cells) names no one, and everything else is closed to it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import access


@pytest.fixture(scope="module")
def council_world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


def _people_except(user):
    """Every demo person's full name and e-mail address, except the viewer's own (the header
    shows who is signed in)."""
    from reisbureau.models import User

    strings = set()
    for first, last, email in User.objects.exclude(pk=user.pk).values_list(
            "first_name", "last_name", "email"):
        full = f"{first} {last}".strip()
        if first and last:
            strings.add(full)
        strings.add(email)
    return strings


@pytest.mark.django_db
def test_no_page_the_council_opens_names_a_person(council_world):
    users, objects = council_world
    council = users["council"]
    client = Client()
    client.force_login(council)
    people = _people_except(council)
    assert len(people) > 100  # the demo's sixty-odd employees, names and e-mails
    pages = [(name, reverse(name, kwargs=row.kwargs(objects)))
             for name, row in sorted(access.MATRIX.items()) if row.expected("council") == 200]
    assert {"impact:progress_report_detail", "impact:progress_report_pdf",
            "impact:dashboard", "customs:register"} <= {name for name, _url in pages}
    found = []
    for name, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        found += [f"{name} ({url}): {person}" for person in people if person in text]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_the_check_can_fail_a_page_with_names_is_closed_to_the_council(council_world):
    """The demo traveller's name is on pages the council may not open (the people list is
    403): the walk above would catch it if the council got in."""
    users, _objects = council_world
    client = Client()
    client.force_login(users["agency_staff"])
    detail = reverse("reisbureau:person_detail", kwargs={"pk": users["traveller"].pk})
    page = client.get(detail).content.decode()
    assert users["traveller"].get_full_name() in page
    client.force_login(users["council"])
    assert client.get(detail).status_code == 403
    assert client.get(reverse("community:board")).status_code == 403


@pytest.mark.django_db
def test_a_council_member_with_another_role_keeps_that_role(make_user, client):
    both = make_user("council", "traveller")
    client.force_login(both)
    assert client.get(reverse("community:board")).status_code == 200
    assert client.get(reverse("impact:progress_reports")).status_code == 200


@pytest.mark.django_db
def test_the_council_cannot_write_through_an_unmarked_page(council, client):
    client.force_login(council)
    response = client.post(reverse("journeys:request"), {"note": "Graag een reis"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_council_menu_holds_only_pages_it_may_open(council, traveller):
    from reisbureau.navigation import nav_for

    urls = {item["url"] for item in nav_for(council)}
    assert urls == {reverse("home"), reverse("impact:index"), reverse("customs:register"),
                    reverse("algoritmeregister:index")}
    assert reverse("community:index") in {item["url"] for item in nav_for(traveller)}
