"""On PostgreSQL customs decisions refuse UPDATE and DELETE in the database itself (the
function comes from reisbureau's audit-trail migration): a new decision supersedes an old one."""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS customs_customsdecision_immutable ON customs_customsdecision;
CREATE TRIGGER customs_customsdecision_immutable BEFORE UPDATE OR DELETE
    ON customs_customsdecision FOR EACH ROW EXECUTE FUNCTION reisbureau_refuse_change();
"""
BACKWARD = "DROP TRIGGER IF EXISTS customs_customsdecision_immutable ON customs_customsdecision;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("customs", "0001_initial"),
        ("reisbureau", "0003_audit_immutable"),
    ]

    operations = [migrations.RunPython(forward, backward)]
