"""What every part of the generator shares: the scale, the bench accounts, COPY and the bulk
loads (`_Db`, `_BulkLoad`), the clock helpers (`_GeneratorBase`) and the app tables (sequences,
emptiness, reset)."""

import random
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

BENCH_PASSWORD = "bench-wachtwoord-2026"
BENCH_DOMAIN = "bench.example"
ROLES = ("traveller", "adviser", "officer", "manager", "agency_staff")
WINDOW_DAYS = 720  # about two years of history, inside the 24-month retention period
APPS_SCHEMA = ("reisbureau", "journeys", "customs", "community", "learning", "impact",
               "algoritmeregister", "api")

# Volumes at scale 1.0 (the default). Catalogues (departments, measures...) are fixed.
BASE = {
    "users": 10_000, "journeys": 3_000, "tasks": 30_000, "prompts": 10_000, "posts": 50_000,
    "time_savings": 2_000_000, "usage": 1_000_000, "advisers": 50, "officers": 10,
    "managers": 100, "agency_staff": 10, "inventory": 15_000, "requests": 500,
    "notifications": 50_000, "trainings": 200, "promptathons": 8, "interviews": 300,
    "objections": 200, "standard_journeys": 20,
}


def bench_email(role: str) -> str:
    return f"bench-{role}@{BENCH_DOMAIN}"


def volumes(scale: float) -> dict[str, int]:
    """The number of each kind at this scale (minimums keep a tiny scale complete)."""
    minimum = {"users": 20, "journeys": 6, "tasks": 30, "advisers": 2, "officers": 2,
               "standard_journeys": 3, "prompts": 10, "posts": 20, "time_savings": 200,
               "usage": 200, "trainings": 2, "promptathons": 2}
    v = {k: max(minimum.get(k, 1), round(n * scale)) for k, n in BASE.items()}
    v["tasks"] = max(v["tasks"], 3 * v["journeys"])
    v["departments"] = min(12, max(2, v["users"] // 50))
    v["function_groups"] = min(20, max(3, v["users"] // 30))
    v["personas"] = min(8, max(2, v["users"] // 60))
    return v


class GenerationError(Exception):
    """The database is not one the generator may fill (not PostgreSQL, or not empty)."""


# --- Loading ---------------------------------------------------------------------------------

class _Db:
    """COPY and SQL on the Django connection's psycopg cursor (inside Django's transaction)."""

    def __init__(self, cursor, log):
        self.cur = cursor
        self.log = log
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: tuple, rows) -> int:
        cols = ", ".join(f'"{c}"' for c in columns)
        n = 0
        with self.cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def set_column(self, table: str, column: str, pairs) -> None:
        """UPDATE table SET column = value for (id, value) pairs, through one COPY."""
        self.cur.execute("CREATE TEMP TABLE bench_set (id bigint, value bigint)")
        with self.cur.copy("COPY bench_set FROM STDIN") as cp:
            for pair in pairs:
                cp.write_row(pair)
        self.cur.execute(f"UPDATE {table} t SET {column} = s.value FROM bench_set s "
                         "WHERE t.id = s.id")
        self.cur.execute("DROP TABLE bench_set")

    def execute(self, sql: str, params=None) -> int:
        self.cur.execute(sql, params)
        return self.cur.rowcount

    def insert_select(self, table: str, sql: str, params=None) -> int:
        n = self.execute(sql, params)
        self.counts[table] = self.counts.get(table, 0) + n
        return n


class _BulkLoad:
    """Drop a table's secondary indexes and foreign keys during a big load; rebuild them after.

    The definitions are read from the catalogue and restored as they were (same names), so the
    schema Django migrated is unchanged afterwards; re-adding a foreign key validates every row.
    """

    def __init__(self, db: _Db, table: str):
        self.db, self.table = db, table

    def __enter__(self):
        cur = self.db.cur
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')", [self.table])
        self.constraints = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [self.table])
        self.indexes = cur.fetchall()
        for name, _definition in self.constraints:
            cur.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cur.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the transaction rolls back, definitions included
        cur = self.db.cur
        for _name, definition in self.indexes:
            cur.execute(definition)
        for name, definition in self.constraints:
            cur.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
        return False


# --- Shared by the parts of the generator ----------------------------------------------------

USABLE = ("cleared", "cleared_with_measures", "testing", "adopted")
CLEARED = ("cleared", "cleared_with_measures")


class _GeneratorBase:
    """The state and clock every app's part of the generator uses (see `bench.generate`)."""

    def __init__(self, scale: float, seed: int, stdout=None):
        from django.conf import settings
        from django.utils import timezone

        self.scale, self.seed = scale, seed
        self.v = volumes(scale)
        self.rng = random.Random(seed)
        self.out = stdout
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.today - timedelta(days=WINDOW_DAYS)
        self.conf = settings.REISBUREAU
        self.t0 = time.monotonic()

    # helpers
    def log(self, message: str) -> None:
        if self.out is not None:
            self.out.write(f"[{time.monotonic() - self.t0:6.1f}s] {message}\n")
            self.out.flush()

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        moment = datetime.combine(day, dtime(hour, minute), tzinfo=self.tz)
        return min(moment, self.now)

    def rand_at(self, day: date) -> datetime:
        return self.at(day, self.rng.randint(8, 17), self.rng.randint(0, 59))

    def day_between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))


# --- Sequences, emptiness, reset --------------------------------------------------------------

def _app_tables() -> list[str]:
    from django.apps import apps

    tables = []
    for label in APPS_SCHEMA:
        for model in apps.get_app_config(label).get_models():
            tables.append(model._meta.db_table)
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    tables.append(field.remote_field.through._meta.db_table)
    return sorted(set(tables))


def reset_sequences(cursor) -> None:
    """Every id sequence continues after the highest id, so the app can insert afterwards."""
    tables = _app_tables() + ["guardian_userobjectpermission"]
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table}), 1), "
            f"(SELECT max(id) FROM {table}) IS NOT NULL)")


def database_is_empty() -> bool:
    from customs.models import CustomsSession
    from journeys.models import Journey
    from reisbureau.models import User

    return not (User.objects.exists() or Journey.objects.exists()
                or CustomsSession.objects.exists())


def reset_database() -> None:
    """Empty the app's tables (and what refers to their users) with TRUNCATE ... CASCADE.

    TRUNCATE fires no row triggers, and the append-only tables' BEFORE TRUNCATE trigger lets
    a superuser through (reisbureau migration 0004), so this needs the database's superuser
    (as in development and CI); role groups, permissions, content types and migrations stay.
    """
    from django.db import connection

    tables = _app_tables() + ["django_session"]
    with connection.cursor() as cursor:
        # Inside a transaction that wrote rows, their deferred checks must run before TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
