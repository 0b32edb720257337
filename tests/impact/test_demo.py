import pytest
from django.core.management import call_command

from impact import selectors
from impact.constants import ImportStatus
from impact.models import (
    Interview,
    Objection,
    SurveyResponse,
    TimeSaving,
    UsageImport,
    UsageRecord,
    WeeklyRollup,
)

pytestmark = pytest.mark.django_db

MODELS = (TimeSaving, SurveyResponse, Interview, Objection, UsageImport, UsageRecord,
          WeeklyRollup)


def test_demo_impact_data_is_idempotent_and_fills_the_dashboard():
    call_command("seed_demo")
    counts = [m.objects.count() for m in MODELS]
    call_command("seed_demo")
    assert counts == [m.objects.count() for m in MODELS]
    assert all(counts), dict(zip([m.__name__ for m in MODELS], counts))
    assert UsageImport.objects.get().status == ImportStatus.DONE
    board = selectors.dashboard(selectors.Filters.default())
    assert not board.hidden
    assert board.impact["hours_total"] > 0 and board.adoption["active"] > 0
    assert len(board.impact["trend"]) > 4  # a trend, not a point
    assert not board.sentiment["hidden"]
    assert any(r.get("potential_hours") for r in selectors.rollout_ranking())
