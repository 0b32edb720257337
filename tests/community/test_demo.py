import pytest
from django.core.management import call_command

from community.models import (
    Prompt,
    PromptVersion,
    PromptVote,
    Reply,
    TipDelivery,
    Topic,
    TopicFollow,
    WeeklyTip,
)

pytestmark = pytest.mark.django_db

MODELS = (Prompt, PromptVersion, PromptVote, Topic, Reply, TopicFollow, WeeklyTip, TipDelivery)


def test_demo_community_has_every_part_and_is_idempotent():
    call_command("seed_demo")
    counts = [m.objects.count() for m in MODELS]
    call_command("seed_demo")
    assert counts == [m.objects.count() for m in MODELS]
    assert Prompt.objects.filter(version__gt=1).exists()
    assert Prompt.objects.filter(forked_from__isnull=False).exists()
    assert Prompt.objects.filter(task__isnull=False).exists()
    assert all("{{" in p.text for p in Prompt.objects.all())
    assert Topic.objects.filter(accepted_reply__isnull=False).exists()
    assert WeeklyTip.objects.filter(published_at__isnull=False).count() == 1
    assert WeeklyTip.objects.filter(published_at__isnull=True).count() == 2
