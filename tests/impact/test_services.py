"""Writes of impact: legal and illegal paths, arithmetic, audit."""

import datetime as dt

import pytest
from django.utils import timezone

from impact import selectors, services
from impact.constants import InterviewTheme, ObjectionStatus, QuestionKind
from impact.models import (
    Objection,
    RollupDirtyWeek,
    SurveyInvitation,
    SurveyResponse,
    TimeSaving,
    WeeklyRollup,
)
from journeys.models import JourneyTask
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.impact.factories import ObjectionFactory, SurveyFactory, TimeSavingFactory, usable_task
from tests.journeys.factories import InventoryEntryFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


def test_traveller_logs_a_saving_on_a_cleared_task(traveller):
    task = usable_task(traveller, baseline_minutes=120)
    entry = services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=30,
                                     day=timezone.localdate())
    assert entry.minutes == 30 and entry.week_start.weekday() == 0
    assert AuditEntry.objects.filter(action="impact.time_saved_logged").count() == 1
    assert RollupDirtyWeek.objects.filter(week_start=entry.week_start).exists()


@pytest.mark.parametrize(("minutes", "day_offset", "message"), [
    (-5, 0, "positief aantal minuten"),
    (0, 0, "positief aantal minuten"),
    ("veel", 0, "heel getal"),
    (30, -1, "in de toekomst"),
])
def test_bad_savings_get_a_dutch_message_and_save_nothing(traveller, minutes, day_offset,
                                                          message):
    task = usable_task(traveller)
    with pytest.raises(DomainError, match=message):
        services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=minutes,
                                 day=timezone.localdate() - dt.timedelta(days=day_offset))
    assert not TimeSaving.objects.exists()


def test_a_week_cannot_save_more_than_the_task_takes(traveller):
    task = usable_task(traveller, baseline_minutes=60)
    monday = services.week_start(timezone.localdate())
    services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=40, day=monday)
    with pytest.raises(DomainError, match="60 minuten per week"):
        services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=21, day=monday)
    services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=20, day=monday)
    assert TimeSaving.objects.count() == 2


def test_baseline_falls_back_to_the_task_inventory(traveller):
    entry = InventoryEntryFactory(employee=traveller, minutes_per_week=45)
    task = usable_task(traveller, inventory_entry=entry)
    with pytest.raises(DomainError, match="45 minuten"):
        services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=50,
                                 day=timezone.localdate())


def test_only_own_cleared_tasks_take_savings(traveller, make_user):
    draft = usable_task(traveller, status="draft")
    others = usable_task(make_user("traveller"))
    for task in (draft, others):
        with pytest.raises(DomainError, match="douane"):
            services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=10,
                                     day=timezone.localdate())


def test_traveller_corrects_only_own_entries(traveller, make_user):
    entry = TimeSavingFactory(traveller=traveller, minutes=20)
    services.time_saving_update(entry=entry, actor=traveller, minutes=25, day=entry.date)
    entry.refresh_from_db()
    assert entry.minutes == 25
    with pytest.raises(DomainError):
        services.time_saving_update(entry=entry, actor=make_user("traveller"), minutes=5,
                                    day=entry.date)
    with pytest.raises(DomainError):
        services.time_saving_delete(entry=entry, actor=make_user("traveller"))
    services.time_saving_delete(entry=entry, actor=traveller)
    assert not TimeSaving.objects.exists()


def test_task_time_arithmetic():
    assert selectors.task_time(baseline=120, saved_per_week=30) == {
        "baseline": 120, "saved": 30, "with_ai": 90, "percent": 25}
    # Never more saved than the task takes.
    assert selectors.task_time(baseline=60, saved_per_week=90)["with_ai"] == 0
    assert selectors.task_time(baseline=None, saved_per_week=12)["with_ai"] is None


def test_task_summaries_average_the_last_four_weeks(traveller):
    task = usable_task(traveller, baseline_minutes=200)
    today = timezone.localdate()
    for weeks_ago in range(4):
        TimeSavingFactory(traveller=traveller, task=task, minutes=40,
                          date=today - dt.timedelta(weeks=weeks_ago))
    TimeSavingFactory(traveller=traveller, task=task, minutes=500,
                      date=today - dt.timedelta(weeks=10))  # outside the window
    [summary] = selectors.task_summaries(traveller)
    assert (summary["baseline"], summary["saved"], summary["with_ai"]) == (200, 40, 160)


def test_rollups_rebuild_only_changed_weeks_and_match_the_entries(traveller):
    task = usable_task(traveller, baseline_minutes=2000)
    today = timezone.localdate()
    for days in (0, 1, 8, 15):
        services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=10,
                                 day=today - dt.timedelta(days=days))
    run = services.rollup_rebuild()
    assert run.weeks == len({services.week_start(today - dt.timedelta(days=d))
                             for d in (0, 1, 8, 15)})
    total = sum(WeeklyRollup.objects.filter(persona__isnull=True).values_list("minutes",
                                                                              flat=True))
    assert total == 40
    assert services.rollup_rebuild().weeks == 0  # nothing changed: nothing rebuilt
    entry = TimeSaving.objects.first()
    services.time_saving_update(entry=entry, actor=traveller, minutes=30, day=entry.date)
    assert services.rollup_rebuild().weeks == 1
    assert sum(WeeklyRollup.objects.filter(persona__isnull=True).values_list(
        "minutes", flat=True)) == 60


def test_survey_response_is_stored_once_and_audited_without_the_respondent(traveller):
    survey = services.survey_default()
    SurveyInvitation.objects.create(survey=survey, traveller=traveller, wave="1m",
                                    sent_at=timezone.now())
    first = survey.questions.first()
    services.survey_respond(survey=survey, respondent=traveller, answers={first.pk: 4})
    assert SurveyInvitation.objects.get().responded_at is not None
    entry = AuditEntry.objects.get(action="impact.survey_answered")
    assert entry.actor is None and traveller.email not in entry.actor_label
    with pytest.raises(DomainError, match="al beantwoord"):
        services.survey_respond(survey=survey, respondent=traveller, answers={first.pk: 5})


def test_survey_refuses_bad_answers_and_uninvited_people(traveller, make_user):
    survey = services.survey_default()
    q = survey.questions.first()
    with pytest.raises(DomainError, match="niet voor u"):
        services.survey_respond(survey=survey, respondent=traveller, answers={q.pk: 4})
    SurveyInvitation.objects.create(survey=survey, traveller=traveller, wave="1m",
                                    sent_at=timezone.now())
    with pytest.raises(DomainError, match="1 tot en met 5"):
        services.survey_respond(survey=survey, respondent=traveller, answers={q.pk: 9})
    assert not SurveyResponse.objects.exists()


def test_agency_staff_build_a_survey_with_choice_questions(agency_staff, manager):
    survey = services.survey_create(actor=agency_staff, title="Training", is_open=True)
    with pytest.raises(DomainError, match="twee keuzes"):
        services.survey_add_question(survey=survey, actor=agency_staff,
                                     kind=QuestionKind.CHOICE, text="Welke?", choices=["A"])
    services.survey_add_question(survey=survey, actor=agency_staff, kind=QuestionKind.CHOICE,
                                 text="Welke?", choices=["A", "B"])
    with pytest.raises(DomainError):
        services.survey_create(actor=manager, title="Niet van mij")


def test_interview_needs_a_theme_and_an_adviser(adviser, traveller):
    interview = services.interview_record(
        actor=adviser, held_on=timezone.localdate(), subject="Team", notes="Notities",
        themes=[InterviewTheme.RESISTANCE, InterviewTheme.IDEA])
    assert interview.themes == ["idea", "resistance"]
    with pytest.raises(DomainError, match="thema"):
        services.interview_record(actor=adviser, held_on=timezone.localdate(), subject="T",
                                  notes="N", themes=[])
    with pytest.raises(DomainError):
        services.interview_record(actor=traveller, held_on=timezone.localdate(), subject="T",
                                  notes="N", themes=["idea"])


def test_objection_on_a_visible_task_moves_open_considering_resolved(traveller, officer):
    task = usable_task(traveller)
    objection = services.objection_raise(actor=traveller, target_kind="task",
                                         target_id=task.pk, kind="ethical",
                                         description="Niet uitlegbaar")
    assert objection.target_label == task.work_task
    services.objection_consider(objection=objection, actor=officer)
    with pytest.raises(DomainError, match="open bezwaar"):
        services.objection_consider(objection=objection, actor=officer)
    services.objection_resolve(objection=objection, actor=officer, answer="Aangepast.")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED and objection.resolved_at
    assert Notification.objects.filter(recipient=traveller,
                                       subject__contains="bezwaar").exists()
    with pytest.raises(DomainError, match="al afgehandeld"):
        services.objection_resolve(objection=objection, actor=officer, answer="Nog eens")


def test_objection_refused_on_unknown_kind_or_invisible_task(traveller, make_user):
    private = usable_task(make_user("traveller"))
    with pytest.raises(DomainError):
        services.objection_raise(actor=traveller, target_kind="task", target_id=private.pk,
                                 kind="legal", description="x")
    with pytest.raises(DomainError):
        services.objection_raise(actor=traveller, target_kind="prompt", target_id=1,
                                 kind="legal", description="x")
    assert not Objection.objects.exists()


def test_only_handlers_handle_objections(traveller, manager):
    objection = ObjectionFactory()
    for actor in (traveller, manager):
        with pytest.raises(DomainError):
            services.objection_consider(objection=objection, actor=actor)


def test_a_new_target_kind_can_be_registered():
    from impact import registry

    registry.register_target(registry.TargetKind(
        key="demo", label="Demo", resolve=lambda user, pk: JourneyTask.objects.filter(
            pk=pk).first(), choices=lambda user: []))
    try:
        task = JourneyTaskFactory()
        user = task.journey.adviser
        objection = services.objection_raise(actor=user, target_kind="demo", target_id=task.pk,
                                             kind="legal", description="Vraag")
        assert objection.target_kind == "demo"
    finally:
        registry._targets.pop("demo")


def test_survey_factory_is_not_default():
    assert not SurveyFactory().is_default
