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
    assert not Journey.objects.exclude(adviser__email="adviseur@voorbeeldstad.example").exists()
    assert Journey.objects.filter(
        memberships__traveller__email="reiziger@voorbeeldstad.example").exists()
    for persona in Persona.objects.all():
        assert StandardJourney.objects.filter(personas=persona, is_published=True).exists()
    assert TravelReport.objects.count() >= 2 and InventoryEntry.objects.count() >= 10
