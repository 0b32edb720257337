import pytest
from django.core.management import call_command

from customs.constants import SubmissionStatus
from customs.models import CustomsDecision, CustomsSession, ExclusionRule, Measure, Submission
from journeys.constants import TaskStatus
from journeys.models import JourneyTask

pytestmark = pytest.mark.django_db


def test_demo_customs_is_complete_and_idempotent():
    call_command("seed_demo")
    counts = [Measure.objects.count(), ExclusionRule.objects.count(),
              CustomsSession.objects.count(), Submission.objects.count(),
              CustomsDecision.objects.count()]
    call_command("seed_demo")
    assert [Measure.objects.count(), ExclusionRule.objects.count(),
            CustomsSession.objects.count(), Submission.objects.count(),
            CustomsDecision.objects.count()] == counts
    assert counts[0] >= 3 and counts[1] >= 1 and counts[2] >= 3
    # Every demo task at customs is on the next session's agenda; decided ones have a decision.
    for task in JourneyTask.objects.filter(status=TaskStatus.AT_CUSTOMS):
        assert Submission.objects.filter(task=task, status=SubmissionStatus.OPEN).exists()
    excluded = Submission.objects.get(task__work_task="Gesprekken met cliënten samenvatten")
    assert excluded.matched_rules.exists() and excluded.decision.decision == "excluded"
