import pytest
from reisbureau import selectors, services
from reisbureau.constants import LicenceStatus
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, LicenceAssignment, LicenceWaitlistEntry, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pool(agency_staff):
    return services.licence_pool_resize(size=2, actor=agency_staff)


def test_request_assigns_a_free_licence_and_notifies(traveller, small_pool):
    assert services.licence_request(user=traveller) == LicenceStatus.ACTIVE
    assert LicenceAssignment.objects.filter(user=traveller).exists()
    assert Notification.objects.filter(recipient=traveller).count() == 1
    assert AuditEntry.objects.filter(action="licence.assigned", target_id=str(traveller.pk)).exists()


def test_request_twice_keeps_one_licence(traveller, small_pool):
    services.licence_request(user=traveller)
    assert services.licence_request(user=traveller) == LicenceStatus.ACTIVE
    assert LicenceAssignment.objects.filter(user=traveller).count() == 1


def test_full_pool_puts_the_employee_on_the_waiting_list_in_order(make_user, small_pool):
    a, b, c, d = (make_user("traveller") for _ in range(4))
    for user in (a, b):
        assert services.licence_request(user=user) == LicenceStatus.ACTIVE
    assert services.licence_request(user=c) == LicenceStatus.WAITING
    assert services.licence_request(user=d) == LicenceStatus.WAITING
    assert services.licence_request(user=c) == LicenceStatus.WAITING  # no second entry
    assert LicenceWaitlistEntry.objects.count() == 2
    assert selectors.waitlist_position(c) == 1 and selectors.waitlist_position(d) == 2
    assert selectors.licence_status(c) == LicenceStatus.WAITING


def test_release_gives_the_licence_to_the_first_on_the_waiting_list(make_user, agency_staff,
                                                                    small_pool):
    a, b, c = (make_user("traveller") for _ in range(3))
    for user in (a, b, c):
        services.licence_request(user=user)
    promoted = services.licence_release(user=a, actor=agency_staff)
    assert promoted == c
    assert selectors.licence_status(c) == LicenceStatus.ACTIVE
    assert not LicenceWaitlistEntry.objects.exists()
    assert LicenceAssignment.objects.count() == 2


def test_release_without_licence_is_refused(traveller, agency_staff, small_pool):
    with pytest.raises(DomainError, match="geen licentie"):
        services.licence_release(user=traveller, actor=agency_staff)


def test_direct_assignment_is_refused_when_the_pool_is_full(make_user, agency_staff, small_pool):
    a, b, c = (make_user("traveller") for _ in range(3))
    services.licence_assign(user=a, actor=agency_staff)
    services.licence_assign(user=b, actor=agency_staff)
    with pytest.raises(DomainError, match="Alle 2 licenties zijn in gebruik"):
        services.licence_assign(user=c, actor=agency_staff)
    assert not LicenceAssignment.objects.filter(user=c).exists()


def test_pool_cannot_shrink_below_what_is_used(make_user, agency_staff, small_pool):
    for _ in range(2):
        services.licence_request(user=make_user("traveller"))
    with pytest.raises(DomainError):
        services.licence_pool_resize(size=1, actor=agency_staff)
    assert services.licence_pool_get().size == 2


def test_growing_the_pool_serves_the_waiting_list(make_user, agency_staff, small_pool):
    users = [make_user("traveller") for _ in range(4)]
    for user in users:
        services.licence_request(user=user)
    services.licence_pool_resize(size=3, actor=agency_staff)
    assert selectors.licence_status(users[2]) == LicenceStatus.ACTIVE
    assert selectors.licence_status(users[3]) == LicenceStatus.WAITING


def test_inactive_employee_gets_no_licence(make_user, small_pool):
    user = make_user("traveller", is_active=False)
    with pytest.raises(DomainError):
        services.licence_request(user=user)


def test_pool_size_defaults_to_the_setting(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "LICENCE_COUNT": 3}
    assert services.licence_pool_get().size == 3
