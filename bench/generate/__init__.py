"""The data generator of `make bench`: a large municipality in PostgreSQL, in a few minutes.

    python -m bench.generate --scale 1.0 [--seed 1] [--reset]

`generate(scale, seed)` fills the configured (migrated, empty) PostgreSQL database. Scale 1.0 is
the size the issue asks for: 10,000 employees, 3,000 journeys, 30,000 tasks and about as many
customs decisions, 10,000 prompts, 50,000 board posts, 2,000,000 time-saving entries and
1,000,000 usage rows; every volume scales linearly (with small minimums so a tiny scale is still
a complete municipality).

How it is fast: ids are assigned here, so rows are streamed with COPY (psycopg 3) without a round
trip per row; the two huge tables (time saved, usage) are made by PostgreSQL itself with one
INSERT ... SELECT over generate_series from a small per-(traveller, task) and per-user plan, with
their indexes and foreign keys dropped during the load and rebuilt after (one index build and one
validating join instead of millions of index updates and trigger calls).

How it stays correct: the rows follow the app's own rules, not just the database's. A task in
use has a clearance decision; decisions chain (`supersedes`) per task and never come from the
journey's adviser; submissions of past sessions are decided and open ones sit in the next
session; decisions older than the re-review period have their re-review; journeys started 90
days ago have their evaluation; time saved is logged only by a journey's travellers on its
tasks in use, never more a week than the task's baseline; waiting lists exist only when the
pool is full; counters (useful votes, last activity) match their rows. The roll-ups are built by
the app's own roll-up service at the end. Random choices come from one seeded generator (and a
seeded hash in SQL), so a seed gives the same municipality (dates are relative to today).

The generator is one class made of a part per app, run in the order of `_Generator.run`:
`core.py` (the agency: departments, people, roles, licences, notifications, audit),
`journeys.py`, `customs.py` (with the tasks and their customs history), `community.py`
(prompts, board, tips), `learning.py` (key users, toolkit, trainings, promptathons) and
`impact.py` (surveys, interviews, objections, time saved, usage, roll-ups) and `register.py`
(the Algoritmeregister's entries and a published progress report). `common.py` holds
what they share (scale, COPY, bulk loads, the clock, the app tables); `checks.py` the app's
rules in SQL.
"""

import argparse
import os
import sys
import time
from datetime import timedelta

from .checks import INVARIANTS, invariant_violations, open_snapshots_stale
from .common import (
    APPS_SCHEMA,
    BASE,
    BENCH_DOMAIN,
    BENCH_PASSWORD,
    CLEARED,
    ROLES,
    USABLE,
    WINDOW_DAYS,
    GenerationError,
    _app_tables,
    _BulkLoad,
    _Db,
    _GeneratorBase,
    bench_email,
    database_is_empty,
    reset_database,
    reset_sequences,
    volumes,
)
from .community import CommunityMixin
from .core import CoreMixin
from .customs import CustomsMixin
from .impact import ImpactMixin
from .journeys import JourneysMixin
from .learning import LearningMixin
from .register import RegisterMixin

__all__ = [
    "APPS_SCHEMA", "BASE", "BENCH_DOMAIN", "BENCH_PASSWORD", "CLEARED", "INVARIANTS", "ROLES",
    "USABLE", "WINDOW_DAYS", "GenerationError", "_BulkLoad", "_Db", "_app_tables",
    "bench_email", "database_is_empty", "generate", "invariant_violations", "key_pages", "main",
    "open_snapshots_stale", "reset_database", "reset_sequences", "volumes",
]


class _Generator(CoreMixin, JourneysMixin, CustomsMixin, CommunityMixin, LearningMixin,
                 ImpactMixin, RegisterMixin, _GeneratorBase):
    # --- run --------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as wrapper:
            self.db = _Db(wrapper.cursor, self.log)
            self.core()
            self.standard_journeys()
            self.journeys()
            self.customs_catalogue()
            self.tasks_and_customs()
            self.evaluations_and_reports()
            self.licences()
            self.inventory_and_requests()
            self.community()
            self.key_users_and_toolkit()
            self.learning()
            self.impact_small()
            self.time_savings()
            self.usage()
            self.notifications_and_audit()
            self.register_entries()
            self.db.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django's foreign keys start
            self.log("analysing tables")
            self.db.execute("ANALYZE")
        self.rollups()
        with connection.cursor() as wrapper:
            self.db.cur = wrapper.cursor
            reset_sequences(wrapper.cursor)
        self.progress_report()  # through the service: after the roll-ups and the sequences
        # A real database has autovacuum; the generated one must look like it before anything
        # is measured: dead rows from the generator's updates and an unflushed GIN pending list
        # (the prompt search index) made searches scan the table. VACUUM cannot run inside a
        # transaction (a test's), where ANALYZE of the last table is what can be done.
        with connection.cursor() as wrapper:
            if connection.in_atomic_block:
                wrapper.cursor.execute("ANALYZE impact_weeklyrollup")
            else:
                self.log("vacuuming tables")
                wrapper.cursor.execute("VACUUM (ANALYZE)")
        self.log("done")
        return dict(sorted(self.db.counts.items()))


def key_pages() -> list[tuple[str, str]]:
    """(bench account's role, URL) of the key pages, with ids from the generated data."""
    from django.urls import reverse
    from django.utils import timezone

    from customs.models import CustomsSession
    from journeys.models import Journey
    from reisbureau.models import User

    users = {u.email: u for u in User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}",
                                                     email__startswith="bench-")}
    traveller = users[bench_email("traveller")]
    adviser = users[bench_email("adviser")]
    today = timezone.localdate()
    own = Journey.objects.filter(memberships__traveller=traveller).exclude(
        status="planning").order_by("pk").first()
    advised = Journey.objects.filter(adviser=adviser, status="travelling").order_by("pk").first() \
        or Journey.objects.filter(adviser=adviser).order_by("pk").first()
    open_journey = Journey.objects.filter(
        is_open=True, status__in=("planning", "travelling")).order_by("pk").first()
    upcoming = CustomsSession.objects.filter(date__gte=today).order_by("date").first()
    past = CustomsSession.objects.filter(date__lt=today, submissions__isnull=False).order_by(
        "-date").first()
    filtered = f"{reverse('impact:dashboard')}?afdeling=1&van={today - timedelta(days=90)}" \
               f"&tot={today}"
    pages = [(role, "/") for role in ROLES]
    pages += [(role, reverse("journeys:index")) for role in ROLES]
    pages += [(role, reverse("community:prompts") + "?q=samenvatting") for role in ROLES]
    pages += [(role, reverse("community:board")) for role in ROLES]
    pages += [
        ("traveller", own.get_absolute_url()),
        ("traveller", reverse("impact:savings")),
        ("traveller", reverse("community:prompts")),
        ("adviser", advised.get_absolute_url()),
        ("adviser", reverse("journeys:planning")),
        ("adviser", reverse("journeys:inventory")),
        ("adviser", reverse("customs:index")),
        ("officer", reverse("customs:index")),
        ("officer", reverse("customs:sessions")),
        ("officer", upcoming.get_absolute_url()),
        ("manager", reverse("impact:dashboard")),
        ("manager", filtered),
        ("manager", reverse("impact:dashboard") + "?export=csv"),
        ("manager", reverse("impact:ranking")),
        ("agency_staff", reverse("impact:dashboard")),
        ("agency_staff", reverse("reisbureau:capacity")),
        ("agency_staff", reverse("reisbureau:licences")),
        ("agency_staff", advised.get_absolute_url()),
    ]
    if past is not None:
        pages.append(("officer", past.get_absolute_url()))
    if open_journey is not None:
        pages += [(role, open_journey.get_absolute_url()) for role in ("officer", "manager")]
    return pages


def generate(scale: float = 1.0, seed: int = 1, stdout=None) -> dict[str, int]:
    """Fill the configured, migrated, empty PostgreSQL database. Returns rows per table."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise GenerationError("The benchmark generator needs PostgreSQL (DATABASE_URL), "
                              f"not {connection.vendor}.")
    if scale <= 0:
        raise GenerationError("The scale must be positive.")
    if not database_is_empty():
        raise GenerationError("The database is not empty: use a fresh database or --reset.")
    return _Generator(scale, seed, stdout).run()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Generate a large municipality into the configured PostgreSQL database.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 = 10,000 employees, 2,000,000 time-saving entries (default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true",
                        help="empty the app's tables first (TRUNCATE ... CASCADE)")
    parser.add_argument("--check", action="store_true",
                        help="afterwards, check the app's rules on the data (about 10 s at 1.0)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    # One COPY of millions of rows outlasts the web's statement timeout (settings).
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(f"bench.generate: refusing {connection.vendor}; set DATABASE_URL to a PostgreSQL "
              "database (postgres://...).", file=sys.stderr)
        return 2
    if args.scale <= 0:
        print("bench.generate: --scale must be positive.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if not database_is_empty():
        if not args.reset:
            print(f"bench.generate: database {connection.settings_dict['NAME']!r} is not empty "
                  "(users, journeys or customs sessions exist). Use an empty database or pass "
                  "--reset to empty the app's tables first.", file=sys.stderr)
            return 3
        reset_database()
    started = time.monotonic()
    counts = generate(scale=args.scale, seed=args.seed, stdout=sys.stdout)
    elapsed = time.monotonic() - started
    width = max(len(t) for t in counts)
    for table, n in counts.items():
        print(f"  {table:<{width}}  {n:>10,}")
    print(f"bench.generate: scale {args.scale} seed {args.seed}: {sum(counts.values()):,} rows "
          f"in {elapsed:.1f}s")
    if args.check:
        broken = invariant_violations()
        stale = open_snapshots_stale()
        if stale:
            broken["open submissions match their task"] = stale
        for rule, n in broken.items():
            print(f"bench.generate: BROKEN ({n} rows): {rule}", file=sys.stderr)
        if broken:
            return 1
        print(f"bench.generate: all {len(INVARIANTS) + 1} rules hold")
    return 0
