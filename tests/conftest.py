import os

import factory.random
import pytest

# Faker names in factories are random; a fixed seed makes every run pick the same ones, so a
# test that happens to collide with a generated name fails always, not once in a while.
factory.random.reseed_random("reisbureau")

# Playwright's sync API runs an event loop in the test thread; Django's live_server is fine with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the cached permissions and figures of one test
    must not answer for another (SQLite hands out the ids of rolled-back rows again, and with
    REDIS_URL the cache is one Redis database shared by the whole run)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _role_groups(_empty_cache, db):
    """Transactional tests flush the groups the data migration made; make sure they exist."""
    from django.contrib.auth.models import Group

    from reisbureau.constants import Role
    from reisbureau.roles import ensure_groups

    if Group.objects.count() < len(Role.values):
        from reisbureau.roles import sync_role_permissions

        ensure_groups(Group)
        sync_role_permissions()


@pytest.fixture
def make_user(db):
    from tests.factories import UserFactory

    def make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def traveller(make_user):
    return make_user("traveller")


@pytest.fixture
def adviser(make_user):
    return make_user("adviser", "traveller")


@pytest.fixture
def officer(make_user):
    return make_user("officer", "traveller")


@pytest.fixture
def manager(make_user):
    return make_user("manager", "traveller")


@pytest.fixture
def agency_staff(make_user):
    return make_user("agency_staff", "traveller")


@pytest.fixture
def council(make_user):
    """A member of the College or the Raad: the council role only, no department."""
    return make_user("council", department=None, function_group=None)
