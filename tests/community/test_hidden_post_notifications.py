"""A notification never leads to a board post a moderator hid: its link goes and it says the
post was removed (the text it was sent with stays)."""

import re

import pytest
from django.urls import reverse

from community import services
from reisbureau.models import Notification
from tests.community.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_user):
    asker, follower, replier = (make_user("traveller") for _ in range(3))
    topic = TopicFactory(author=asker)
    services.topic_follow(topic=topic, user=follower, follow=True)
    reply = services.reply_create(topic=topic, author=replier, body="Probeer een tabel.")
    elsewhere = TopicFactory(author=asker)
    services.topic_follow(topic=elsewhere, user=follower, follow=True)
    other = services.reply_create(topic=elsewhere, author=replier, body="Elders.")
    return {"topic": topic, "reply": reply, "follower": follower, "other": other}


def _links(client):
    page = client.get(reverse("notifications")).content.decode()
    return page, re.findall(r'href="(/community/[^"]*)"', page)


def test_hiding_a_topic_removes_the_links_of_its_notifications(client, thread, make_user):
    follower, topic = thread["follower"], thread["topic"]
    client.force_login(follower)
    page, links = _links(client)
    assert thread["reply"].get_absolute_url() in links
    services.post_hide(actor=make_user("agency_staff"), reason="Dubbel", topic=topic)
    page, links = _links(client)
    assert not [link for link in links if link.startswith(topic.get_absolute_url())]
    assert "Dit onderwerp is verwijderd door een moderator." in page
    note = Notification.objects.get(recipient=follower, url=thread["reply"].get_absolute_url())
    assert note.subject.startswith("Nieuwe reactie")  # history stays as it was sent
    # every link left on the page opens
    for link in links:
        assert client.get(link).status_code == 200


def test_hiding_a_reply_removes_only_that_reply_s_links(client, thread, make_user):
    services.post_hide(actor=make_user("agency_staff"), reason="Onjuist", reply=thread["reply"])
    hidden = Notification.objects.get(url=thread["reply"].get_absolute_url())
    assert hidden.link == "" and hidden.link_removed_message == (
        "Deze reactie is verwijderd door een moderator.")
    kept = Notification.objects.get(url=thread["other"].get_absolute_url())
    assert kept.link == kept.url


def test_the_notifications_page_needs_no_query_per_notification(
        client, thread, make_user, django_assert_max_num_queries):
    follower = thread["follower"]
    for _ in range(15):
        services.reply_create(topic=thread["topic"], author=make_user("traveller"), body="Ja.")
    services.post_hide(actor=make_user("agency_staff"), reason="Dubbel", topic=thread["topic"])
    client.force_login(follower)
    client.get(reverse("notifications"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications")).status_code == 200
