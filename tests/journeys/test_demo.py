import pytest
from django.core.management import call_command

from journeys.constants import JourneyStatus
from journeys.models import (
    Evaluation,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    StandardJourney,
    TravelReport,
)
from reisbureau.models import Persona

pytestmark = pytest.mark.django_db

MODELS = (Journey, JourneyTask, StandardJourney, InventoryEntry, TravelReport, Evaluation,
          JourneyRequest)


def test_demo_journeys_cover_every_state_and_are_idempotent():
    call_command("seed_demo")
    counts = [m.objects.count() for m in MODELS]
    call_command("seed_demo")
    assert counts == [m.objects.count() for m in MODELS]
    assert set(Journey.objects.values_list("status", flat=True)) == set(JourneyStatus.values)
    # The adviser plans every journey; the pre-cleared excursion's customs passport is the
    # agency's (no travellers).
    assert not Journey.objects.filter(passport_for__isnull=True).exclude(
        adviser__email="adviseur@voorbeeldstad.example").exists()
    passport = Journey.objects.get(passport_for__isnull=False)
    assert passport.title == "Douanepaspoort: Excursie: vragen van inwoners beantwoorden"
    assert not passport.travellers.exists()
    assert JourneyTask.objects.filter(cleared_under__journey=passport, journey__is_open=True,
                                      status="cleared_with_measures").exists()
    assert Journey.objects.filter(
        memberships__traveller__email="reiziger@voorbeeldstad.example").exists()
    for persona in Persona.objects.all():
        assert StandardJourney.objects.filter(personas=persona, is_published=True).exists()
    assert TravelReport.objects.count() >= 2 and InventoryEntry.objects.count() >= 10


def test_demo_has_one_traveller_who_confirmed_the_measures_and_one_who_did_not():
    from journeys.models import MeasureAcknowledgement
    from journeys.selectors import traveller_must_acknowledge
    from reisbureau.models import User

    call_command("seed_demo")
    task = JourneyTask.objects.get(work_task="Opties vergelijken in een tabel")
    assert task.measures
    confirmed = MeasureAcknowledgement.objects.filter(task=task).values_list(
        "traveller__email", flat=True)
    assert list(confirmed) == ["medewerker05@voorbeeldstad.example"]
    demo = User.objects.get(email="reiziger@voorbeeldstad.example")
    assert traveller_must_acknowledge(task, demo)
    assert not traveller_must_acknowledge(task, User.objects.get(email=confirmed[0]))
