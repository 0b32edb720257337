from datetime import timedelta

import factory
from django.utils import timezone

from learning.constants import TrainingKind
from learning.models import Promptathon, PromptathonChallenge, TrainingSession
from tests.factories import UserFactory


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"Introductie {n}")
    kind = TrainingKind.INTRODUCTION
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    seats = 2
    trainer = factory.SubFactory(UserFactory, roles=["traveller"])


class PromptathonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promptathon

    title = factory.Sequence(lambda n: f"Promptathon {n}")
    held_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    voting_closes_at = factory.LazyAttribute(lambda o: o.submission_deadline + timedelta(days=7))
    team_size = 2
    created_by = factory.SubFactory(UserFactory, roles=["agency_staff"])


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromptathonChallenge

    promptathon = factory.SubFactory(PromptathonFactory)
    title = factory.Sequence(lambda n: f"Uitdaging {n}")
