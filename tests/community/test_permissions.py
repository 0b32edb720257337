"""Who may use which community page: a role that may, one that may not, anonymous users go to
the login page, and someone else's private object is a 404."""

import pytest
from django.urls import reverse

from community import permissions
from community.models import Prompt
from tests.community.factories import PromptFactory, ReplyFactory, TopicFactory, WeeklyTipFactory
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _urls(prompt, topic, reply, tip, report_pk=1):
    return [
        ("get", reverse("community:index")),
        ("get", reverse("community:prompts")),
        ("get", reverse("community:prompt_new")),
        ("get", reverse("community:prompt_export")),
        ("get", reverse("community:prompt_import")),
        ("get", reverse("community:prompt_detail", args=[prompt.pk])),
        ("get", reverse("community:prompt_edit", args=[prompt.pk])),
        ("get", reverse("community:prompt_improve", args=[prompt.pk])),
        ("post", reverse("community:prompt_action", args=[prompt.pk, "nuttig"])),
        ("post", reverse("community:prompt_copied", args=[prompt.pk])),
        ("get", reverse("community:board")),
        ("get", reverse("community:topic_new")),
        ("get", reverse("community:topic_detail", args=[topic.pk])),
        ("post", reverse("community:topic_reply", args=[topic.pk])),
        ("post", reverse("community:topic_follow", args=[topic.pk])),
        ("post", reverse("community:topic_accept", args=[topic.pk, reply.pk])),
        ("post", reverse("community:post_report", args=["reactie", reply.pk])),
        ("get", reverse("community:moderation")),
        ("post", reverse("community:post_hide", args=["reactie", reply.pk])),
        ("post", reverse("community:report_dismiss", args=[report_pk])),
        ("get", reverse("community:tips")),
        ("get", reverse("community:tip_detail", args=[tip.pk])),
        ("post", reverse("community:tip_preference")),
        ("get", reverse("community:tip_new")),
        ("get", reverse("community:tip_edit", args=[tip.pk])),
    ]


def test_anonymous_users_go_to_the_login_page_everywhere(client):
    topic = TopicFactory()
    urls = _urls(PromptFactory(), topic, ReplyFactory(topic=topic), WeeklyTipFactory())
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert Prompt.objects.get().copy_count == 0


@pytest.mark.parametrize("name", ["index", "prompts", "prompt_new", "prompt_import", "board",
                                  "topic_new", "tips"])
def test_every_traveller_uses_the_community_pages(client, traveller, name):
    client.force_login(traveller)
    assert client.get(reverse(f"community:{name}")).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("traveller", 403), ("key_user", 200),
                                             ("agency_staff", 200)])
def test_moderation_is_for_key_users_and_agency_staff(client, make_user, who, status):
    user = make_user("traveller", is_key_user=True) if who == "key_user" else make_user(who)
    reply = ReplyFactory()
    client.force_login(user)
    assert client.get(reverse("community:moderation")).status_code == status
    response = client.post(reverse("community:post_hide", args=["reactie", reply.pk]),
                           {"reason": "Persoonsgegevens"})
    assert response.status_code == (403 if status == 403 else 302)
    reply.refresh_from_db()
    assert reply.is_hidden is (status == 200)


@pytest.mark.parametrize(("role", "status"), [("traveller", 403), ("manager", 403),
                                              ("agency_staff", 200)])
def test_tips_are_scheduled_by_agency_staff(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("community:tip_new")).status_code == status


def test_private_and_department_prompts_are_404_for_others(client, make_user):
    sales, other_dept = DepartmentFactory(name="Publiekszaken"), DepartmentFactory(name="Ruimte")
    author = make_user("traveller", department=sales)
    colleague = make_user("traveller", department=sales)
    outsider = make_user("traveller", department=other_dept)
    private = PromptFactory(author=author, private=True)
    department = PromptFactory(author=author, for_department=True)
    draft = PromptFactory(author=author, draft=True)
    client.force_login(outsider)
    for prompt in (private, department, draft):
        for name in ("prompt_detail", "prompt_edit", "prompt_improve"):
            assert client.get(reverse(f"community:{name}", args=[prompt.pk])).status_code == 404
        assert client.post(reverse("community:prompt_action",
                                   args=[prompt.pk, "nuttig"])).status_code == 404
    client.force_login(colleague)
    assert client.get(reverse("community:prompt_detail", args=[department.pk])).status_code == 200
    assert client.get(reverse("community:prompt_detail", args=[private.pk])).status_code == 404
    client.force_login(author)
    for prompt in (private, department, draft):
        assert client.get(prompt.get_absolute_url()).status_code == 200


def test_only_the_author_edits_a_prompt(client, traveller, make_user):
    prompt = PromptFactory(author=make_user("traveller"))
    client.force_login(traveller)
    url = reverse("community:prompt_edit", args=[prompt.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Gekaapt", "text": "x",
                             "visibility": "everyone"}).status_code == 403
    prompt.refresh_from_db()
    assert prompt.title != "Gekaapt"
    client.force_login(prompt.author)
    assert client.get(url).status_code == 200


def test_hidden_topics_are_404_for_travellers_but_not_for_author_and_moderators(
        client, traveller, make_user):
    author = make_user("traveller")
    topic = TopicFactory(author=author, is_hidden=True, hidden_reason="Reclame")
    url = topic.get_absolute_url()
    client.force_login(traveller)
    assert client.get(url).status_code == 404
    assert client.post(reverse("community:topic_reply", args=[topic.pk]),
                       {"body": "Hallo"}).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200
    client.force_login(make_user("traveller", is_key_user=True))
    assert "Reclame" in client.get(url).content.decode()


def test_scheduled_tips_are_404_for_travellers(client, traveller, agency_staff):
    tip = WeeklyTipFactory()
    client.force_login(traveller)
    assert client.get(tip.get_absolute_url()).status_code == 404
    client.force_login(agency_staff)
    assert client.get(tip.get_absolute_url()).status_code == 200
    assert client.get(reverse("community:tip_edit", args=[tip.pk])).status_code == 200


def test_policy_visible_matches_can_view(traveller, make_user):
    mine = PromptFactory(author=traveller, private=True)
    theirs = PromptFactory(author=make_user("traveller"), private=True)
    assert permissions.prompts.can_view(traveller, mine)
    assert not permissions.prompts.can_view(traveller, theirs)
