"""The seeded trainings look like real ones: on a working day, at 09:30 or 13:00."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from learning.demo import training_time
from learning.models import TrainingSession

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 12, 2, 0, 5, tzinfo=datetime.UTC), tick=False)
def test_seeded_trainings_start_at_a_working_hour_not_midnight():
    call_command("seed_demo")
    sessions = list(TrainingSession.objects.all())
    assert sessions
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        assert (start.hour, start.minute) in {(9, 30), (13, 0)}, start
        assert start.weekday() < 5
        assert session.ends_at > session.starts_at


def test_a_training_day_skips_the_weekend():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC)):  # Friday
        start = timezone.localtime(training_time(1, 13))
    assert start.weekday() == 0 and (start.hour, start.minute) == (13, 0)
