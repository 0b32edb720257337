import pytest

from reisbureau import capacity, selectors, services
from tests.factories import StaffingFactory

pytestmark = pytest.mark.django_db


def test_capacity_follows_the_breda_ratio(adviser):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=36)
    overview = selectors.capacity_overview()
    assert overview.adviser_hours == 36
    assert overview.traveller_capacity == 60
    assert overview.licences_total == 150


def test_half_time_adviser_serves_half(adviser):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=18)
    assert selectors.capacity_overview().traveller_capacity == 30


def test_over_capacity_when_more_travellers_than_adviser_hours_allow(make_user, adviser,
                                                                     monkeypatch):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=6)  # capacity 10
    monkeypatch.setattr(capacity, "_served_counter", None)  # the fallback: licence holders
    for _ in range(11):
        services.licence_request(user=make_user("traveller"))
    overview = selectors.capacity_overview()
    assert overview.served_now == 11
    assert overview.over_capacity
    assert overview.load_percent == 110


def test_registered_counter_replaces_licence_holders(adviser, monkeypatch):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=36)
    monkeypatch.setattr(capacity, "_served_counter", lambda: 70)
    monkeypatch.setattr(capacity, "_adviser_load", lambda: {adviser.pk: 70})
    overview = selectors.capacity_overview()
    assert overview.over_capacity
    assert overview.advisers[0].serving == 70 and overview.advisers[0].over


def test_capacity_page_warns_agency_staff(client, agency_staff, adviser, monkeypatch):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=36)
    monkeypatch.setattr(capacity, "_served_counter", lambda: 61)
    client.force_login(agency_staff)
    body = client.get("/reisbureau/").content.decode()
    assert "Boven capaciteit" in body


def test_capacity_page_has_no_warning_within_capacity(client, agency_staff, adviser):
    StaffingFactory(user=adviser, role="adviser", hours_per_week=36)
    client.force_login(agency_staff)
    assert "Boven capaciteit" not in client.get("/reisbureau/").content.decode()


def test_pages_that_show_the_licence_pool_do_not_make_it(client, agency_staff, settings):
    from django.urls import reverse

    from reisbureau.models import LicencePool

    settings.REISBUREAU = {**settings.REISBUREAU, "LICENCE_COUNT": 37}
    assert selectors.capacity_overview().licences_total == 37
    client.force_login(agency_staff)
    for name in ("home", "reisbureau:capacity", "reisbureau:licences", "reisbureau:staffing"):
        assert client.get(reverse(name)).status_code == 200, name
    assert 'value="37"' in client.get(reverse("reisbureau:licences")).content.decode()
    assert not LicencePool.objects.exists()
    services.licence_pool_resize(size=40, actor=agency_staff)
    assert selectors.capacity_overview().licences_total == 40
