"""On PostgreSQL the audit trail also refuses TRUNCATE: the row triggers of 0003 never fire for
it. The function serves customs decisions too (customs 0006).

A superuser passes: it can switch every trigger off (session_replication_role) anyway, so the
trigger could not bind it, and Django's test flush and `bench.generate --reset` (both run as
the superuser) keep working. The real guard is the runtime role (`grant_runtime_role`), which
is neither owner nor superuser and so cannot truncate, disable or drop a trigger at all.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION reisbureau_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('is_superuser') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'De tabel % is alleen-toevoegen: leegmaken (TRUNCATE) kan niet.', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reisbureau_auditentry_no_truncate ON reisbureau_auditentry;
CREATE TRIGGER reisbureau_auditentry_no_truncate BEFORE TRUNCATE ON reisbureau_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION reisbureau_refuse_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS reisbureau_auditentry_no_truncate ON reisbureau_auditentry;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)  # the SQL holds a literal %


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("reisbureau", "0003_audit_immutable")]

    operations = [migrations.RunPython(forward, backward)]
