"""Give the portal's runtime database role exactly the rights the running app needs.

PostgreSQL only. Run it as the owner of the tables (the role that runs `migrate`), after every
`migrate`: docker-compose.yml's `migrate` service does. Idempotent: it starts each time from no
table rights at all, so a re-run also takes away what is no longer meant.

The runtime role gets SELECT, INSERT, UPDATE and DELETE on the tables and the use of their
sequences, CONNECT and TEMPORARY on the database (the usage importer stages rows in a temporary
table), but only SELECT and INSERT on the append-only tables (those guarded by the
`reisbureau_refuse_truncate` trigger: the audit trail and customs decisions) and only SELECT on
django_migrations. Because it owns nothing, it can never TRUNCATE, ALTER (DISABLE TRIGGER) or
DROP anything. Default privileges cover tables a later migration makes until the next run; an
append-only table made later gets its UPDATE/DELETE taken away by that next run.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

PASSWORD_VARIABLE = "RUNTIME_DATABASE_PASSWORD"
APPEND_ONLY_TABLES = """
    SELECT DISTINCT c.relname FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE p.proname = 'reisbureau_refuse_truncate' AND n.nspname = current_schema()
    ORDER BY c.relname
"""


def append_only_tables(connection) -> list[str]:
    """The tables whose rows are never changed or removed, found from their triggers (so this
    core module names no app's table)."""
    with connection.cursor() as cursor:
        cursor.execute(APPEND_ONLY_TABLES)
        return [name for (name,) in cursor.fetchall()]


class Command(BaseCommand):
    help = ("Grant the runtime database role (not the owner) the rights the portal needs: no "
            "UPDATE/DELETE on the append-only tables, no TRUNCATE/ALTER/DROP anywhere. "
            "PostgreSQL; run as the owner after migrate.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="the runtime role, e.g. reisbureau_app")
        parser.add_argument("--create", action="store_true",
                            help=f"create the role (LOGIN) when it does not exist, with the "
                                 f"password in the environment variable {PASSWORD_VARIABLE}")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role, create, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("grant_runtime_role is for PostgreSQL; SQLite has no roles.")
        qn = connection.ops.quote_name
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database(), current_schema()")
            owner, dbname, schema = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    "The runtime role must not be the role that owns the tables and runs "
                    "migrate: an owner can TRUNCATE, disable and drop triggers.")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                if not create:
                    raise CommandError(
                        f"Role {role} does not exist. Create it (CREATE ROLE {role} LOGIN "
                        f"PASSWORD '...') or pass --create with {PASSWORD_VARIABLE} set.")
                password = os.environ.get(PASSWORD_VARIABLE, "")
                if not password:
                    raise CommandError(f"--create needs the password in {PASSWORD_VARIABLE}.")
                # CREATE ROLE takes no parameters; quote the literal on the server.
                cursor.execute("SELECT quote_literal(%s)", [password])
                cursor.execute(f"CREATE ROLE {qn(role)} LOGIN PASSWORD {cursor.fetchone()[0]}")
            elif found[0]:
                raise CommandError(f"Role {role} is a superuser: it can do anything. Use a "
                                   "role without SUPERUSER.")
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
            if cursor.fetchone()[0]:
                raise CommandError(f"Role {role} is a member of the owner {owner} and so has "
                                   "its rights. Use a role outside it.")
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s "
                           "AND tableowner = %s", [schema, role])
            if cursor.fetchone()[0]:
                raise CommandError(f"Role {role} owns tables in {schema}: it must own nothing.")
            append_only = append_only_tables(connection)
            if not append_only:
                raise CommandError("No append-only tables found: run migrate first.")
            r, s = qn(role), qn(schema)
            statements = [
                f"GRANT CONNECT, TEMPORARY ON DATABASE {qn(dbname)} TO {r}",
                f"GRANT USAGE ON SCHEMA {s} TO {r}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"REVOKE UPDATE, DELETE ON {', '.join(qn(t) for t in append_only)} FROM {r}",
                f"REVOKE INSERT, UPDATE, DELETE ON {qn('django_migrations')} FROM {r}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {qn(owner)} IN SCHEMA {s} "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {qn(owner)} IN SCHEMA {s} "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {r}",
            ]
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"Runtime role {role}: reads and writes in {dbname}.{schema}; append-only (SELECT "
            f"and INSERT): {', '.join(append_only)}; owner {owner} keeps TRUNCATE/ALTER/DROP.")
