from django.db import migrations


def create_council_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="council")


class Migration(migrations.Migration):
    dependencies = [
        ("reisbureau", "0009_notification_link_removed_note"),
    ]

    operations = [migrations.RunPython(create_council_group, migrations.RunPython.noop)]
