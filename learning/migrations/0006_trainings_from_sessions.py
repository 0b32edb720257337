"""Sessions planned before trainings were on offer get one: a training per distinct session
title, with the kind and tool of its first session, so attendance recorded so far counts
towards the literacy requirements that agency staff set next."""

from django.db import migrations


def forward(apps, schema_editor):
    Training = apps.get_model("learning", "Training")
    TrainingSession = apps.get_model("learning", "TrainingSession")
    trainings = {}
    for session in TrainingSession.objects.filter(training__isnull=True).order_by("starts_at",
                                                                                   "pk"):
        key = session.title.strip().lower()
        if key not in trainings:
            trainings[key] = Training.objects.filter(title__iexact=session.title.strip()).first() \
                or Training.objects.create(title=session.title.strip(), kind=session.kind,
                                           tool=session.tool)
        session.training = trainings[key]
        session.save(update_fields=["training"])


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_literacy_requirements")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
