"""Append-only against the portal's own database user (PostgreSQL, as in CI and production).

The tables belong to the owner that runs migrations; the portal runs as a runtime role made by
`manage.py grant_runtime_role`. That role is tried here as an attacker with raw SQL would try
it: UPDATE, DELETE, TRUNCATE, ALTER TABLE ... DISABLE TRIGGER and DROP TRIGGER on the audit trail
and on customs decisions fail, INSERT works. Then the portal itself runs as that role: sign in,
pages, a licence request, a customs decision, a usage import through COPY and the temporary
staging table, the session clean-up and a beat schedule write. Finally the TRUNCATE trigger
holds against a role that may truncate but is not a superuser (a one-role set-up where the app
owns its tables).
"""

import secrets
import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="database roles and grants exist on PostgreSQL only (CI)"),
    pytest.mark.django_db(transaction=True),
]

APPEND_ONLY = ("reisbureau_auditentry", "customs_customsdecision")
TRIGGERS = {"reisbureau_auditentry": "reisbureau_auditentry_immutable",
            "customs_customsdecision": "customs_customsdecision_immutable"}


def _conninfo(user: str, password: str) -> dict:
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432,
            "dbname": db["NAME"], "user": user, "password": password, "connect_timeout": 5}


@pytest.fixture
def runtime_role(monkeypatch):
    """A throwaway runtime role (roles are cluster-wide: a unique name), made by the command."""
    name = f"rb_runtime_{uuid.uuid4().hex[:10]}"
    password = secrets.token_urlsafe(16)
    monkeypatch.setenv("RUNTIME_DATABASE_PASSWORD", password)
    call_command("grant_runtime_role", name, "--create")
    call_command("grant_runtime_role", name)  # again: idempotent
    yield name, password
    connection.close()
    with psycopg.connect(**_conninfo(connection.settings_dict["USER"],
                                     connection.settings_dict["PASSWORD"]),
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE usename = %s", [name])
        admin.execute(f'DROP OWNED BY "{name}"')
        admin.execute(f'DROP ROLE "{name}"')


@pytest.fixture
def as_runtime_role(runtime_role):
    """The portal's default connection switched to the runtime role, as in production."""
    name, password = runtime_role
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(USER=name, PASSWORD=password)
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def decision(officer):
    from tests.customs.factories import CustomsDecisionFactory

    return CustomsDecisionFactory(officer=officer)


def test_the_runtime_role_cannot_rewrite_empty_or_unguard_the_append_only_tables(
        runtime_role, decision, agency_staff):
    from customs.models import CustomsDecision
    from reisbureau.audit import audit_log
    from reisbureau.models import AuditEntry

    entry = audit_log(actor=agency_staff, action="x.y")
    name, password = runtime_role
    attempts = []
    for table, row_id in (("reisbureau_auditentry", entry.pk),
                          ("customs_customsdecision", decision.pk)):
        trigger = TRIGGERS[table]
        attempts += [
            (table, f"UPDATE {table} SET id = id WHERE id = {row_id}"),
            (table, f"DELETE FROM {table} WHERE id = {row_id}"),
            (table, f"DELETE FROM {table}"),
            (table, f"TRUNCATE {table}"),
            (table, f"TRUNCATE {table} CASCADE"),
            (table, f"ALTER TABLE {table} DISABLE TRIGGER {trigger}"),
            (table, f"ALTER TABLE {table} DISABLE TRIGGER ALL"),
            (table, f"DROP TRIGGER {trigger} ON {table}"),
            (table, f"DROP TABLE {table} CASCADE"),
        ]
    with psycopg.connect(**_conninfo(name, password), autocommit=True) as runtime:
        for table, sql in attempts:
            # Refused for want of the right, not by a trigger: nothing of it reaches the table.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                runtime.execute(sql)
        # The role may not turn the triggers off for its session either (superuser only).
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            runtime.execute("SET session_replication_role = replica")
        # Reading and appending are what it may do.
        runtime.execute(
            "INSERT INTO reisbureau_auditentry (actor_label, action, target_id, target_repr, "
            "data, created_at) VALUES ('systeem', 'x.z', '', '', '{}', now())")
        assert runtime.execute(
            "SELECT count(*) FROM customs_customsdecision").fetchone()[0] == 1
        # It owns nothing, so not even a new migration could run as it.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            runtime.execute("INSERT INTO django_migrations (app, name, applied) "
                            "VALUES ('x', 'y', now())")
    assert AuditEntry.objects.filter(pk=entry.pk, action="x.y").exists()
    assert AuditEntry.objects.filter(action="x.z").count() == 1
    assert CustomsDecision.objects.get(pk=decision.pk).rationale == decision.rationale
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger "
                       "WHERE tgname LIKE '%%immutable' OR tgname LIKE '%%no_truncate'")
        triggers = {(table, name): enabled for table, name, enabled in cursor.fetchall()}
    for table in APPEND_ONLY:
        assert triggers[(table, TRIGGERS[table])] == "O"  # still there and enabled
        assert triggers[(table, table + "_no_truncate")] == "O"


def test_the_portal_works_as_the_runtime_role(as_runtime_role, make_user, officer, settings):
    from django.contrib.sessions.models import Session
    from django_celery_beat.models import PeriodicTask

    from customs import services as customs_services
    from customs.constants import Decision
    from customs.models import CustomsDecision
    from impact.constants import ImportFormat, ImportMode, ImportStatus
    from impact.models import UsageImport, UsageRecord
    from impact.services import usage_import_start
    from reisbureau.models import AuditEntry, LicenceAssignment, LicenceWaitlistEntry
    from tests.customs.factories import SubmissionFactory

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_runtime_role
    settings.CELERY_TASK_ALWAYS_EAGER = True
    staff = make_user("agency_staff", "traveller")
    traveller = make_user("traveller", email="gebruiker1@voorbeeldstad.example")
    client = Client()
    client.force_login(traveller)  # a session row written
    for url in ("/", "/reizen/", "/meldingen/", "/community/prompts/", "/mijn-gegevens/"):
        assert client.get(url).status_code == 200, url
    client.post("/licentie/aanvragen/", {"reason": "Voor notulen"})
    assert (LicenceAssignment.objects.filter(user=traveller).exists()
            or LicenceWaitlistEntry.objects.filter(user=traveller).exists())
    assert AuditEntry.objects.filter(action__startswith="licence.").exists()

    # A customs decision: an append-only row, an audit entry, the task moved on.
    submission = SubmissionFactory()
    record = customs_services.decision_record(submission=submission, officer=officer,
                                              decision=Decision.CLEARED, rationale="Besproken")
    assert CustomsDecision.objects.filter(pk=record.pk).exists()

    # A usage import: COPY into a temporary staging table, then INSERT ... SELECT.
    upload = SimpleUploadedFile("gebruik.csv", (
        "email,date,tool,actions\n"
        "gebruiker1@voorbeeldstad.example,2026-01-05,Word,3\n"
        "gebruiker1@voorbeeldstad.example,2026-01-06,Teams,2\n").encode(), "text/csv")
    usage_import = usage_import_start(actor=staff, uploaded_file=upload,
                                      format=ImportFormat.GENERIC, mode=ImportMode.ALL_OR_NOTHING)
    usage_import = UsageImport.objects.get(pk=usage_import.pk)
    assert usage_import.status == ImportStatus.DONE, usage_import.errors
    assert UsageRecord.objects.filter(usage_import=usage_import).count() == 2

    # Jobs: the session clean-up deletes, beat writes its schedule.
    call_command("clearsessions")
    client.logout()
    assert not Session.objects.exists()
    PeriodicTask.objects.update(enabled=True)


def test_truncate_is_refused_to_a_role_that_may_truncate_but_is_no_superuser(decision):
    """The statement trigger: a one-role set-up where the app itself may TRUNCATE."""
    from reisbureau.audit import audit_log
    from reisbureau.models import AuditEntry

    audit_log(actor=None, action="x.y")
    name = f"rb_owner_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}"')
        try:
            # On every table: TRUNCATE ... CASCADE needs it on the tables that refer to the
            # append-only ones too (the four-eyes proposals refer to decisions), and checks it
            # before any trigger runs.
            cursor.execute(f'GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO "{name}"')
            for table in APPEND_ONLY:
                # SET ROLE inside the transaction ends with its rollback.
                with pytest.raises(DatabaseError, match="alleen-toevoegen"), \
                        transaction.atomic():
                    cursor.execute(f'SET ROLE "{name}"')
                    cursor.execute(f"TRUNCATE {table} CASCADE")
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')
    assert AuditEntry.objects.exists()


def test_the_command_refuses_to_grant_to_the_owner():
    with pytest.raises(CommandError, match="must not be the role that owns"):
        call_command("grant_runtime_role", connection.settings_dict["USER"] or "postgres")
