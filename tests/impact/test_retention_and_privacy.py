import datetime as dt

import pytest
from django.utils import timezone

from impact import services, tasks
from impact.models import Interview, SurveyResponse
from reisbureau.models import AuditEntry
from reisbureau.privacy import personal_data_export

pytestmark = pytest.mark.django_db


def _interview(adviser, held_on):
    return Interview.objects.create(interviewer=adviser, held_on=held_on, subject="Team Burgerzaken",
                                    themes=["works_well"], notes="Gaat goed")


def _response(traveller, submitted_at):
    survey = services.survey_default()
    return SurveyResponse.objects.create(survey=survey, respondent=traveller,
                                         submitted_at=submitted_at)


def test_retention_removes_old_interview_notes_and_survey_answers(adviser, traveller, settings,
                                                                 time_machine):
    settings.REISBUREAU = {**settings.REISBUREAU, "RETENTION_MONTHS": 24}
    time_machine.move_to(dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC))
    old = _interview(adviser, dt.date(2024, 11, 27))
    kept = _interview(adviser, dt.date(2024, 11, 28))
    _response(traveller, timezone.make_aware(dt.datetime(2024, 11, 1, 9)))
    recent = _response(traveller, timezone.make_aware(dt.datetime(2026, 1, 1, 9)))

    assert tasks.apply_retention() == {"interviews": 1, "survey_responses": 1,
                                       "import_files": 0, "import_error_lists": 0}
    assert list(Interview.objects.all()) == [kept] and not Interview.objects.filter(pk=old.pk)
    assert list(SurveyResponse.objects.all()) == [recent]
    assert AuditEntry.objects.filter(action="impact.retention_applied").count() == 1
    # a second run removes nothing more and writes no second entry
    assert tasks.apply_retention() == {"interviews": 0, "survey_responses": 0,
                                       "import_files": 0, "import_error_lists": 0}
    assert AuditEntry.objects.filter(action="impact.retention_applied").count() == 1


def test_impact_part_of_the_personal_data_export(traveller):
    _response(traveller, timezone.now())
    data = personal_data_export(traveller)
    assert data["impact"]["survey_responses"][0]["survey"]
    assert data["impact"]["time_savings"] == []
