"""The customs passport on the pages: requesting it (agency staff only, 404 for others), what
travellers see of a pre-cleared standard journey, and the officers' queue and register."""

import csv
import io

import pytest
from django.urls import reverse

from customs.constants import SubmissionStatus
from customs.models import Submission
from journeys import services as journeys
from journeys.constants import Tool
from journeys.models import Journey
from tests.customs.factories import SAFE_ANSWERS
from tests.customs.test_passport import MEASURES, clear_passport, plan
from tests.journeys.factories import StandardJourneyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard():
    return StandardJourneyFactory(title="Excursie: vragen beantwoorden",
                                  tasks=["Antwoord op een veelgestelde vraag"])


def test_agency_staff_request_the_passport_others_get_a_404(
        client, standard, agency_staff, adviser, traveller, officer):
    url = reverse("journeys:standard_passport", args=[standard.pk])
    for user in (adviser, traveller, officer):
        client.force_login(user)
        assert client.post(url).status_code == 404
    assert not Journey.objects.filter(passport_for=standard).exists()
    client.force_login(agency_staff)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    passport = Journey.objects.get(passport_for=standard)
    assert passport.adviser == agency_staff and passport.tasks.count() == 1
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "Taken van het douanepaspoort" in page
    assert reverse("customs:submit_task", args=[passport.tasks.get().pk]) in page
    # The passport's own page offers only submitting its tasks: no travellers, no new tasks.
    page = client.get(passport.get_absolute_url()).content.decode()
    assert "Dit is het douanepaspoort van de standaardreis" in page
    assert reverse("journeys:add_traveller", args=[passport.pk]) not in page
    assert reverse("journeys:task_add", args=[passport.pk]) not in page
    assert reverse("customs:submit_task", args=[passport.tasks.get().pk]) in page


def test_travellers_see_the_pre_cleared_tasks_with_their_measures(
        client, standard, agency_staff, officer, adviser, traveller):
    clear_passport(agency_staff, officer, standard)
    client.force_login(traveller)
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "Eenmalig goedgekeurd door de douane" in page
    assert all(m in page for m in MEASURES)
    assert "Taken van het douanepaspoort" not in page  # the agency's part
    task = plan(adviser, standard, [traveller])[0]
    page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "De douane keurde deze taak eenmalig goed voor de standaardreis" in page
    assert all(m in page for m in MEASURES)
    history = client.get(reverse("customs:task_history", args=[task.pk])).content.decode()
    assert "de besluiten hieronder gelden ook voor deze taak" in history
    assert "Eenmalig beoordeeld" in history and MEASURES[0] in history
    # The passport itself is the agency's: a traveller does not open it.
    assert client.get(reverse("customs:task_history",
                              args=[task.cleared_under_id])).status_code == 404
    assert client.get(task.cleared_under.journey.get_absolute_url()).status_code == 404


def test_queue_register_and_export_show_what_runs_under_a_passport(
        client, standard, agency_staff, officer, adviser, make_user):
    passport = clear_passport(agency_staff, officer, standard)
    for _ in range(2):
        plan(adviser, standard, [make_user("traveller")])
    reference = passport.tasks.get()
    services_tool_change(officer)
    client.force_login(officer)
    queue = client.get(reverse("customs:index")).content.decode()
    assert "Douanepaspoort van “Excursie: vragen beantwoorden”" in queue
    assert "2 taken vallen onder deze goedkeuring" in queue
    submission = Submission.objects.get(task=reference, status=SubmissionStatus.OPEN)
    detail = client.get(submission.get_absolute_url()).content.decode()
    assert "2 taken vallen onder deze goedkeuring" in detail
    register = client.get(reverse("customs:register")).content.decode()
    assert "Douanepaspoort van “Excursie: vragen beantwoorden”" in register
    history = client.get(reverse("customs:task_history", args=[reference.pk])).content.decode()
    assert "Taken die onder deze goedkeuring vallen" in history
    assert history.count(adviser.display_name) >= 2
    export = client.get(reverse("customs:register_export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()
                                           if export.streaming else export.content.decode())))
    row = next(r for r in rows if r["name"] == "Antwoord op een veelgestelde vraag")
    assert row["standard_journey"] == "Excursie: vragen beantwoorden"
    assert row["tasks_under_clearance"] == "2"


def services_tool_change(officer):
    from customs import services

    services.tool_change_announce(actor=officer, tool=Tool.TEAMS, description="Nieuw model")


def _count(client, url, django_assert_max_num_queries, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_queue_and_register_queries_do_not_grow_with_passports(
        client, agency_staff, officer, adviser, make_user, django_assert_max_num_queries):
    def passport_with_dependents(count):
        standard = StandardJourneyFactory()
        clear_passport(agency_staff, officer, standard)
        for _ in range(count):
            plan(adviser, standard, [make_user("traveller")])

    passport_with_dependents(1)
    services_tool_change(officer)
    client.force_login(officer)
    urls = [reverse("customs:index"), reverse("customs:register"),
            Submission.objects.get(status=SubmissionStatus.OPEN).session.get_absolute_url()]
    small = [_count(client, u, django_assert_max_num_queries, 13) for u in urls]
    for size in (3, 4):
        passport_with_dependents(size)
    services_tool_change(officer)
    assert Submission.objects.filter(status=SubmissionStatus.OPEN).count() == 3
    assert [_count(client, u, django_assert_max_num_queries, 13) for u in urls] == small


def test_a_submission_of_a_changed_copy_is_an_ordinary_queue_item(
        client, standard, agency_staff, officer, adviser):
    clear_passport(agency_staff, officer, standard)
    journeys.standard_journey_save(
        actor=agency_staff, standard_journey=standard, title=standard.title,
        description="", kind=standard.kind, personas=[], function_groups=[], is_published=True,
        tasks=[{"work_task": "Antwoord op een veelgestelde vraag", "tool": Tool.CHAT}])
    task = plan(adviser, standard)[0]
    from customs import services

    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    client.force_login(officer)
    queue = client.get(reverse("customs:index")).content.decode()
    assert "Antwoord op een veelgestelde vraag" in queue
    assert "Douanepaspoort van" not in queue
