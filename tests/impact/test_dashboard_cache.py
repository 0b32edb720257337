"""The impact dashboard is cached per filter and recomputed when the roll-ups are rebuilt."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from impact import selectors, services
from impact.models import RollupRun
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "DASHBOARD_CACHE_SECONDS": 300,
                           "MIN_GROUP_SIZE": 1}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "dashboard-cache-test"}}
    cache.clear()
    yield
    cache.clear()


def _filters(**kw):
    return selectors.Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30), **kw)


def test_a_second_view_reads_the_cache_and_a_new_rollup_recomputes(cached):
    UserFactory(roles=["traveller"])
    services.rollup_rebuild(full=True)
    first = selectors.cached_dashboard(_filters())
    with CaptureQueriesContext(connection) as queries:
        again = selectors.cached_dashboard(_filters())
    assert len(queries) == 1  # the latest roll-up run, for the key
    assert again.computed_at == first.computed_at and again.population == 1

    UserFactory(roles=["traveller"])
    assert selectors.cached_dashboard(_filters()).population == 1  # cached for a while
    services.rollup_rebuild()  # the roll-up job runs: the figures are computed again
    assert RollupRun.objects.count() == 2
    assert selectors.cached_dashboard(_filters()).population == 2


def test_filters_and_language_have_their_own_entries(cached):
    finance = DepartmentFactory()
    UserFactory(roles=["traveller"], department=finance)
    UserFactory(roles=["traveller"])
    assert selectors.cached_dashboard(_filters()).population == 2
    assert selectors.cached_dashboard(_filters(department=finance)).population == 1
    for language in ("en", "nl"):
        with translation.override(language):
            selectors.cached_dashboard(_filters())
    keys = [k for k in cache._cache if "impact-dashboard" in k]  # locmem's own store
    # Indicator texts are translated when computed: each language has its own entry.
    assert any(":en:" in k for k in keys) and any(":nl:" in k for k in keys)


def test_zero_seconds_means_no_cache(settings, cached):
    settings.REISBUREAU = {**settings.REISBUREAU, "DASHBOARD_CACHE_SECONDS": 0}
    UserFactory(roles=["traveller"])
    assert selectors.cached_dashboard(_filters()).population == 1
    UserFactory(roles=["traveller"])
    assert selectors.cached_dashboard(_filters()).population == 2
