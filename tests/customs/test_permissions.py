"""Every customs view, both ways: a role that may, one that may not (403), anonymous (login),
and someone else's object (404)."""

import pytest
from django.urls import reverse

from tests.customs.factories import (
    CustomsDecisionFactory,
    CustomsSessionFactory,
    ExclusionRuleFactory,
    MeasureFactory,
    SubmissionFactory,
)
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    submission = SubmissionFactory()
    return {"session": CustomsSessionFactory(), "submission": submission,
            "measure": MeasureFactory(), "rule": ExclusionRuleFactory()}


def _officer_urls(o):
    return [
        ("get", reverse("customs:sessions")),
        ("get", reverse("customs:session_next")),
        ("post", reverse("customs:session_plan")),
        ("get", reverse("customs:sessions_ics")),
        ("get", reverse("customs:session_detail", args=[o["session"].pk])),
        ("get", reverse("customs:submission_detail", args=[o["submission"].pk])),
        ("post", reverse("customs:decide", args=[o["submission"].pk])),
        ("get", reverse("customs:measures")),
        ("get", reverse("customs:measure_new")),
        ("get", reverse("customs:measure_edit", args=[o["measure"].pk])),
        ("get", reverse("customs:rules")),
        ("get", reverse("customs:rule_new")),
        ("get", reverse("customs:rule_edit", args=[o["rule"].pk])),
    ]


def _register_urls():
    return [("get", reverse("customs:audit")), ("get", reverse("customs:register")),
            ("get", reverse("customs:register_export", args=["csv"])),
            ("get", reverse("customs:register_export", args=["json"]))]


def test_anonymous_users_go_to_login_everywhere(client, objects):
    task = objects["submission"].task
    urls = _officer_urls(objects) + _register_urls() + [
        ("get", reverse("customs:index")),
        ("get", reverse("customs:submit_task", args=[task.pk])),
        ("get", reverse("customs:task_history", args=[task.pk]))]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_only_officers_see_queue_sessions_and_questionnaires(client, objects, officer,
                                                             adviser, traveller, agency_staff):
    client.force_login(officer)
    for method, url in _officer_urls(objects):
        if method == "get":
            assert client.get(url, follow=True).status_code == 200, url
    for user in (adviser, traveller, agency_staff):
        client.force_login(user)
        for method, url in _officer_urls(objects):
            assert getattr(client, method)(url).status_code == 403, (user, url)


def test_registers_are_for_officers_and_agency_staff(client, officer, agency_staff, adviser,
                                                     traveller, manager):
    for user in (officer, agency_staff):
        client.force_login(user)
        for _, url in _register_urls():
            assert client.get(url).status_code == 200, url
    for user in (adviser, traveller, manager):
        client.force_login(user)
        for _, url in _register_urls():
            assert client.get(url).status_code == 403, url


def test_index_shows_the_queue_to_officers_and_own_submissions_to_advisers(
        client, officer, adviser, traveller, make_user):
    mine = SubmissionFactory(task__journey__adviser=adviser, task__work_task="Mijn taak")
    SubmissionFactory(task__work_task="Andermans taak")
    client.force_login(officer)
    queue = client.get(reverse("customs:index")).content.decode()
    assert "Douanewachtrij" in queue and "Mijn taak" in queue and "Andermans taak" in queue
    client.force_login(adviser)
    page = client.get(reverse("customs:index")).content.decode()
    assert "Mijn taak" in page and "Andermans taak" not in page and "Douanewachtrij" not in page
    assert mine.pk
    client.force_login(traveller)
    assert client.get(reverse("customs:index")).status_code == 403


def test_submitting_someone_elses_task_is_404_and_travellers_get_403(client, adviser,
                                                                    make_user, traveller):
    own = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travellers=[traveller]))
    other = JourneyTaskFactory()
    client.force_login(adviser)
    assert client.get(reverse("customs:submit_task", args=[own.pk])).status_code == 200
    assert client.get(reverse("customs:submit_task", args=[other.pk])).status_code == 404
    assert client.get(reverse("customs:submit_task", args=[999999])).status_code == 404
    client.force_login(traveller)
    assert client.get(reverse("customs:submit_task", args=[own.pk])).status_code == 403


def test_task_history_for_its_people_and_officers_404_for_others(client, adviser, traveller,
                                                                 officer, make_user):
    decision = CustomsDecisionFactory(submission__task__journey__adviser=adviser,
                                      submission__task__journey__travellers=[traveller],
                                      rationale="Zichtbaar voor de reiziger")
    url = reverse("customs:task_history", args=[decision.task_id])
    for user in (adviser, traveller, officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "Zichtbaar voor de reiziger" in \
            response.content.decode()
    client.force_login(traveller)
    # Travellers see the decision, never the questionnaire's details.
    assert "Vragenlijst" not in client.get(url).content.decode()
    for stranger in (make_user("traveller"), make_user("adviser", "traveller")):
        client.force_login(stranger)
        assert client.get(url).status_code == 404


def test_an_unknown_submission_or_session_is_404_for_officers(client, officer):
    client.force_login(officer)
    assert client.get(reverse("customs:submission_detail", args=[99999])).status_code == 404
    assert client.get(reverse("customs:session_detail", args=[99999])).status_code == 404
    assert client.post(reverse("customs:decide", args=[99999])).status_code == 404
