import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from impact.constants import InterviewTheme, ObjectionKind
from impact.models import Interview, Objection, Survey, TimeSaving
from impact.services import week_start
from journeys.models import JourneyTask
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory


def usable_task(traveller, **kwargs):
    """A task customs cleared, on a travelling journey of `traveller`."""
    journey = JourneyFactory(travellers=[traveller], travelling=True)
    kwargs.setdefault("testing", True)
    return JourneyTaskFactory(journey=journey, **kwargs)


class TimeSavingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeSaving

    traveller = factory.SubFactory(UserFactory, roles=["traveller"])
    task = factory.LazyAttribute(lambda o: usable_task(o.traveller))
    date = factory.LazyFunction(timezone.localdate)
    week_start = factory.LazyAttribute(lambda o: week_start(o.date))
    minutes = 20


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Enquête {n}")


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    interviewer = factory.SubFactory(UserFactory, roles=["adviser"])
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    subject = "Team Burgerzaken"
    themes = [InterviewTheme.WORKS_WELL]
    notes = "Vertrouwelijke notitie over de werkplek"


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    target_kind = "task"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(JourneyTask))
    target_id = factory.LazyFunction(lambda: JourneyTaskFactory().pk)
    target_label = "Taak"
    kind = ObjectionKind.ETHICAL
    description = "Dit is niet uitlegbaar aan inwoners."
    raised_by = factory.SubFactory(UserFactory, roles=["traveller"])
