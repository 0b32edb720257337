"""The learning models moved to the learning app (learning/migrations/0001_initial.py).

Only Django's idea of the models changes here: the tables stay where they are, under their
community_* names, and the learning app takes them over with `db_table`. No row moves."""

from django.db import migrations

MOVED = ["promptathonvote", "promptathonsubmission", "teammembership", "promptathonteam",
         "promptathonchallenge", "promptathon", "trainingregistration", "trainingsession",
         "keyuserprofile", "toolkitpage"]


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0003_keyuserprofile_promptathon_promptathonchallenge_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
