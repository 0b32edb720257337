"""On PostgreSQL customs decisions also refuse TRUNCATE, which the row triggers of 0002 never
see (the function and why a superuser passes: reisbureau 0004)."""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS customs_customsdecision_no_truncate ON customs_customsdecision;
CREATE TRIGGER customs_customsdecision_no_truncate BEFORE TRUNCATE ON customs_customsdecision
    FOR EACH STATEMENT EXECUTE FUNCTION reisbureau_refuse_truncate();
"""
BACKWARD = "DROP TRIGGER IF EXISTS customs_customsdecision_no_truncate ON customs_customsdecision;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("customs", "0005_list_order_indexes"),
        ("reisbureau", "0004_audit_refuse_truncate"),
    ]

    operations = [migrations.RunPython(forward, backward)]
