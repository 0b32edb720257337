"""The figures are the dashboard's (small groups hidden the same way), the lists page by
cursor and cost a fixed number of queries however many rows they hold."""

import datetime as dt
import itertools

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import figures
from impact import selectors, services
from tests.community.factories import PromptFactory
from tests.factories import DepartmentFactory, FunctionGroupFactory, PersonaFactory, UserFactory
from tests.impact.factories import TimeSavingFactory
from tests.journeys.factories import StandardJourneyFactory
from tests.learning.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def _team(n, **kwargs):
    return [UserFactory(roles=["traveller"], **kwargs) for _ in range(n)]


@pytest.fixture
def small_world(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 5}
    dept, persona = DepartmentFactory(), PersonaFactory()
    large, small = FunctionGroupFactory(name="Groot"), FunctionGroupFactory(name="Klein")
    members = _team(6, department=dept, function_group=large)
    loner = _team(1, department=dept, function_group=small)[0]
    for member in members[:4]:
        member.personas.add(persona)
    for member in members[:5]:
        TimeSavingFactory(traveller=member, minutes=24)
    TimeSavingFactory(traveller=loner, minutes=600)
    services.rollup_rebuild(full=True)
    return dept, large, small, persona


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_figures_are_the_dashboard_s_with_the_same_groups_hidden(small_world, manager):
    dept, large, small, persona = small_world
    client = _as(manager)
    data = client.get(reverse("api:figures"), {"afdeling": dept.pk}).json()
    board = selectors.dashboard(selectors.Filters.default().__class__(
        start=timezone.localdate() - dt.timedelta(days=364), end=timezone.localdate(),
        department=dept))
    assert data["hidden"] is False and data["population"] == board.population == 7
    rows = {r["name"]: r for r in data["function_groups"]}
    assert rows["Groot"]["hours"] == 2.0
    assert rows["Klein"]["hidden"] is True and rows["Klein"]["hours"] is None
    assert data["impact"]["hours_total"] == board.impact["hours_total"]
    assert data["weeks"] == [{"week": r["week"].isoformat(), "hours": r["hours"],
                              "department": dept.name, "function_group": None, "persona": None}
                             for r in board.impact["trend"]]
    # The loner's 600 minutes: only inside the department's total, never on their own.
    only_small = client.get(reverse("api:figures"), {"afdeling": dept.pk,
                                                     "functiegroep": small.pk}).json()
    assert only_small["hidden"] is True and only_small["population"] == 1
    assert only_small["impact"] is None and only_small["weeks"] == []
    assert only_small["function_groups"] == [] and only_small["readiness"] is None
    assert client.get(reverse("api:figure_weeks"), {"functiegroep": small.pk}).json() == []
    # Department + function group + persona narrows to four people: hidden, as on the page.
    narrow = client.get(reverse("api:figures"), {"afdeling": dept.pk, "functiegroep": large.pk,
                                                 "persona": persona.pk}).json()
    assert narrow["hidden"] is True and narrow["population"] == 4
    page = client.get(reverse("impact:dashboard"), {"afdeling": dept.pk,
                                                    "functiegroep": large.pk,
                                                    "persona": persona.pk})
    assert page.context["board"].hidden is True


def test_the_weekly_table_is_the_figures_weeks(small_world, manager):
    dept, large, _small, _persona = small_world
    client = _as(manager)
    query = {"afdeling": dept.pk, "functiegroep": large.pk}
    assert client.get(reverse("api:figure_weeks"), query).json() == client.get(
        reverse("api:figures"), query).json()["weeks"]


def test_a_bad_filter_is_refused_not_ignored(manager):
    client = _as(manager)
    response = client.get(reverse("api:figures"), {"van": "2026-02-31", "afdeling": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"van", "afdeling"}


def test_the_filter_values_are_the_dashboard_s(small_world, manager):
    dept, large, small, persona = small_world
    data = _as(manager).get(reverse("api:figure_filters")).json()
    assert {"id": dept.pk, "name": dept.name} in data["departments"]
    assert {r["name"] for r in data["function_groups"]} >= {"Groot", "Klein"}


def test_lists_page_by_cursor(traveller):
    prompts = [PromptFactory() for _ in range(5)]
    client = _as(traveller)
    seen, url, pages = [], reverse("api:prompts") + "?page_size=2", 0
    while url:
        body = client.get(url).json()
        seen += [p["id"] for p in body["results"]]
        url, pages = body["next"], pages + 1
        assert "page=" not in (url or "") and (url is None or "cursor=" in url)
    assert seen == sorted(p.pk for p in prompts) and pages == 3


def test_public_prompts_only_and_no_author(traveller):
    shared = PromptFactory()
    PromptFactory(private=True)
    PromptFactory(for_department=True, author=UserFactory(department=traveller.department))
    PromptFactory(draft=True)
    data = _as(traveller).get(reverse("api:prompts")).json()["results"]
    assert [p["id"] for p in data] == [shared.pk]
    assert "author" not in data[0] and shared.author.email not in str(data)


def test_standard_journeys_filter_by_kind_and_hide_unpublished(traveller):
    excursion = StandardJourneyFactory(is_published=True, kind="excursion")
    StandardJourneyFactory(is_published=True, kind="full")
    StandardJourneyFactory(is_published=False, kind="excursion")
    client = _as(traveller)
    data = client.get(reverse("api:standard_journeys"), {"soort": "excursion"}).json()
    assert [j["id"] for j in data["results"]] == [excursion.pk]
    assert client.get(reverse("api:standard_journeys"), {"soort": "x"}).status_code == 400


def test_training_sessions_name_no_trainer(traveller):
    session = TrainingFactory()
    data = _as(traveller).get(reverse("api:training_sessions")).json()["results"]
    assert [s["id"] for s in data] == [session.pk] and "trainer" not in data[0]
    assert session.trainer.email not in str(data)


def _training(**kwargs):
    from learning.models import Training

    number = next(_TRAININGS)
    return Training.objects.create(title=f"Training {number}", **kwargs)


_TRAININGS = itertools.count(1)


def test_trainings_on_offer_with_whom_they_are_for(traveller):
    from reisbureau.models import Persona

    persona = Persona.objects.create(name="Beleidsmaker (API)")
    aimed = _training(persona=persona)
    session = TrainingFactory(training=aimed)
    data = _as(traveller).get(reverse("api:trainings")).json()["results"]
    assert [t["id"] for t in data] == [aimed.pk]
    assert data[0]["persona"] == {"id": persona.pk, "name": persona.name}
    assert data[0]["session_count"] == 1
    sessions = _as(traveller).get(reverse("api:training_sessions")).json()["results"]
    assert sessions[0]["training"] == aimed.pk
    assert session.trainer.email not in str(data)


# --- Fixed query counts --------------------------------------------------------------------

def _queries(client, url, django_assert_max_num_queries, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) <= limit, [q["sql"] for q in captured]
    return len(captured)


# endpoint: (build n rows, the most queries it may run)
LISTS = {
    "api:prompts": (lambda n: [PromptFactory() for _ in range(n)], 4),
    "api:standard_journeys": (lambda n: [StandardJourneyFactory(is_published=True)
                                         for _ in range(n)], 7),
    "api:training_sessions": (lambda n: [TrainingFactory() for _ in range(n)], 4),
    "api:trainings": (lambda n: [_training() for _ in range(n)], 4),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_costs_the_same_queries_for_two_rows_as_for_eight(
        name, traveller, django_assert_max_num_queries):
    build, limit = LISTS[name]
    client = _as(traveller)
    build(2)
    # The caller's roles are cached from the second request on (and read again after the new
    # rows' authors were given roles): both counts are of a second request.
    client.get(reverse(name))
    few = _queries(client, reverse(name), django_assert_max_num_queries, limit)
    build(6)
    client.get(reverse(name))
    many = _queries(client, reverse(name), django_assert_max_num_queries, limit)
    assert few == many


@pytest.mark.parametrize("name, limit", [("api:figures", 40), ("api:figure_weeks", 40),
                                         ("api:figure_filters", 8), ("api:me", 6),
                                         ("api:root", 4)])
def test_figures_and_me_cost_a_fixed_number_of_queries(
        name, limit, small_world, manager, django_assert_max_num_queries):
    client = _as(manager)
    first = _queries(client, reverse(name), django_assert_max_num_queries, limit)
    _team(6, department=small_world[0])
    assert _queries(client, reverse(name), django_assert_max_num_queries, limit) == first


def test_the_payload_of_a_hidden_board_has_no_figures():
    board = selectors.Dashboard(filters=selectors.Filters.default(), population=2, hidden=True,
                                min_group=5, objections={"rows": [], "total": 0})
    payload = figures.board_payload(board)
    assert payload["impact"] is None and payload["weeks"] == [] and payload["sentiment"] is None
