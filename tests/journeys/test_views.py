"""The journeys pages: what each role sees and does, htmx fragments, and query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys.constants import JourneyStatus, TaskStatus
from journeys.models import InventoryEntry, Journey, JourneyRequest, JourneyTask, TravelReport
from reisbureau.models import AuditEntry
from tests.factories import StaffingFactory
from tests.journeys.factories import (
    EvaluationFactory,
    InventoryEntryFactory,
    JourneyFactory,
    JourneyRequestFactory,
    JourneyTaskFactory,
    StandardJourneyFactory,
    TaskTestFactory,
    TravelReportFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_traveller_reports_a_time_eater(client, traveller):
    client.force_login(traveller)
    response = client.post(reverse("journeys:index"), {
        "title": "Notulen uitwerken", "frequency": "weekly", "minutes_per_week": "180",
        "kind": "routine", "data_touched": "Vergaderstukken"}, follow=True)
    assert "Uw tijdvreter staat in de inventarisatie" in response.content.decode()
    assert InventoryEntry.objects.get().employee == traveller


def test_absurd_minutes_get_a_dutch_form_error(client, traveller):
    client.force_login(traveller)
    response = client.post(reverse("journeys:index"), {
        "title": "Notulen", "frequency": "weekly", "minutes_per_week": "5000",
        "kind": "routine"})
    assert response.status_code == 200
    assert "2400" in response.content.decode()
    assert not InventoryEntry.objects.exists()


def test_workshop_records_several_employees(client, adviser, make_user):
    a, b = make_user("traveller"), make_user("traveller")
    data = {"rij-TOTAL_FORMS": "3", "rij-INITIAL_FORMS": "0"}
    for i, person in enumerate((a, b)):
        data.update({f"rij-{i}-employee": person.email, f"rij-{i}-title": f"Taak {i}",
                     f"rij-{i}-frequency": "daily", f"rij-{i}-minutes_per_week": "60",
                     f"rij-{i}-kind": "routine"})
    client.force_login(adviser)
    response = client.post(reverse("journeys:workshop"), data, follow=True)
    assert "2 tijdvreters vastgelegd" in response.content.decode()
    assert InventoryEntry.objects.filter(recorded_by=adviser).count() == 2


def test_each_inventory_row_offers_the_advisers_open_journeys(client, adviser, make_user):
    InventoryEntryFactory(), InventoryEntryFactory()
    mine = JourneyFactory(adviser=adviser, title="Reis <b>één</b>", status=JourneyStatus.PLANNING)
    JourneyFactory(adviser=adviser, title="Afgerond", status=JourneyStatus.COMPLETED)
    JourneyFactory(adviser=make_user("adviser"), title="Van een ander",
                   status=JourneyStatus.PLANNING)
    client.force_login(adviser)
    page = client.get(reverse("journeys:inventory")).content.decode()
    option = f'<option value="{mine.pk}">Reis &lt;b&gt;één&lt;/b&gt;</option>'
    assert page.count(option) == 2  # in both rows, escaped
    assert "Afgerond" not in page and "Van een ander" not in page


def test_inventory_filters_and_sorts_by_time_at_stake(client, adviser, make_user):
    from tests.factories import DepartmentFactory

    dept = DepartmentFactory(name="Sociaal Domein")
    InventoryEntryFactory(title="Kleine tijdvreter", minutes_per_week=30,
                          employee=make_user("traveller", department=dept))
    InventoryEntryFactory(title="Grote tijdvreter", minutes_per_week=600,
                          employee=make_user("traveller", department=dept))
    InventoryEntryFactory(title="Tijdvreter elders", minutes_per_week=900, kind="complex")
    client.force_login(adviser)
    body = client.get(reverse("journeys:inventory"), {"afdeling": dept.pk}).content.decode()
    assert body.index("Grote tijdvreter") < body.index("Kleine tijdvreter")
    assert "Tijdvreter elders" not in body
    assert "630 minuten per week" in body
    body = client.get(reverse("journeys:inventory"), {"soort": "complex"}).content.decode()
    assert "Tijdvreter elders" in body and "Grote tijdvreter" not in body


def test_adviser_turns_an_entry_into_a_journey_in_one_action(client, adviser):
    entry = InventoryEntryFactory(title="Brieven beantwoorden")
    client.force_login(adviser)
    response = client.post(reverse("journeys:inventory_convert", args=[entry.pk]),
                           {"journey": "new"}, follow=True)
    journey = Journey.objects.get()
    assert response.redirect_chain[-1][0] == journey.get_absolute_url()
    assert "Brieven beantwoorden" in response.content.decode()
    assert journey.adviser == adviser and list(journey.travellers.all()) == [entry.employee]


def test_adviser_plans_a_journey_with_travellers(client, adviser, make_user):
    a = make_user("traveller")
    client.force_login(adviser)
    response = client.post(reverse("journeys:new"), {
        "title": "Notuleren met Copilot", "goal": "Sneller notuleren",
        "travellers": f"{a.email}\n", "seats": "5", "is_open": "on"})
    journey = Journey.objects.get()
    assert response["Location"] == journey.get_absolute_url()
    assert journey.is_open and journey.seats == 5 and list(journey.travellers.all()) == [a]


def test_unknown_traveller_email_is_a_form_error(client, adviser):
    client.force_login(adviser)
    response = client.post(reverse("journeys:new"), {"title": "R",
                                                     "travellers": "niemand@x.example"})
    assert "Geen actieve medewerker" in response.content.decode()
    assert not Journey.objects.exists()


def test_request_turns_into_a_journey(client, adviser):
    req = JourneyRequestFactory()
    client.force_login(adviser)
    assert "Ik wil sneller notuleren" in client.get(reverse("journeys:requests")
                                                    ).content.decode()
    page = client.get(reverse("journeys:new") + f"?verzoek={req.pk}").content.decode()
    assert req.traveller.email in page
    client.post(reverse("journeys:new") + f"?verzoek={req.pk}",
                {"title": "Reis", "travellers": req.traveller.email})
    req.refresh_from_db()
    assert req.status == "handled"


def test_htmx_add_task_returns_the_task_section(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    client.force_login(adviser)
    response = client.post(reverse("journeys:task_add", args=[journey.pk]), {
        "work_task": "Notulen", "tool": "copilot_teams", "expected_minutes_saved": "60"},
        **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == "#taken"
    assert body.lstrip().startswith('<section id="taken"') and "<html" not in body
    assert "Taak toegevoegd" in body and "Notulen" in body


def test_add_task_without_js_redirects_and_invalid_shows_errors(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    client.force_login(adviser)
    url = reverse("journeys:task_add", args=[journey.pk])
    assert client.post(url, {"work_task": "A", "tool": "copilot_chat",
                             "expected_minutes_saved": "10"}).status_code == 302
    response = client.post(url, {"work_task": "B", "tool": "copilot_chat",
                                 "expected_minutes_saved": "9999"})
    assert response.status_code == 200 and "<html" in response.content.decode()
    assert JourneyTask.objects.count() == 1


def test_reorder_with_htmx(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    a = JourneyTaskFactory(journey=journey, order=1, work_task="Eerste")
    b = JourneyTaskFactory(journey=journey, order=2, work_task="Tweede")
    client.force_login(adviser)
    response = client.post(reverse("journeys:task_action", args=[journey.pk, b.pk, "omhoog"]),
                           **HTMX)
    body = response.content.decode()
    assert body.index("Tweede") < body.index("Eerste")
    assert "data-focus" in body
    assert list(journey.tasks.values_list("pk", flat=True)) == [b.pk, a.pk]


def test_illegal_move_shows_a_message_and_changes_nothing(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    a = JourneyTaskFactory(journey=journey, order=1)
    client.force_login(adviser)
    response = client.post(reverse("journeys:task_action", args=[journey.pk, a.pk, "omhoog"]),
                           **HTMX)
    assert "staat al bovenaan" in response.content.decode()


def test_edit_task_with_htmx_and_without(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    task = JourneyTaskFactory(journey=journey)
    url = reverse("journeys:task_edit", args=[journey.pk, task.pk])
    client.force_login(adviser)
    fragment = client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and "<form" in fragment
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {"work_task": "Nieuw", "tool": "copilot_word",
                                 "expected_minutes_saved": "15"}, **HTMX)
    assert response["HX-Retarget"] == "#taken" and "Nieuw" in response.content.decode()


def test_submit_to_customs_from_the_journey_page(client, adviser):
    journey = JourneyFactory(adviser=adviser)
    task = JourneyTaskFactory(journey=journey)
    client.force_login(adviser)
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "Indienen bij de douane" in page
    # The button leads to the customs questionnaire; the old direct action is gone.
    assert reverse("customs:submit_task", args=[task.pk]) in page
    assert client.post(reverse("journeys:task_action",
                               args=[journey.pk, task.pk, "douane"])).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    JourneyTask.objects.filter(pk=task.pk).update(status=TaskStatus.AT_CUSTOMS)
    response = client.post(reverse("journeys:task_action",
                                   args=[journey.pk, task.pk, "testen"]), follow=True)
    assert "goedgekeurd" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.AT_CUSTOMS


def test_measures_are_shown_wherever_the_task_appears(client, adviser, traveller):
    journey = JourneyFactory(adviser=adviser, completed=True, travellers=[traveller])
    task = JourneyTaskFactory(journey=journey, with_measures=True)
    entry = InventoryEntryFactory(converted_task=task)
    report = TravelReportFactory(journey=journey)
    client.force_login(adviser)
    for url in (journey.get_absolute_url(), report.get_absolute_url(),
                reverse("journeys:inventory")):
        assert "Alleen op een laptop van de gemeente" in client.get(url).content.decode(), url
    assert entry.pk


def test_traveller_joins_an_open_journey(client, traveller):
    journey = JourneyFactory(open_group=True)
    client.force_login(traveller)
    response = client.post(reverse("journeys:join", args=[journey.pk]), follow=True)
    assert "U bent aangesloten" in response.content.decode()
    assert journey.travellers.filter(pk=traveller.pk).exists()


def test_join_without_free_licence_says_so(client, traveller, agency_staff):
    from reisbureau import services as core

    core.licence_pool_resize(size=0, actor=agency_staff)
    journey = JourneyFactory(open_group=True)
    client.force_login(traveller)
    response = client.post(reverse("journeys:join", args=[journey.pk]), follow=True)
    assert "wachtlijst voor een licentie (plaats 1)" in response.content.decode()
    assert not journey.travellers.exists()


def test_full_journey_message(client, make_user):
    journey = JourneyFactory(is_open=True, seats=1, travellers=[make_user("traveller")])
    client.force_login(make_user("traveller"))
    response = client.post(reverse("journeys:join", args=[journey.pk]), follow=True)
    assert "Deze reis is vol" in response.content.decode()


def test_traveller_requests_a_standard_journey(client, traveller):
    standard = StandardJourneyFactory()
    client.force_login(traveller)
    response = client.post(reverse("journeys:request"),
                           {"standaardreis": standard.pk, "message": "Graag"}, follow=True)
    assert "Uw verzoek ligt bij de reisadviseurs" in response.content.decode()
    assert JourneyRequest.objects.get().standard_journey == standard


def test_standard_journeys_filter_by_persona(client, traveller):
    from tests.factories import PersonaFactory

    notulist = PersonaFactory(name="De notulist")
    StandardJourneyFactory(title="Notuleren", personas=[notulist])
    StandardJourneyFactory(title="Beleid analyseren")
    client.force_login(traveller)
    body = client.get(reverse("journeys:standard_list"), {"persona": notulist.pk}
                      ).content.decode()
    assert "Notuleren" in body and "Beleid analyseren" not in body


def test_agency_staff_create_a_standard_journey(client, agency_staff):
    client.force_login(agency_staff)
    data = {"title": "Excursie brieven", "description": "Brieven", "kind": "excursion",
            "is_published": "on", "taak-TOTAL_FORMS": "2", "taak-INITIAL_FORMS": "0",
            "taak-0-work_task": "Brief opstellen", "taak-0-tool": "copilot_word",
            "taak-0-expected_minutes_saved": "30", "taak-1-tool": "copilot_chat"}
    response = client.post(reverse("journeys:standard_new"), data, follow=True)
    assert "De standaardreis is opgeslagen" in response.content.decode()


def test_adviser_starts_a_journey_from_a_standard_journey(client, adviser):
    standard = StandardJourneyFactory(tasks=["Samenvatten", "Actielijst"])
    client.force_login(adviser)
    response = client.post(reverse("journeys:standard_start", args=[standard.pk]))
    journey = Journey.objects.get()
    assert response["Location"] == journey.get_absolute_url()
    assert journey.tasks.count() == 2


def test_journey_lifecycle_through_the_pages(client, adviser, traveller):
    from reisbureau import services as core

    core.licence_request(user=traveller)
    journey = JourneyFactory(adviser=adviser, travellers=[traveller])
    task = JourneyTaskFactory(journey=journey, cleared=True)
    client.force_login(adviser)
    client.post(reverse("journeys:action", args=[journey.pk, "starten"]))
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.TRAVELLING
    client.post(reverse("journeys:task_action", args=[journey.pk, task.pk, "testen"]))
    client.force_login(traveller)
    client.post(reverse("journeys:task_test", args=[journey.pk, task.pk]), {
        "tested_on": timezone.localdate().isoformat(), "outcome": "works",
        "measured_minutes": "40", "remarks": "Scheelt veel"})
    assert task.tests.count() == 1
    client.force_login(adviser)
    client.post(reverse("journeys:action", args=[journey.pk, "evalueren"]))
    url = reverse("journeys:evaluation", args=[journey.pk])
    response = client.post(url, {f"taak_{task.pk}": "adopt", "works_well": "Notulen",
                                 "resistance": "", "lessons": "Begin klein"}, follow=True)
    assert "de reis is afgerond" in response.content.decode()
    journey.refresh_from_db()
    assert journey.status == JourneyStatus.COMPLETED
    client.force_login(traveller)
    response = client.post(reverse("journeys:report_write", args=[journey.pk]), {
        "title": "Notuleren met AI", "body": "## Wat werkte\n\n<script>x</script>Veel"},
        follow=True)
    body = response.content.decode()
    assert "Notuleren met AI" in body and "<script>x" not in body
    assert "40" in body and "Begin klein" in body
    assert TravelReport.objects.get().author == traveller
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"journey.started", "task.testing_started", "task.test_recorded",
            "journey.evaluation_started", "evaluation.completed", "report.published"} <= actions


def test_reports_are_searchable(client, traveller):
    TravelReportFactory(title="Notuleren met AI", body="Teams")
    TravelReportFactory(title="Beleidsanalyse", body="Word")
    client.force_login(traveller)
    body = client.get(reverse("journeys:reports"), {"q": "notuleren"}).content.decode()
    assert "Notuleren met AI" in body and "Beleidsanalyse" not in body


def test_planning_shows_travellers_against_capacity(client, adviser, make_user):
    StaffingFactory(user=adviser, hours_per_week=36)
    JourneyFactory(adviser=adviser, travelling=True,
                   travellers=[make_user("traveller"), make_user("traveller")])
    client.force_login(adviser)
    response = client.get(reverse("journeys:planning"))
    assert response.context["capacity"] == {"hours": 36, "serving": 2, "capacity": 60,
                                            "over": False}


def test_landing_page_no_longer_says_under_construction(client, traveller):
    client.force_login(traveller)
    assert "wordt gebouwd" not in client.get("/reizen/").content.decode()


# --- Query counts: pinned, and flat as rows grow -------------------------------------------

def _count_queries(client, url, django_assert_max_num_queries, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def _journey_rows(adviser, traveller, make_user, n):
    for _ in range(n):
        journey = JourneyFactory(adviser=adviser, travellers=[traveller, make_user("traveller")],
                                 open_group=True)
        JourneyTaskFactory(journey=journey)


def test_journey_lists_do_not_grow_with_rows(client, adviser, traveller, make_user,
                                             django_assert_max_num_queries):
    _journey_rows(adviser, traveller, make_user, 2)
    StandardJourneyFactory()
    InventoryEntryFactory(employee=traveller, converted_task=JourneyTaskFactory())
    client.force_login(adviser)
    small_planning = _count_queries(client, reverse("journeys:planning"),
                                    django_assert_max_num_queries, 15)
    client.force_login(traveller)
    small_index = _count_queries(client, reverse("journeys:index"),
                                 django_assert_max_num_queries, 15)
    _journey_rows(adviser, traveller, make_user, 6)
    StandardJourneyFactory()
    InventoryEntryFactory(employee=traveller, converted_task=JourneyTaskFactory())
    client.force_login(adviser)
    assert _count_queries(client, reverse("journeys:planning"),
                          django_assert_max_num_queries, 15) == small_planning
    client.force_login(traveller)
    assert _count_queries(client, reverse("journeys:index"),
                          django_assert_max_num_queries, 15) == small_index


def test_inventory_does_not_grow_with_rows(client, adviser, django_assert_max_num_queries):
    for _ in range(2):
        InventoryEntryFactory()
        InventoryEntryFactory(converted_task=JourneyTaskFactory(with_measures=True))
    client.force_login(adviser)
    small = _count_queries(client, reverse("journeys:inventory"),
                           django_assert_max_num_queries, 15)
    for _ in range(8):
        InventoryEntryFactory()
        InventoryEntryFactory(converted_task=JourneyTaskFactory(with_measures=True))
    assert _count_queries(client, reverse("journeys:inventory"),
                          django_assert_max_num_queries, 15) == small


def test_journey_page_does_not_grow_with_tasks(client, adviser, make_user,
                                               django_assert_max_num_queries):
    journey = JourneyFactory(adviser=adviser, travelling=True,
                             travellers=[make_user("traveller")])
    for _ in range(2):
        TaskTestFactory(task=JourneyTaskFactory(journey=journey, testing=True))
        JourneyTaskFactory(journey=journey, with_measures=True)
    client.force_login(adviser)
    small = _count_queries(client, journey.get_absolute_url(),
                           django_assert_max_num_queries, 20)
    for _ in range(6):
        TaskTestFactory(task=JourneyTaskFactory(journey=journey, testing=True))
        JourneyTaskFactory(journey=journey, with_measures=True)
        journey.memberships.create(traveller=make_user("traveller"))
    assert _count_queries(client, journey.get_absolute_url(),
                          django_assert_max_num_queries, 20) == small


def test_evaluation_and_report_pages_render(client, adviser):
    journey = JourneyFactory(adviser=adviser, evaluating=True)
    EvaluationFactory(journey=journey)
    client.force_login(adviser)
    assert client.get(reverse("journeys:evaluation", args=[journey.pk])).status_code == 200
    assert client.get(reverse("journeys:reports")).status_code == 200


def test_start_page_lists_my_active_journeys(client, traveller):
    JourneyFactory(title="Notuleren met Teams", travelling=True, travellers=[traveller])
    JourneyFactory(title="Oude reis", completed=True, travellers=[traveller])
    client.force_login(traveller)
    body = client.get("/").content.decode()
    assert "Notuleren met Teams" in body and "Oude reis" not in body
