"""Every learning action, as anonymous, as a role that may not, and (where it exists) as one
that may: nothing changes for those who may not."""

import pytest
from django.urls import reverse

from learning.models import (
    KeyUserProfile,
    PromptathonTeam,
    TrainingRegistration,
)
from tests.learning.factories import ChallengeFactory, PromptathonFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def _login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", [
    "learning:training_register", "learning:training_cancel", "learning:training_attendance",
])
def test_training_actions_need_login(client, name):
    session = TrainingFactory()
    assert _login_redirect(client.post(reverse(name, args=[session.pk])))
    assert not TrainingRegistration.objects.exists()


def test_attendance_is_for_the_trainer_and_agency_staff_only(client, make_user, traveller):
    session = TrainingFactory()
    client.force_login(traveller)
    assert client.get(reverse("learning:training_attendance", args=[session.pk])).status_code == 403
    assert client.post(reverse("learning:training_attendance", args=[session.pk]),
                       {"aanwezig": []}).status_code == 403
    client.force_login(session.trainer)
    assert client.get(reverse("learning:training_attendance", args=[session.pk])).status_code == 200


def test_unknown_training_is_404(client, traveller):
    client.force_login(traveller)
    for name in ("learning:training_detail", "learning:training_register",
                 "learning:training_attendance"):
        response = client.post(reverse(name, args=[999999])) if name != \
            "learning:training_detail" else client.get(reverse(name, args=[999999]))
        assert response.status_code == 404, name


@pytest.mark.parametrize("name", ["learning:training_new", "learning:promptathon_new",
                                  "learning:key_user_appoint", "learning:toolkit_new",
                                  "learning:pack_export", "learning:pack_import"])
def test_agency_pages_refuse_travellers_and_managers(client, name, traveller, manager,
                                                     agency_staff):
    url = reverse(name)
    assert _login_redirect(client.get(url))
    for user in (traveller, manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


def test_promptathon_actions_need_login_and_publishing_needs_agency(client, traveller):
    event = PromptathonFactory()
    challenge = ChallengeFactory(promptathon=event)
    for url in (reverse("learning:team_create", args=[event.pk]),
                reverse("learning:submission_save", args=[challenge.pk]),
                reverse("learning:winners_publish", args=[event.pk])):
        assert _login_redirect(client.post(url))
    client.force_login(traveller)
    assert client.post(reverse("learning:winners_publish", args=[event.pk])).status_code == 403
    assert client.post(reverse("learning:team_join", args=[999999])).status_code == 404
    assert client.post(reverse("learning:vote_cast", args=[999999])).status_code == 404
    assert not PromptathonTeam.objects.exists()


def test_only_agency_staff_dismiss_key_users(client, make_user, traveller):
    key_user = make_user("traveller", is_key_user=True)
    url = reverse("learning:key_user_dismiss", args=[key_user.pk])
    assert _login_redirect(client.post(url))
    client.force_login(traveller)
    assert client.post(url).status_code == 403
    key_user.refresh_from_db()
    assert key_user.is_key_user
    assert not KeyUserProfile.objects.filter(user=key_user, expertise="x").exists()


def test_literacy_register_is_for_managers_and_agency_staff(client, traveller, adviser, manager):
    url = reverse("learning:literacy_register")
    assert _login_redirect(client.get(url))
    for user in (traveller, adviser):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200
