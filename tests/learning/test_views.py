import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from learning import pack
from community.models import Prompt
from customs.models import ExclusionRule, Measure
from journeys.models import StandardJourney
from reisbureau.exceptions import DomainError

from .factories import PromptathonFactory, TrainingFactory

pytestmark = pytest.mark.django_db

EVERYONE_PAGES = ["learning:trainings", "learning:promptathons", "learning:key_users",
                  "learning:toolkit", "learning:training_calendar"]


@pytest.mark.parametrize("name", EVERYONE_PAGES)
def test_pages_for_everyone_signed_in_and_login_for_anonymous(client, traveller, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    client.force_login(traveller)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["learning:literacy_register", "learning:training_new",
                                  "learning:promptathon_new", "learning:key_user_appoint",
                                  "learning:toolkit_new", "learning:pack_export",
                                  "learning:pack_import"])
def test_role_gated_pages_refuse_travellers(client, traveller, agency_staff, name):
    url = reverse(name)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(traveller)
    assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


def test_register_for_managers_with_csv(client, manager):
    client.force_login(manager)
    response = client.get(reverse("learning:literacy_register") + "?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert manager.email in response.content.decode()


def test_register_query_count_does_not_grow(client, manager, make_user,
                                             django_assert_max_num_queries):
    client.force_login(manager)
    url = reverse("learning:literacy_register")
    for _i in range(5):
        make_user("traveller")
    # 14 before the literacy requirements; +3: the requirements and meets/due/lacks per
    # department and per function group.
    with django_assert_max_num_queries(17):
        client.get(url)
    for _i in range(20):
        make_user("traveller")
    with django_assert_max_num_queries(17):
        client.get(url)


def test_training_list_query_count_does_not_grow(client, traveller,
                                                  django_assert_max_num_queries):
    client.force_login(traveller)
    TrainingFactory.create_batch(3)
    # Each count is of a second request: the roles and permissions are cached by the first
    # (and read again after the new trainers were given roles).
    client.get(reverse("learning:trainings"))
    # +2 for the traveller's own literacy: the requirements and a session that fits.
    with django_assert_max_num_queries(9):
        client.get(reverse("learning:trainings"))
    TrainingFactory.create_batch(15)
    client.get(reverse("learning:trainings"))
    with django_assert_max_num_queries(9):
        client.get(reverse("learning:trainings"))


def test_attendance_page_is_for_trainer_only(client, traveller):
    session = TrainingFactory()
    client.force_login(traveller)
    assert client.get(reverse("learning:training_attendance", args=[session.pk])
                      ).status_code == 403
    client.force_login(session.trainer)
    assert client.get(reverse("learning:training_attendance", args=[session.pk])
                      ).status_code == 200
    assert client.get(reverse("learning:training_detail", args=[999999])).status_code == 404


def test_full_team_join_gives_a_dutch_message(client, make_user):
    event = PromptathonFactory(team_size=1)
    owner, other = make_user("traveller"), make_user("traveller")
    client.force_login(owner)
    client.post(reverse("learning:team_create", args=[event.pk]), {"name": "Alfa"})
    team = event.teams.get()
    client.force_login(other)
    response = client.post(reverse("learning:team_join", args=[team.pk]), follow=True)
    assert "Dit team is vol" in response.content.decode()
    assert team.members.count() == 1


def test_pack_from_the_demo_imports_into_an_empty_database(transactional_db, make_user):
    call_command("seed_demo")
    exported = pack.pack_export()
    assert exported["schema_version"] == 2 and exported["standard_journeys"]
    call_command("flush", interactive=False)
    from django.contrib.auth.models import Group

    from reisbureau.roles import ensure_groups, sync_role_permissions

    ensure_groups(Group)
    sync_role_permissions()
    staff = make_user("agency_staff")
    data = json.dumps(exported).encode()
    result = pack.pack_import(actor=staff, data=data)
    assert result["standard_journeys"] == len(exported["standard_journeys"])
    again = pack.pack_export()
    for key in ("standard_journeys", "prompts", "measures", "exclusion_rules"):
        assert again[key] == exported[key]
    counts = (StandardJourney.objects.count(), Prompt.objects.count(), Measure.objects.count(),
              ExclusionRule.objects.count())
    second = pack.pack_import(actor=staff, data=data)
    assert second["standard_journeys"] == second["prompts"] == second["measures"] == 0
    assert counts == (StandardJourney.objects.count(), Prompt.objects.count(),
                      Measure.objects.count(), ExclusionRule.objects.count())


def test_malformed_or_newer_pack_is_refused_whole(agency_staff):
    good_measure = {"title": "Alleen op een gemeentelaptop"}
    bad = {"format": "reisbureau-toolkit", "schema_version": 1, "measures": [good_measure],
           "prompts": [{"title": "", "text": "x", "tool": "onbekend"}]}
    with pytest.raises(pack.PackError) as exc:
        pack.pack_import(actor=agency_staff, data=json.dumps(bad).encode())
    assert any("prompts[1].title" in p for p in exc.value.problems)
    assert any("prompts[1].tool" in p for p in exc.value.problems)
    assert not Measure.objects.exists()
    newer = {"format": "reisbureau-toolkit", "schema_version": 3, "measures": [good_measure]}
    with pytest.raises(pack.PackError) as exc:
        pack.pack_import(actor=agency_staff, data=json.dumps(newer).encode())
    assert "nieuwer" in exc.value.problems[0]
    with pytest.raises(DomainError):
        pack.pack_import(actor=agency_staff, data=b"{niet json")
    assert not Measure.objects.exists()


def test_pack_import_view_shows_the_report(client, agency_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agency_staff)
    upload = SimpleUploadedFile("pakket.json", b'{"format": "x"}', "application/json")
    response = client.post(reverse("learning:pack_import"), {"file": upload})
    assert response.status_code == 200
    assert "geweigerd" in response.content.decode()
