import datetime

import factory
from django.utils import timezone

from journeys.constants import (
    Frequency,
    JourneyStatus,
    StandardJourneyKind,
    TaskKind,
    TaskStatus,
    Outcome,
    Tool,
)
from journeys.models import (
    Evaluation,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    JourneyTraveller,
    StandardJourney,
    StandardTask,
    TaskTest,
    TravelReport,
)
from tests.factories import UserFactory


def AdviserFactory(**kwargs):  # noqa: N802 - reads like a factory
    return UserFactory(roles=["adviser", "traveller"], **kwargs)


def TravellerFactory(**kwargs):  # noqa: N802
    return UserFactory(roles=["traveller"], **kwargs)


class InventoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InventoryEntry

    employee = factory.SubFactory(UserFactory, roles=["traveller"])
    recorded_by = factory.SelfAttribute("employee")
    title = factory.Sequence(lambda n: f"Notulen maken {n}")
    frequency = Frequency.WEEKLY
    minutes_per_week = 120
    kind = TaskKind.ROUTINE
    data_touched = "Interne vergaderstukken"


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Reis {n}")
    goal = "Tijd winnen met verslaglegging"
    adviser = factory.SubFactory(UserFactory, roles=["adviser", "traveller"])
    status = JourneyStatus.PLANNING

    class Params:
        travelling = factory.Trait(
            status=JourneyStatus.TRAVELLING,
            started_at=factory.LazyFunction(lambda: timezone.localdate()),
        )
        evaluating = factory.Trait(
            status=JourneyStatus.EVALUATING,
            started_at=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=90)),
        )
        completed = factory.Trait(
            status=JourneyStatus.COMPLETED,
            started_at=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=120)),
        )
        open_group = factory.Trait(is_open=True, seats=5)

    @factory.post_generation
    def travellers(self, create, extracted, **kwargs):
        if create and extracted:
            for traveller in extracted:
                JourneyTraveller.objects.create(journey=self, traveller=traveller)


class JourneyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyTask

    journey = factory.SubFactory(JourneyFactory)
    order = factory.Sequence(lambda n: n + 1)
    work_task = factory.Sequence(lambda n: f"Taak {n}")
    approach = "Laat Copilot een eerste versie maken"
    tool = Tool.WORD
    expected_minutes_saved = 30
    status = TaskStatus.DRAFT

    class Params:
        at_customs = factory.Trait(status=TaskStatus.AT_CUSTOMS)
        cleared = factory.Trait(status=TaskStatus.CLEARED, clearance_rationale="In orde")
        with_measures = factory.Trait(
            status=TaskStatus.CLEARED_WITH_MEASURES, clearance_rationale="Met maatregelen",
            measures=["Alleen op een laptop van de gemeente"])
        testing = factory.Trait(status=TaskStatus.TESTING)
        excluded = factory.Trait(status=TaskStatus.EXCLUDED)


class TaskTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskTest

    task = factory.SubFactory(JourneyTaskFactory, testing=True)
    tested_on = factory.LazyFunction(timezone.localdate)
    outcome = Outcome.WORKS
    measured_minutes = 25


class StandardJourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardJourney
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Excursie notuleren {n}")
    description = "Notulen en samenvattingen met Copilot in Teams"
    kind = StandardJourneyKind.EXCURSION
    is_published = True

    @factory.post_generation
    def tasks(self, create, extracted, **kwargs):
        if not create:
            return
        for order, title in enumerate(extracted if extracted is not None
                                      else ["Vergadering samenvatten"], start=1):
            StandardTask.objects.create(standard_journey=self, order=order, work_task=title,
                                        tool=Tool.TEAMS, expected_minutes_saved=20)

    @factory.post_generation
    def personas(self, create, extracted, **kwargs):
        if create and extracted:
            self.personas.set(extracted)

    @factory.post_generation
    def function_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.function_groups.set(extracted)


class JourneyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyRequest

    traveller = factory.SubFactory(UserFactory, roles=["traveller"])
    message = "Ik wil sneller notuleren"


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    journey = factory.SubFactory(JourneyFactory, evaluating=True)
    due_on = factory.LazyFunction(timezone.localdate)


class TravelReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TravelReport

    journey = factory.SubFactory(JourneyFactory, completed=True)
    author = factory.SelfAttribute("journey.adviser")
    title = factory.Sequence(lambda n: f"Reisverslag {n}")
    body = "## Wat werkte\n\nNotulen in de helft van de tijd."
    published_at = factory.LazyFunction(timezone.now)
