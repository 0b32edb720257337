"""Recording a test of a task in use: the journey page renders no test form; opening "Leg een
test vast" loads it (htmx), and without JavaScript its link opens the form as a page. Who may
open and post it, its Dutch errors, and the journey page's queries with many tasks and tests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys.models import TaskTest
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory, TaskTestFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def task(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, travellers=[traveller], travelling=True)
    return JourneyTaskFactory(journey=journey, testing=True, work_task="Notulen uitwerken")


def _url(task):
    return reverse("journeys:task_test", args=[task.journey_id, task.pk])


def _valid(**changes):
    return {"tested_on": timezone.localdate().isoformat(), "outcome": "works",
            "measured_minutes": "40", "remarks": "Scheelt veel", **changes}


def test_the_journey_page_offers_the_form_without_rendering_it(client, task, traveller):
    client.force_login(traveller)
    page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "Leg een test vast van “Notulen uitwerken”" in page
    assert f'hx-get="{_url(task)}"' in page and f'href="{_url(task)}"' in page
    assert "Open het testformulier" in page
    assert f"test{task.pk}_tested_on" not in page and "Test vastleggen" not in page


def test_the_form_is_a_page_without_js_and_a_fragment_for_htmx(client, task, traveller):
    client.force_login(traveller)
    page = client.get(_url(task))
    body = page.content.decode()
    assert page.status_code == 200 and "<html" in body
    assert "<h1" in body and "Leg een test vast van “Notulen uitwerken”" in body
    assert f'id="test{task.pk}_tested_on"' in body and "Test vastleggen" in body
    assert f'value="{timezone.localdate().isoformat()}"' in body
    fragment = client.get(_url(task), **HTMX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and "<h1" not in body
    assert f'id="test{task.pk}_tested_on"' in body and 'hx-target="#taken"' in body
    assert not TaskTest.objects.exists()


def test_posting_without_js_records_and_returns_to_the_task(client, task, traveller):
    client.force_login(traveller)
    response = client.post(_url(task), _valid())
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    test = TaskTest.objects.get()
    assert (test.task, test.measured_minutes, test.recorded_by) == (task, 40, traveller)
    page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "Test vastgelegd." in page and "Scheelt veel" in page


def test_posting_with_htmx_answers_the_task_section_with_focus_on_the_task(client, task,
                                                                           traveller):
    client.force_login(traveller)
    response = client.post(_url(task), _valid(), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="taken"' in body and "<html" not in body
    assert response["HX-Retarget"] == "#taken"
    assert f'id="taak-{task.pk}" tabindex="-1" data-focus' in body
    assert "Test vastgelegd." in body and "Scheelt veel" in body


@pytest.mark.parametrize("changes, error", [
    ({"tested_on": "", "outcome": "", "measured_minutes": ""}, "Dit veld is verplicht."),
    ({"tested_on": "2026-02-31"}, "Voer een geldige datum in."),
    ({"measured_minutes": "-5"}, "0"),
    ({"measured_minutes": "9" * 30}, "2400"),
    ({"outcome": "bestaat-niet"}, "Selecteer een geldige keuze"),
    ({"tested_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
     "Een testdatum kan niet in de toekomst liggen."),
])
def test_an_invalid_test_comes_back_with_dutch_errors_and_saves_nothing(
        client, task, traveller, changes, error):
    client.force_login(traveller)
    page = client.post(_url(task), _valid(**changes))
    body = page.content.decode()
    assert page.status_code == 200 and "<html" in body and 'lang="nl"' in body
    assert "utrecht-form-field-error-message" in body and error in body
    assert 'aria-invalid="true"' in body
    fragment = client.post(_url(task), _valid(**changes), **HTMX)
    assert fragment["HX-Retarget"] == f"#testformulier-{task.pk}"
    assert fragment["HX-Reswap"] == "innerHTML"
    body = fragment.content.decode()
    assert "<html" not in body and error in body and "Test vastleggen" in body
    assert not TaskTest.objects.exists()


def test_someone_elses_journey_or_task_is_a_404(client, task, make_user):
    client.force_login(make_user("traveller"))
    assert client.get(_url(task)).status_code == 404
    assert client.get(_url(task), **HTMX).status_code == 404
    assert client.post(_url(task), _valid()).status_code == 404
    other = JourneyTaskFactory(testing=True)  # a task of another journey, under this one
    client.force_login(task.journey.adviser)
    url = reverse("journeys:task_test", args=[task.journey_id, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _valid()).status_code == 404
    assert not TaskTest.objects.exists()


def test_who_may_see_but_not_record_gets_the_reason_not_the_form(client, task, make_user):
    client.force_login(make_user("adviser"))  # sees every journey, advises another
    body = client.get(_url(task)).content.decode()
    assert "Alleen de adviseur en de reizigers van deze reis leggen tests vast." in body
    assert "Test vastleggen" not in body
    response = client.post(_url(task), _valid())
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not TaskTest.objects.exists()


def test_a_task_not_in_testing_or_measures_unread_give_the_reason(client, task, traveller):
    client.force_login(traveller)
    draft = JourneyTaskFactory(journey=task.journey)
    body = client.get(reverse("journeys:task_test", args=[task.journey_id, draft.pk]),
                      **HTMX).content.decode()
    assert "Tests worden vastgelegd" in body and "Test vastleggen" not in body
    task.measures = ["Alleen op een laptop van de gemeente"]
    task.save()
    body = client.get(_url(task)).content.decode()
    assert "Bevestig eerst" in body and "Test vastleggen" not in body
    assert client.post(_url(task), _valid()).status_code == 200
    assert not TaskTest.objects.exists()


# --- Queries: one read of every task's tests, whatever their number ---------------------------

def _journey_page_queries(client, user, journey, django_assert_max_num_queries, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    client.get(journey.get_absolute_url())  # the session and permission reads settle first
    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as ctx:
        response = client.get(journey.get_absolute_url())
        assert response.status_code == 200
        count = len(ctx.captured_queries)
    return count


def _tasks_with_tests(journey, tasks, tests):
    for _ in range(tasks):
        task = JourneyTaskFactory(journey=journey, testing=True)
        for _ in range(tests):
            TaskTestFactory(task=task)
        JourneyTaskFactory(journey=journey, with_measures=True)


def test_the_journey_page_reads_tests_once_however_many_tasks_and_tests(
        client, adviser, traveller, make_user, django_assert_max_num_queries):
    journey = JourneyFactory(adviser=adviser, travelling=True,
                             travellers=[traveller, make_user("traveller")])
    _tasks_with_tests(journey, tasks=2, tests=2)
    small = {who: _journey_page_queries(client, user, journey, django_assert_max_num_queries, 14)
             for who, user in (("traveller", traveller), ("adviser", adviser))}
    _tasks_with_tests(journey, tasks=8, tests=4)
    for who, user in (("traveller", traveller), ("adviser", adviser)):
        assert _journey_page_queries(client, user, journey, django_assert_max_num_queries,
                                     14) == small[who], who
