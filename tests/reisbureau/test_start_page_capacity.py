"""The start page's agency-wide capacity figures come from the cache (reisbureau/capacity.py)
and change as soon as licences, the staffing or the journeys' travellers change."""

import pytest
from django.test import Client

from journeys.constants import JourneyStatus
from reisbureau import selectors, services
from reisbureau.constants import Role
from reisbureau.models import AgencyStaffing, LicencePool
from tests.factories import StaffingFactory
from tests.journeys.factories import JourneyFactory

pytestmark = pytest.mark.django_db

CAPACITY_ROLES = [Role.ADVISER, Role.MANAGER, Role.AGENCY_STAFF]


def figures(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.context["capacity"]


@pytest.mark.parametrize("role", CAPACITY_ROLES)
def test_the_second_start_page_computes_no_capacity(client, make_user, role,
                                                    django_assert_max_num_queries):
    StaffingFactory(role="adviser")
    JourneyFactory(travelling=True, travellers=[make_user(Role.TRAVELLER)])
    client.force_login(make_user(role, Role.TRAVELLER))
    with django_assert_max_num_queries(19) as first:
        figures(client)
    # Session, user, licence status (2), waiting-list place, unread count, the role's panels.
    with django_assert_max_num_queries(10) as second:
        figures(client)
    # The capacity (7 queries), the roles and the municipality's name are cached.
    assert len(first.captured_queries) - len(second.captured_queries) >= 9
    other = Client()
    other.force_login(make_user(role, Role.TRAVELLER))
    with django_assert_max_num_queries(11):  # another user: only their roles are read
        figures(other)


def test_a_licence_change_shows_on_the_next_view(client, manager, make_user):
    client.force_login(manager)
    services.licence_pool_resize(size=1, actor=manager)
    assert (figures(client).licences_total, figures(client).licences_used) == (1, 0)
    services.licence_request(user=make_user(Role.TRAVELLER))
    assert figures(client).licences_used == 1
    waiting = make_user(Role.TRAVELLER)
    services.licence_request(user=waiting)
    assert figures(client).waiting == 1
    services.licence_pool_resize(size=3, actor=manager)  # promotes the waiting one
    assert (figures(client).licences_total, figures(client).licences_used,
            figures(client).waiting) == (3, 2, 0)
    services.licence_release(user=waiting, actor=manager)
    assert figures(client).licences_used == 1


def test_a_staffing_change_shows_on_the_next_view(client, agency_staff, adviser):
    client.force_login(agency_staff)
    assert figures(client).adviser_hours == 0
    staffing = StaffingFactory(user=adviser, role="adviser", hours_per_week=18)
    assert figures(client).adviser_hours == 18
    staffing.hours_per_week = 36
    staffing.save()
    assert figures(client).traveller_capacity == 60
    staffing.delete()
    assert figures(client).adviser_hours == 0


def test_who_is_served_shows_on_the_next_view(client, adviser, make_user):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=36)
    client.force_login(adviser)
    assert figures(client).served_now == 0
    journey = JourneyFactory(adviser=adviser, travelling=True,
                             travellers=[make_user(Role.TRAVELLER)])
    assert figures(client).served_now == 1
    assert client.get("/").context["my_capacity"].serving == 1
    journey.memberships.all().delete()
    assert figures(client).served_now == 0
    journey.memberships.create(traveller=make_user(Role.TRAVELLER))
    assert figures(client).served_now == 1
    journey.status = JourneyStatus.COMPLETED
    journey.save()
    assert figures(client).served_now == 0


def test_the_capacity_page_shows_live_figures(client, agency_staff, adviser):
    staffing = StaffingFactory(user=adviser, role="adviser", hours_per_week=18)
    client.force_login(agency_staff)
    assert figures(client).adviser_hours == 18  # cached now
    AgencyStaffing.objects.filter(pk=staffing.pk).update(hours_per_week=30)  # no signal
    page = client.get("/reisbureau/")
    assert page.status_code == 200 and page.context["overview"].adviser_hours == 30


def test_no_password_hash_goes_into_the_cache(adviser):
    StaffingFactory(user=adviser, role="adviser")
    selectors.start_page_capacity()
    cached = selectors.start_page_capacity()
    assert [a.user.pk for a in cached.advisers] == [adviser.pk]
    assert cached.advisers[0].user.password == ""
    assert cached.advisers[0].user.display_name == adviser.display_name
    assert LicencePool.objects.count() == 0  # a read: nothing made
