"""A traveller confirms the measures of a task cleared with measures once per set of measures,
before recording a test or logging time saved; adviser and officers see who confirmed when."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from impact import services as impact
from journeys import clearance, services
from journeys.models import MeasureAcknowledgement
from journeys.selectors import traveller_must_acknowledge
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LAPTOP = "Alleen op een laptop van de gemeente"


@pytest.fixture
def task(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, travellers=[traveller], travelling=True)
    return JourneyTaskFactory(journey=journey, status="testing", measures=[LAPTOP],
                              clearance_rationale="Met maatregelen")


def _record_test(task, actor):
    return services.task_test_record(task=task, actor=actor, tested_on=timezone.localdate(),
                                     outcome="works", measured_minutes=20)


def test_a_traveller_confirms_once_and_then_may_test(task, traveller):
    with pytest.raises(DomainError) as exc:
        _record_test(task, traveller)
    assert "Bevestig eerst" in str(exc.value)
    assert traveller_must_acknowledge(task, traveller)
    first = services.measures_acknowledge(task=task, traveller=traveller)
    again = services.measures_acknowledge(task=task, traveller=traveller)
    assert first == again and MeasureAcknowledgement.objects.count() == 1
    assert first.measures == [LAPTOP] and first.acknowledged_at
    assert not traveller_must_acknowledge(task, traveller)
    _record_test(task, traveller)
    entry = AuditEntry.objects.get(action="task.measures_acknowledged")
    assert entry.actor == traveller and entry.target_id == str(task.pk)
    # ids only: no name or address in the trail
    assert entry.data["traveller"] == traveller.pk
    assert traveller.last_name not in str(entry.data) and traveller.email not in str(entry.data)


def test_the_adviser_is_not_asked_and_outsiders_cannot_confirm(task, adviser, make_user):
    _record_test(task, adviser)  # not a traveller of the journey
    with pytest.raises(DomainError, match="Alleen de reizigers"):
        services.measures_acknowledge(task=task, traveller=make_user("traveller"))


def test_a_task_without_measures_asks_nothing(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, travellers=[traveller], travelling=True)
    plain = JourneyTaskFactory(journey=journey, status="testing")
    assert not traveller_must_acknowledge(plain, traveller)
    _record_test(plain, traveller)
    with pytest.raises(DomainError, match="geen maatregelen"):
        services.measures_acknowledge(task=plain, traveller=traveller)


def test_changed_measures_ask_again_and_the_same_set_in_another_order_does_not(task, traveller):
    services.measures_acknowledge(task=task, traveller=traveller)
    clearance.task_record_customs_decision(
        task=task, decision="cleared_with_measures", measures=[LAPTOP, "Geen namen"],
        rationale="Herbeoordeling", actor=None, review=True)
    task.refresh_from_db()
    assert traveller_must_acknowledge(task, traveller)
    with pytest.raises(DomainError):
        _record_test(task, traveller)
    services.measures_acknowledge(task=task, traveller=traveller)
    assert MeasureAcknowledgement.objects.filter(task=task, traveller=traveller).count() == 2
    task.measures = ["Geen namen", LAPTOP]
    assert not traveller_must_acknowledge(task, traveller)


def test_logging_time_saved_waits_for_the_confirmation(task, traveller):
    day = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="Bevestig eerst"):
        impact.time_saving_log(traveller=traveller, task_id=task.pk, minutes=30, day=day)
    services.measures_acknowledge(task=task, traveller=traveller)
    assert impact.time_saving_log(traveller=traveller, task_id=task.pk, minutes=30,
                                  day=day).minutes == 30


# --- Pages ------------------------------------------------------------------------------------

def test_the_journey_page_asks_the_traveller_and_the_button_works_without_js(
        client, task, traveller):
    client.force_login(traveller)
    page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "Bevestig dat u de maatregelen hebt gelezen" in page
    assert "Leg een test vast" not in page and "Test vastleggen" not in page
    url = reverse("journeys:task_acknowledge", args=[task.journey.pk, task.pk])
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Bevestig dat u de maatregelen hebt gelezen" not in page
    assert MeasureAcknowledgement.objects.filter(task=task, traveller=traveller).exists()


def test_the_button_answers_htmx_with_the_task_section(client, task, traveller):
    client.force_login(traveller)
    url = reverse("journeys:task_acknowledge", args=[task.journey.pk, task.pk])
    response = client.post(url, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="taken"' in body
    assert "u hebt de maatregelen van deze taak bevestigd" in body


def test_a_stranger_gets_a_404_and_confirms_nothing(client, task, make_user):
    client.force_login(make_user("traveller"))
    url = reverse("journeys:task_acknowledge", args=[task.journey.pk, task.pk])
    assert client.post(url).status_code == 404
    assert not MeasureAcknowledgement.objects.exists()


def test_adviser_and_officer_see_who_confirmed_when(client, task, traveller, adviser, officer,
                                                    make_user):
    other = make_user("traveller", first_name="Otto", last_name="Ongelezen")
    task.journey.memberships.create(traveller=other)
    services.measures_acknowledge(task=task, traveller=traveller)
    client.force_login(adviser)
    page = client.get(task.journey.get_absolute_url()).content.decode()
    assert "Maatregelen bevestigd door de reizigers" in page
    assert f"{traveller.display_name}: bevestigd op" in page
    assert f"{other.display_name}: nog niet bevestigd" in page
    client.force_login(officer)
    page = client.get(reverse("customs:task_history", args=[task.pk])).content.decode()
    assert f"{traveller.display_name}: bevestigd op" in page
    assert f"{other.display_name}: nog niet bevestigd" in page
