"""Sessions planned before trainings were on offer get one per title (learning 0006), so the
attendance recorded so far counts once agency staff set literacy requirements."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets).apps


def test_each_session_title_becomes_one_training_on_offer():
    trainer = UserFactory()
    apps = _migrate([("learning", "0005_literacy_requirements")])
    Session = apps.get_model("learning", "TrainingSession")
    start = timezone.now().replace(microsecond=0)
    for days, title, kind in ((3, "Introductie AI", "introduction"),
                              (40, "Introductie AI", "introduction"),
                              (5, "Copilot in Teams", "tool")):
        Session.objects.create(title=title, kind=kind, starts_at=start - timedelta(days=days),
                               ends_at=start - timedelta(days=days, hours=-2), seats=5,
                               trainer_id=trainer.pk)
    try:
        apps = _migrate([("learning", "0006_trainings_from_sessions")])
        Training = apps.get_model("learning", "Training")
        Session = apps.get_model("learning", "TrainingSession")
        assert sorted(Training.objects.values_list("title", "kind")) == [
            ("Copilot in Teams", "tool"), ("Introductie AI", "introduction")]
        assert not Session.objects.filter(training__isnull=True).exists()
        assert Session.objects.filter(training__title="Introductie AI").count() == 2
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
