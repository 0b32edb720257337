"""Who may see and change journeys: both ways, per view."""

import pytest
from django.urls import reverse

from journeys import permissions
from journeys.constants import JourneyStatus, TaskStatus
from tests.journeys.factories import (
    EvaluationFactory,
    InventoryEntryFactory,
    JourneyFactory,
    JourneyTaskFactory,
    StandardJourneyFactory,
    TravelReportFactory,
)

pytestmark = pytest.mark.django_db


def test_policy_traveller_sees_own_and_open_journeys_only(traveller, make_user):
    mine = JourneyFactory(travellers=[traveller])
    open_one = JourneyFactory(open_group=True)
    private = JourneyFactory(travellers=[make_user("traveller")])
    visible = set(permissions.journeys.visible(traveller))
    assert visible == {mine, open_one}
    assert not permissions.journeys.can_view(traveller, private)


def test_policy_advisers_see_all_but_change_their_own(adviser, make_user, agency_staff):
    own, other = JourneyFactory(adviser=adviser), JourneyFactory()
    assert set(permissions.journeys.visible(adviser)) == {own, other}
    assert permissions.journeys.can_change(adviser, own)
    assert not permissions.journeys.can_change(adviser, other)
    assert permissions.journeys.can_change(agency_staff, other)


def test_private_journey_of_another_traveller_is_404(client, traveller, make_user):
    private = JourneyFactory(travellers=[make_user("traveller")])
    client.force_login(traveller)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(reverse("journeys:evaluation", args=[private.pk])).status_code == 404
    assert client.post(reverse("journeys:join", args=[private.pk])).status_code == 404


def test_own_and_open_journeys_are_visible(client, traveller):
    client.force_login(traveller)
    assert client.get(JourneyFactory(travellers=[traveller]).get_absolute_url()).status_code == 200
    assert client.get(JourneyFactory(open_group=True).get_absolute_url()).status_code == 200


PLANNER_GETS = ["journeys:inventory", "journeys:workshop", "journeys:planning", "journeys:new",
                "journeys:requests"]


@pytest.mark.parametrize("name", PLANNER_GETS)
def test_planner_pages_are_for_advisers_and_agency_staff(client, name, traveller, adviser,
                                                         agency_staff, officer):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for refused in (traveller, officer):
        client.force_login(refused)
        assert client.get(url).status_code == 403
    for allowed in (adviser, agency_staff):
        client.force_login(allowed)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["journeys:index", "journeys:standard_list", "journeys:reports"])
def test_traveller_pages_need_login_only(client, name, traveller):
    url = reverse(name)
    assert client.get(url).status_code == 302
    client.force_login(traveller)
    assert client.get(url).status_code == 200


def _change_urls(journey, task):
    return [
        ("get", reverse("journeys:edit", args=[journey.pk])),
        ("post", reverse("journeys:task_add", args=[journey.pk])),
        ("get", reverse("journeys:task_edit", args=[journey.pk, task.pk])),
        ("post", reverse("journeys:task_action", args=[journey.pk, task.pk, "omhoog"])),
        ("post", reverse("journeys:task_action", args=[journey.pk, task.pk, "testen"])),
        ("post", reverse("journeys:action", args=[journey.pk, "annuleren"])),
        ("post", reverse("journeys:add_traveller", args=[journey.pk])),
    ]


def test_another_adviser_gets_403_and_changes_nothing(client, adviser, make_user):
    journey = JourneyFactory(adviser=adviser)
    task = JourneyTaskFactory(journey=journey)
    client.force_login(make_user("adviser"))
    for method, url in _change_urls(journey, task):
        assert getattr(client, method)(url).status_code == 403, url
    task.refresh_from_db(), journey.refresh_from_db()
    assert task.status == TaskStatus.DRAFT and journey.status == JourneyStatus.PLANNING


def test_traveller_on_the_journey_cannot_change_it(client, traveller):
    journey = JourneyFactory(travellers=[traveller])
    task = JourneyTaskFactory(journey=journey)
    client.force_login(traveller)
    for method, url in _change_urls(journey, task):
        assert getattr(client, method)(url).status_code == 403, url


def test_the_own_adviser_and_agency_staff_may_change(client, adviser, agency_staff):
    journey = JourneyFactory(adviser=adviser)
    for user in (adviser, agency_staff):
        client.force_login(user)
        assert client.get(reverse("journeys:edit", args=[journey.pk])).status_code == 200


def test_inventory_convert_is_for_planners(client, traveller, adviser):
    entry = InventoryEntryFactory()
    url = reverse("journeys:inventory_convert", args=[entry.pk])
    client.force_login(traveller)
    assert client.post(url).status_code == 403
    client.force_login(adviser)
    assert client.post(url).status_code == 302
    entry.refresh_from_db()
    assert entry.converted_task is not None


def test_standard_journeys_are_maintained_by_agency_staff(client, adviser, agency_staff,
                                                          traveller):
    hidden = StandardJourneyFactory(is_published=False)
    client.force_login(traveller)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("journeys:standard_new")).status_code == 403
    client.force_login(adviser)
    assert client.get(reverse("journeys:standard_edit", args=[hidden.pk])).status_code == 403
    client.force_login(agency_staff)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert client.get(reverse("journeys:standard_edit", args=[hidden.pk])).status_code == 200


def test_starting_from_a_standard_journey_is_for_planners(client, traveller, adviser):
    standard = StandardJourneyFactory()
    url = reverse("journeys:standard_start", args=[standard.pk])
    client.force_login(traveller)
    assert client.post(url).status_code == 403
    client.force_login(adviser)
    assert client.post(url).status_code == 302


def test_evaluation_visible_to_its_travellers_but_only_the_adviser_completes(
        client, adviser, traveller):
    journey = JourneyFactory(adviser=adviser, evaluating=True, travellers=[traveller])
    EvaluationFactory(journey=journey)
    url = reverse("journeys:evaluation", args=[journey.pk])
    client.force_login(traveller)
    assert client.get(url).status_code == 200
    assert client.post(url, {"works_well": "x", "lessons": "y"}).status_code == 403
    client.force_login(adviser)
    assert client.get(url).status_code == 200


def test_reports_are_for_everyone_signed_in(client, traveller):
    report = TravelReportFactory()
    assert client.get(report.get_absolute_url()).status_code == 302
    client.force_login(traveller)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("journeys:report_write",
                              args=[report.journey.pk])).status_code == 404
