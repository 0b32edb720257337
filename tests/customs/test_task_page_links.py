"""The customs page of a task links only to pages its reader may open: an officer who is not
on the journey gets no link back to it (it would be a 404)."""

import re

import pytest
from django.urls import reverse

from tests.customs.factories import SubmissionFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


def _internal_links(html):
    return sorted({link for link in re.findall(r'href="(/[^"]*)"', html)
                   if not link.startswith(("/static/", "/i18n/"))})


@pytest.mark.parametrize("who", ["officer", "adviser", "traveller"])
def test_every_link_on_the_customs_task_page_opens_for_its_reader(client, make_user, who):
    adviser, traveller, officer = (make_user("adviser", "traveller"), make_user("traveller"),
                                   make_user("officer"))
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travellers=[traveller]),
                              at_customs=True)
    SubmissionFactory(task=task)
    reader = {"officer": officer, "adviser": adviser, "traveller": traveller}[who]
    client.force_login(reader)
    page = client.get(reverse("customs:task_history", args=[task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    back = task.journey.get_absolute_url()
    assert (back in html) == (who != "officer")
    if who == "officer":
        assert f"Reis: “{task.journey.title}”" in html
    for link in _internal_links(html):
        path = link.split("#")[0]
        assert client.get(path).status_code == 200, link
