"""On PostgreSQL the audit trail refuses UPDATE and DELETE in the database itself, so even raw
SQL through the application's own database user cannot rewrite history."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION reisbureau_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail kan niet worden gewijzigd of verwijderd.'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reisbureau_auditentry_immutable ON reisbureau_auditentry;
CREATE TRIGGER reisbureau_auditentry_immutable BEFORE UPDATE OR DELETE ON reisbureau_auditentry
    FOR EACH ROW EXECUTE FUNCTION reisbureau_refuse_change();
"""
BACKWARD = "DROP TRIGGER IF EXISTS reisbureau_auditentry_immutable ON reisbureau_auditentry;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("reisbureau", "0002_roles")]

    operations = [migrations.RunPython(forward, backward)]
