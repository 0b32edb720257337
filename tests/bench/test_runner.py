"""The benchmark's own parts: the floor view, the query header and the report it writes."""

from argparse import Namespace

import pytest
from django.conf import settings

from bench import run
from bench.middleware import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]


def test_the_floor_is_for_signed_in_users_and_every_response_counts_its_queries(
        client, bench_urls, traveller):
    response = client.get("/bench/vloer/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(traveller)
    response = client.get("/bench/vloer/")
    assert response.status_code == 200 and response.content == f"ok {traveller.pk}".encode()
    assert int(response[HEADER]) >= 2  # at least the session and the user
    page = client.get("/reizen/")
    assert page.status_code == 200 and int(page[HEADER]) > int(response[HEADER])


def test_the_bench_urls_are_not_in_the_portal():
    from django.urls import NoReverseMatch, reverse

    assert settings.ROOT_URLCONF == "portal.urls"
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


def _page(key, target, small_ms, large_ms, queries=(5, 5)):
    page = run.Page(key=key, label=key, role="traveller", path=f"/{key}/", target=target)
    page.samples = [large_ms / 1000] * 20
    page.small_samples = [small_ms / 1000] * 20
    page.queries = {"small": queries[0], "large": queries[1], "large-warm": queries[1]}
    page.cold = {"large": large_ms / 1000}
    return page


def test_the_report_states_every_miss_and_why():
    floor = _page("floor", 5.0, 4, 5, queries=(2, 2))
    pages = [_page("fast", 5.0, 10, 20), _page("slow", 5.0, 30, 40),
             _page("grows", 5.0, 10, 20, queries=(5, 9)), _page("dashboard", 10.0, 20, 45)]
    jobs = {"batch_size": 100, "small": [{"name": "tip", "queries": 10}],
            "large": [{"name": "tip", "queries": 30, "rows": 250, "seconds": 0.5},
                      {"name": "tip-n-plus-one", "queries": 999, "rows": 50, "seconds": 1}]}
    jobs["small"].append({"name": "tip-n-plus-one", "queries": 10})
    imported = {"rows": 1000, "copy_seconds": 0.1, "import_seconds": 0.6, "ratio": 6.0,
                "peak_mb_small": 1.0, "peak_mb_large": 1.0}
    args = Namespace(scale=1.0, small_scale=0.01, workers=2, concurrency=2, rounds=20)
    timings = {"generate_large": 40, "generate_small": 5, "total": 300}
    report, misses = run.render(args, pages, floor, timings, jobs, imported,
                                {"large": {"users": 10000}, "small": {"users": 100}})
    assert "| fast | traveller | 20.0 | 20.0 | 4.0× | 2.5× | 5× |" in report
    assert misses == [
        "slow: p95 8.0× the floor (target 5×)",
        "grows: 5 queries small, 9 large",
        "job tip-n-plus-one: 10 queries small, 999 large over 1 batch(es)",
        "usage import: 6.0× a plain COPY (target 5×)",
    ]
    assert "## Misses" in report and "- slow: p95 8.0× the floor" in report


def _counted(action) -> int:
    """Round trips `action` makes, as the bench middleware counts them."""
    from django.db import connection

    from bench import middleware

    middleware._install()
    counter = middleware._Counter()
    middleware._active.counter = counter
    connection.execute_wrappers.append(counter)
    try:
        action()
    finally:
        connection.execute_wrappers.remove(counter)
        middleware._active.counter = None
    return counter.count


def test_the_query_header_counts_the_health_check(traveller):
    from django.db import connection

    from reisbureau.models import User

    assert _counted(lambda: User.objects.filter(pk=traveller.pk).exists()) == 1
    enabled, done = connection.health_check_enabled, connection.health_check_done
    connection.health_check_enabled, connection.health_check_done = True, False
    try:
        assert _counted(lambda: User.objects.filter(pk=traveller.pk).exists()) == 2
    finally:
        connection.health_check_enabled, connection.health_check_done = enabled, done


def test_the_query_header_counts_every_fetch_of_a_server_side_cursor(make_user):
    from django.db import connection

    from reisbureau.models import User

    for _ in range(3):
        make_user("traveller")
    rows = []
    trips = _counted(lambda: rows.extend(User.objects.order_by("pk").iterator(chunk_size=2)))
    assert len(rows) >= 3
    if connection.vendor == "postgresql" and connection.features.can_use_chunked_reads:
        # DECLARE, FETCH 2, FETCH 2 (the last rows), FETCH (empty: the end), CLOSE.
        assert trips == 1 + -(-len(rows) // 2) + 1 + 1
    else:  # SQLite reads client-side: one statement
        assert trips == 1


def test_the_empty_page_is_the_layout_alone_for_signed_in_users(client, bench_urls, traveller):
    assert client.get("/bench/leeg/").status_code == 302
    client.force_login(traveller)
    response = client.get("/bench/leeg/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="inhoud"' in html and "<nav" in html  # the frame and its menu
    assert int(response[HEADER]) >= 2


def test_the_api_rows_get_a_fresh_token_each_run_and_it_opens_the_api(client, make_user):
    from api.models import ApiToken
    from bench.pages import API_ROLES, api_keys
    from reisbureau.models import AuditEntry

    for role in API_ROLES:
        make_user(role, email=f"bench-{role}@bench.example")
    first = api_keys()
    second = api_keys()
    assert set(second) == {f"api-{role}" for role in API_ROLES}
    assert first != second
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == len(API_ROLES)
    # The earlier tokens were revoked through the service, each with its audit entry.
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == len(API_ROLES)
    answer = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {second['api-traveller']}")
    assert answer.status_code == 200
    revoked = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {first['api-traveller']}")
    assert revoked.status_code in (401, 403)


def test_reuse_keeps_a_database_only_from_the_same_generator_and_migrations(tmp_path,
                                                                          monkeypatch):
    (tmp_path / "bench" / "generate").mkdir(parents=True)
    (tmp_path / "bench" / "generate" / "core.py").write_text("ROWS = 1\n")
    (tmp_path / "journeys" / "migrations").mkdir(parents=True)
    (tmp_path / "journeys" / "migrations" / "0001_initial.py").write_text("# one\n")
    monkeypatch.setattr(run, "ROOT", tmp_path)
    first = run.generator_digest()
    assert run.generator_digest() == first
    (tmp_path / "journeys" / "migrations" / "0002_more.py").write_text("# two\n")
    second = run.generator_digest()
    assert second != first
    (tmp_path / "bench" / "generate" / "core.py").write_text("ROWS = 2\n")
    assert run.generator_digest() not in (first, second)
