import datetime

import factory
from django.utils import timezone

from customs import services
from customs.constants import Decision, SubmissionStatus
from customs.models import CustomsDecision, CustomsSession, ExclusionRule, Measure, Submission
from customs.proposal import propose
from tests.factories import UserFactory
from tests.journeys.factories import JourneyTaskFactory

SAFE_ANSWERS = {"personal_data": False, "special_categories": False, "data_subjects": [],
                "social_domain": False, "affects_decisions": False,
                "output_to_citizens": False, "profiling": False, "device": "municipal",
                "hosting": "eea", "human_check": True,
                # AI Act decision aid: Copilot as a deployer, for internal work.
                "ai_act_answers": {"role": "deployer", "system_type": "gpai_system",
                                   "exemption": "none", "prohibited": ["none"],
                                   "annex_i": "no", "annex_iii": ["none"],
                                   "transparency": ["none"]}}


def OfficerFactory(**kwargs):  # noqa: N802 - reads like a factory
    return UserFactory(roles=["officer", "traveller"], **kwargs)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    title = factory.Sequence(lambda n: f"Maatregel {n}")


class ExclusionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExclusionRule

    title = factory.Sequence(lambda n: f"Uitsluiting {n}")
    when_social_domain = True
    keywords = "gesprek"


class CustomsSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomsSession
        django_get_or_create = ("date",)

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class SubmissionFactory(factory.django.DjangoModelFactory):
    """An open submission of a task at customs, with a consistent snapshot."""

    class Meta:
        model = Submission

    task = factory.SubFactory(JourneyTaskFactory, at_customs=True)
    submitted_by = factory.SelfAttribute("task.journey.adviser")
    snapshot = factory.LazyAttribute(lambda o: services.snapshot_of(o.task))
    session = factory.SubFactory(CustomsSessionFactory)
    status = SubmissionStatus.OPEN
    proposal = factory.LazyFunction(lambda: propose(SAFE_ANSWERS).as_dict())
    ai_act_answers = factory.LazyFunction(lambda: dict(SAFE_ANSWERS["ai_act_answers"]))
    ai_act_outcome = factory.LazyFunction(lambda: propose(SAFE_ANSWERS).ai_act_outcome)


class CustomsDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomsDecision

    submission = factory.SubFactory(SubmissionFactory, status=SubmissionStatus.DECIDED,
                                    task__cleared=True)
    task = factory.SelfAttribute("submission.task")
    officer = factory.LazyFunction(OfficerFactory)
    decision = Decision.CLEARED
    rationale = "In orde"
    tool = factory.SelfAttribute("task.tool")
