"""The cached permissions and start-page figures with a real Redis, stopped and started again:
with Redis down they are read from the database on every request (never from one process's
memory, where another process's change would not show), and cached again once it is back."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisbureau import services
from reisbureau.constants import Role
from reisbureau.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

DASHBOARD = "/impact/dashboard/"


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def retry_redis_now():
    """Skip the few seconds the helpers wait before they try a failed Redis again."""
    caches["default"]._shared_down_until = 0.0


def test_permissions_are_cached_in_redis(cache_and_broker_on, manager,
                                         django_assert_num_queries):
    first = User.objects.get(pk=manager.pk)
    assert first.has_perm("reisbureau.view_agencystaffing") and first.has_role(Role.MANAGER)
    user = User.objects.get(pk=manager.pk)
    with django_assert_num_queries(0):
        assert user.has_perm("reisbureau.view_agencystaffing") and user.has_role(Role.MANAGER)


def test_with_redis_stopped_roles_are_read_from_the_database(cache_and_broker_on, client,
                                                             manager, agency_staff):
    client.force_login(manager)
    assert client.get(DASHBOARD).status_code == 200
    warm = queries(client, DASHBOARD)
    cache_and_broker_on.stop()
    assert queries(client, DASHBOARD) > warm  # roles and permissions from the database
    services.user_set_roles(user=User.objects.get(pk=manager.pk), roles=[Role.TRAVELLER],
                            actor=agency_staff)
    assert client.get(DASHBOARD).status_code == 403  # at once, Redis or not
    services.user_set_roles(user=User.objects.get(pk=manager.pk),
                            roles=[Role.TRAVELLER, Role.MANAGER], actor=agency_staff)
    assert client.get(DASHBOARD).status_code == 200
    # Another process takes the role away: its renewal of the version cannot reach this
    # process (here: no signal at all). Nothing this process kept may answer for it.
    User.groups.through.objects.filter(user=manager, group__name=Role.MANAGER).delete()
    assert client.get(DASHBOARD).status_code == 403

    cache_and_broker_on.start()
    User.objects.get(pk=manager.pk).groups.add(Group.objects.get(name=Role.MANAGER))
    retry_redis_now()
    cold = queries(client, DASHBOARD)
    assert queries(client, DASHBOARD) < cold  # cached again


def test_with_redis_stopped_the_start_page_computes_its_figures(cache_and_broker_on, client,
                                                                manager, make_user):
    client.force_login(manager)
    assert client.get("/").context["capacity"].licences_used == 0
    cache_and_broker_on.stop()
    services.licence_request(user=make_user(Role.TRAVELLER))
    response = client.get("/")
    assert response.status_code == 200 and response.context["capacity"].licences_used == 1
    cache_and_broker_on.start()
    retry_redis_now()
    services.licence_request(user=make_user(Role.TRAVELLER))
    assert client.get("/").context["capacity"].licences_used == 2
    warm = queries(client, "/")
    assert client.get("/").context["capacity"].licences_used == 2
    assert queries(client, "/") == warm
