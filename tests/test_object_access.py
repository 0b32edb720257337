"""Someone else's journey, private prompt, survey answer, interview note and time log.

Every role that may not see such an object gets the same 404 as for an object that does not
exist (not a 403, which would confirm it exists), and never its contents. Users hold exactly one
role, as in the access matrix; "another traveller" and "another adviser" are extra employees.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import access

SECRET = "GEHEIM-7731"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from access.demo_world(django_db_blocker)


@pytest.fixture
def people(world, db):
    """Every role plus another traveller and another adviser, each with a logged-in client."""
    from reisbureau.models import User

    users, objects = world
    extra = {
        "other_traveller": ("medewerker30@voorbeeldstad.example", "traveller"),
        "other_adviser": ("medewerker31@voorbeeldstad.example", "adviser"),
    }
    everyone = dict(users)
    for key, (email, role) in extra.items():
        user = User.objects.get(email=email)
        user.groups.set([Group.objects.get(name=role)])
        everyone[key] = user
    clients = {"anonymous": Client()}
    for key, user in everyone.items():
        client = Client()
        client.force_login(user)
        clients[key] = client
    return everyone, clients, objects


def _assert_hidden(clients, who, url, secret):
    for key in who:
        response = clients[key].get(url)
        assert response.status_code == 404, f"{key} GET {url}: {response.status_code}"
        assert secret not in response.content.decode(), f"{key} sees {secret!r} at {url}"


def _assert_login(clients, url):
    response = clients["anonymous"].get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- journeys ---------------------------------------------------------------------------------

def test_another_travellers_closed_journey_is_404_to_travellers_officers_and_managers(people):
    _users, clients, objects = people
    journey = objects.evaluating_journey  # the demo traveller is not on it; it is not open
    task = journey.tasks.first()
    for url in (reverse("journeys:detail", kwargs={"pk": journey.pk}),
                reverse("journeys:report_write", kwargs={"pk": journey.pk}),
                reverse("journeys:evaluation", kwargs={"pk": journey.pk}),
                reverse("customs:task_history", kwargs={"task_pk": task.pk})):
        _assert_hidden(clients, ["traveller", "other_traveller", "manager"], url, journey.title)
        _assert_login(clients, url)
    # Officers see a task's customs history (they decide on it), not the journey itself.
    _assert_hidden(clients, ["officer"], reverse("journeys:detail", kwargs={"pk": journey.pk}),
                   journey.title)
    # Its own adviser and agency staff see it.
    for key in ("adviser", "agency_staff"):
        response = clients[key].get(reverse("journeys:detail", kwargs={"pk": journey.pk}))
        assert response.status_code == 200
        assert journey.title in response.content.decode()


def test_someone_elses_dpia_is_404_to_everyone_but_officers_and_its_owner(people):
    from customs.models import ImpactAssessment

    _users, clients, _objects = people
    dpia = ImpactAssessment.objects.filter(
        submission__task__work_task="Inspraakreacties van inwoners ordenen", kind="dpia").get()
    url = reverse("customs:assessment", kwargs={"pk": dpia.pk})
    _assert_hidden(clients, ["other_adviser", "traveller", "other_traveller", "manager",
                             "agency_staff"], url, dpia.reference)
    _assert_login(clients, url)
    for key in ("adviser", "officer"):  # its owner, and officers
        assert clients[key].get(url).status_code == 200
    before = ImpactAssessment.objects.get(pk=dpia.pk).status
    response = clients["other_adviser"].post(url, {f"beoordeling{dpia.pk}-status": "to_do"})
    assert response.status_code == 404
    assert ImpactAssessment.objects.get(pk=dpia.pk).status == before


def test_another_advisers_journey_logs_are_404_to_an_adviser(people):
    _users, clients, objects = people
    url = reverse("impact:journey_savings", kwargs={"journey_pk": objects.journey.pk})
    _assert_hidden(clients, ["other_adviser"], url, objects.journey.title)
    assert clients["adviser"].get(url).status_code == 200


def test_a_posted_change_to_someone_elses_journey_changes_nothing(people):
    _users, clients, objects = people
    journey = objects.evaluating_journey
    count = journey.tasks.count()
    response = clients["traveller"].post(reverse("journeys:task_add", kwargs={"pk": journey.pk}),
                                         {"work_task": SECRET, "tool": "chat"})
    assert response.status_code in (403, 404)
    assert journey.tasks.count() == count


# --- prompts ----------------------------------------------------------------------------------

def test_a_private_prompt_is_404_to_everyone_but_its_author(people):
    from community.models import Prompt

    users, clients, _objects = people
    prompt = Prompt.objects.get(author=users["traveller"], visibility="private")
    for name in ("community:prompt_detail", "community:prompt_edit",
                 "community:prompt_improve"):
        url = reverse(name, kwargs={"pk": prompt.pk})
        _assert_hidden(clients, ["other_traveller", "adviser", "officer", "manager",
                                 "agency_staff"], url, prompt.text)
        _assert_login(clients, url)
    own = clients["traveller"].get(reverse("community:prompt_detail", kwargs={"pk": prompt.pk}))
    assert own.status_code == 200 and prompt.title in own.content.decode()
    for key in ("other_traveller", "agency_staff"):
        listing = clients[key].get(reverse("community:prompts"), {"q": "mailsjabloon"})
        assert prompt.title not in listing.content.decode()


def test_a_department_prompt_is_404_outside_the_department(people):
    from community.models import Prompt

    users, clients, _objects = people
    prompt = Prompt.objects.get(visibility="department", author=users["officer"])
    url = reverse("community:prompt_detail", kwargs={"pk": prompt.pk})
    outside = [key for key in ("traveller", "manager")
               if users[key].department_id != prompt.department_id]
    assert outside
    _assert_hidden(clients, outside, url, prompt.text)
    assert clients["adviser"].get(url).status_code == 200  # same department (Bedrijfsvoering)


def test_a_posted_edit_to_a_private_prompt_of_someone_else_changes_nothing(people):
    from community.models import Prompt

    users, clients, _objects = people
    prompt = Prompt.objects.get(author=users["traveller"], visibility="private")
    response = clients["agency_staff"].post(
        reverse("community:prompt_edit", kwargs={"pk": prompt.pk}),
        {"title": SECRET, "text": SECRET, "visibility": "everyone"})
    assert response.status_code == 404
    prompt.refresh_from_db()
    assert prompt.title != SECRET and prompt.visibility == "private"


# --- survey answers ---------------------------------------------------------------------------

@pytest.fixture
def closed_survey_answer(people):
    from impact.models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

    everyone, _clients, _objects = people
    survey = Survey.objects.create(title="Besloten peiling", is_open=False,
                                   created_by=everyone["agency_staff"])
    question = SurveyQuestion.objects.create(survey=survey, order=1, kind=QuestionKind.OPEN,
                                             text="Wat vindt u ervan?")
    response = SurveyResponse.objects.create(survey=survey, respondent=everyone["other_traveller"],
                                             submitted_at=timezone.now())
    SurveyAnswer.objects.create(response=response, question=question, text=SECRET)
    return survey


def test_a_survey_answer_is_404_to_everyone_not_asked(people, closed_survey_answer):
    _users, clients, _objects = people
    url = reverse("impact:survey_answer", kwargs={"pk": closed_survey_answer.pk})
    _assert_hidden(clients, ["traveller", "adviser", "officer"], url, SECRET)
    _assert_login(clients, url)
    own = clients["other_traveller"].get(url)
    assert own.status_code == 200 and SECRET in own.content.decode()


def test_survey_readers_see_no_one_elses_answer_on_the_answer_page(people, closed_survey_answer):
    _users, clients, _objects = people
    url = reverse("impact:survey_answer", kwargs={"pk": closed_survey_answer.pk})
    for key in ("manager", "agency_staff"):
        response = clients[key].get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


# --- interview notes --------------------------------------------------------------------------

def test_interview_notes_reach_no_role_that_may_not_read_them(people):
    """Interviews have no page of their own: the list is the only place their notes appear, and
    it is role-gated (403 for roles that never see interviews, whatever the object)."""
    from impact.models import Interview

    users, clients, _objects = people
    Interview.objects.create(interviewer=users["adviser"], held_on=timezone.localdate(),
                             subject="Team Burgerzaken", themes=[], notes=SECRET)
    url = reverse("impact:interviews")
    for key in ("traveller", "other_traveller", "officer", "manager"):
        response = clients[key].get(url)
        assert response.status_code == 403, key
        assert SECRET not in response.content.decode()
        assert SECRET not in clients[key].get(reverse("my_data")).content.decode()
    _assert_login(clients, url)
    assert SECRET in clients["adviser"].get(url).content.decode()


# --- time logs --------------------------------------------------------------------------------

def test_another_persons_time_log_is_404_to_every_role(people):
    from impact.models import TimeSaving

    users, clients, objects = people
    entry = objects.time_saving  # the demo traveller's own
    url = reverse("impact:saving_edit", kwargs={"pk": entry.pk})
    _assert_hidden(clients, ["other_traveller", "adviser", "officer", "manager", "agency_staff"],
                   url, entry.note or f'value="{entry.minutes}"')
    _assert_login(clients, url)
    assert clients["traveller"].get(url).status_code == 200

    response = clients["agency_staff"].post(url, {"delete": "1"})
    assert response.status_code == 404
    assert TimeSaving.objects.filter(pk=entry.pk).exists()
