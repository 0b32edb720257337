"""`make cluster`'s generated parts, without starting anything: the nginx config, the
arguments, and where its section goes in docs/benchmarks.md (kept by `make bench`)."""

import pytest

from bench import cluster


def test_nginx_balances_over_both_instances_and_retries_only_unsent_requests(tmp_path):
    conf = cluster.nginx_config(prefix=tmp_path, port=8790, upstreams=[8791, 8792])

    assert "listen 127.0.0.1:8790;" in conf
    assert "server 127.0.0.1:8791 max_fails=1 fail_timeout=5s;" in conf
    assert "server 127.0.0.1:8792 max_fails=1 fail_timeout=5s;" in conf
    assert "daemon off;" in conf  # a foreground child of the runner, not the system service
    assert f"pid {tmp_path}/nginx.pid;" in conf
    assert "proxy_next_upstream error timeout http_502 http_503;" in conf
    assert "non_idempotent" not in conf  # a POST that was sent is never sent twice
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf
    assert conf.count("{") == conf.count("}")


def test_arguments_default_to_a_short_light_run_and_refuse_one_too_short_to_stop_anything():
    args = cluster.parse_args([])
    assert (args.users, args.duration, args.markers) == (20, 75, 300)
    assert (args.port, args.pg_port, args.redis_port) == (8790, 55432, 6394)
    assert args.pg_user == "postgres" and not args.write

    with pytest.raises(SystemExit):
        cluster.parse_args(["--duration", "30"])


def test_the_section_goes_after_the_page_table_and_is_replaced_not_repeated():
    doc = "# Benchmarks\n\n## Pages against the floor\n\n| page |\n\n## Scheduled jobs\n\nrows\n"
    first = f"{cluster.SECTION_START}\n## Scale-out run\nfirst\n{cluster.SECTION_END}\n"
    second = first.replace("first", "second")

    once = cluster.with_section(doc, first)
    assert once.index("| page |") < once.index("first") < once.index("## Scheduled jobs")
    twice = cluster.with_section(once, second)
    assert "first" not in twice and twice.count("## Scale-out run") == 1
    assert twice == cluster.with_section(doc, second)


def test_make_bench_keeps_the_recorded_run(tmp_path):
    path = tmp_path / "benchmarks.md"
    assert cluster.recorded_section(path) == ""
    section = f"{cluster.SECTION_START}\n## Scale-out run\nrun\n{cluster.SECTION_END}\n"
    path.write_text(f"# Benchmarks\n\n| page |\n\n{section}\n## Scheduled jobs\n")

    assert cluster.recorded_section(path) == section
    fresh = "# Benchmarks\n\n| new page |\n\n## Scheduled jobs\n"
    assert cluster.with_section(fresh, section).count("## Scale-out run") == 1
