"""The audit trail stops storing personal data, and notifications record whom they name.

Existing audit rows are rewritten once, here, as the owner of the table: the actor's e-mail
address goes (the actor id stays and names them when shown), an employee as object is kept by
id only, e-mail addresses in the details become the user id, names in object descriptions
become "medewerker #N", and a changed name is no longer spelled out. On PostgreSQL the row
trigger that refuses UPDATE is switched off for the length of this migration's transaction
only; that takes ALTER TABLE, which the runtime database role is not allowed.
"""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TRIGGER = "reisbureau_auditentry_immutable"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NAME_FIELDS = ("first_name", "last_name")


def _scrub(value, ids_by_email):
    if isinstance(value, str) and EMAIL.fullmatch(value.strip()):
        return ids_by_email.get(value.strip().lower(), "")
    if isinstance(value, list):
        return [_scrub(v, ids_by_email) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, ids_by_email) for k, v in value.items()}
    return value


def forward(apps, schema_editor):
    AuditEntry = apps.get_model("reisbureau", "AuditEntry")
    User = apps.get_model("reisbureau", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not AuditEntry.objects.exists():
        return
    user_type = ContentType.objects.filter(app_label="reisbureau", model="user").first()
    ids_by_email, references = {}, {}
    for pk, email, first, last in User.objects.values_list(
            "pk", "email", "first_name", "last_name"):
        ids_by_email[email.lower()] = pk
        references[email] = f"medewerker #{pk}"
        full = f"{first} {last}".strip()
        if " " in full:  # a lone first name is too likely to be part of another word
            references[full] = f"medewerker #{pk}"
    pattern = re.compile("|".join(re.escape(t) for t in sorted(references, key=len,
                                                                reverse=True)))

    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE reisbureau_auditentry DISABLE TRIGGER {TRIGGER}")
    batch = []
    fields = ["actor_label", "target_repr", "data"]
    for entry in AuditEntry.objects.only("pk", "actor", *fields, "target_type", "action") \
            .order_by("pk").iterator(chunk_size=2000):
        before = (entry.actor_label, entry.target_repr, entry.data)
        if entry.actor_id is not None:
            entry.actor_label = ""
        if user_type and entry.target_type_id == user_type.pk:
            entry.target_repr = ""
        elif entry.target_repr and references:
            entry.target_repr = pattern.sub(lambda m: references[m.group(0)],
                                            entry.target_repr)
        data = _scrub(entry.data, ids_by_email)
        if entry.action == "user.updated" and isinstance(data, dict):
            data = {k: ("" if k in NAME_FIELDS else v) for k, v in data.items()}
        entry.data = data
        if (entry.actor_label, entry.target_repr, entry.data) != before:
            batch.append(entry)
        if len(batch) >= 1000:
            AuditEntry.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, fields)
    if postgres:
        # Deferred foreign-key checks of the updates would block the ALTER TABLE below.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE reisbureau_auditentry ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):

    dependencies = [
        ("reisbureau", "0004_audit_refuse_truncate"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="about",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="about"),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
