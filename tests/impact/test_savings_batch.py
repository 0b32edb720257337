"""Logging many savings at once (`time_savings_log_many`, what the demo uses): it refuses what
`time_saving_log` refuses, with the same Dutch words and nothing saved; the roll-ups after a
batch are those after logging the same entries one by one; its queries do not grow with its
size. And the survey invitations the demo makes go through `surveys_invite`."""

import datetime as dt

import pytest
from django.utils import timezone

from impact import activity, services
from impact.constants import SurveyWave
from impact.models import (
    MonthlyActivityRollup,
    RollupDirtyWeek,
    SurveyInvitation,
    TimeSaving,
    UserMonthActivity,
    WeeklyRollup,
)
from journeys.models import JourneyTraveller
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.impact.factories import SurveyFactory, usable_task
from tests.journeys.factories import InventoryEntryFactory, JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _refusals(traveller, make_user):
    """(description, entry) pairs the single service refuses, each on its own."""
    today = TODAY()
    draft = usable_task(traveller, status="draft")
    others = usable_task(make_user("traveller"))
    measured = JourneyTaskFactory(journey=JourneyFactory(travellers=[traveller], travelling=True),
                                  status="testing", measures=["Alleen op de laptop van het werk"])
    small = usable_task(traveller, inventory_entry=InventoryEntryFactory(
        employee=traveller, minutes_per_week=45))
    ok = usable_task(traveller, baseline_minutes=600)
    return [
        ("negative", {"task_id": ok.pk, "minutes": -5, "day": today}),
        ("zero", {"task_id": ok.pk, "minutes": 0, "day": today}),
        ("words", {"task_id": ok.pk, "minutes": "veel", "day": today}),
        ("future", {"task_id": ok.pk, "minutes": 30, "day": today + dt.timedelta(days=1)}),
        ("too old", {"task_id": ok.pk, "minutes": 30, "day": today - dt.timedelta(days=400)}),
        ("over the week", {"task_id": small.pk, "minutes": 50, "day": today}),
        ("draft task", {"task_id": draft.pk, "minutes": 10, "day": today}),
        ("someone else's", {"task_id": others.pk, "minutes": 10, "day": today}),
        ("no such task", {"task_id": "abc", "minutes": 10, "day": today}),
        ("huge id", {"task_id": 2**70, "minutes": 10, "day": today}),
        ("measures unread", {"task_id": measured.pk, "minutes": 10, "day": today}),
    ], ok


def _single(traveller, entry):
    return services.time_saving_log(traveller=traveller, task_id=entry["task_id"],
                                    minutes=entry["minutes"], day=entry["day"],
                                    note=entry.get("note", ""))


def test_the_batch_refuses_what_the_single_service_refuses_with_the_same_words(
        traveller, make_user):
    cases, ok = _refusals(traveller, make_user)
    good = {"task_id": ok.pk, "minutes": 10, "day": TODAY() - dt.timedelta(days=1)}
    for name, entry in cases:
        with pytest.raises(DomainError) as single:
            _single(traveller, entry)
        # The bad entry after a good one: the whole batch is refused, nothing saved.
        with pytest.raises(DomainError) as batch:
            services.time_savings_log_many(actor=traveller, entries=[good, entry])
        assert str(batch.value.message) == str(single.value.message), name
        assert not TimeSaving.objects.exists(), name
        assert not AuditEntry.objects.filter(action="impact.time_saved_logged").exists()
    assert "douane" in str(batch.value.message)  # Dutch, as the single service says it


def test_the_week_limit_counts_the_entries_before_it_in_the_batch(traveller):
    task = usable_task(traveller, baseline_minutes=60)
    monday = services.week_start(TODAY())
    services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=20, day=monday)
    entries = [{"task_id": task.pk, "minutes": 30, "day": monday},
               {"task_id": task.pk, "minutes": 11, "day": monday}]
    with pytest.raises(DomainError, match="60 minuten per week.*50 minuten"):
        services.time_savings_log_many(actor=traveller, entries=entries)
    assert TimeSaving.objects.count() == 1
    entries[1]["minutes"] = 10
    assert len(services.time_savings_log_many(actor=traveller, entries=entries)) == 2
    assert TimeSaving.objects.count() == 3


def test_the_batch_saves_audits_and_marks_its_weeks(traveller):
    task = usable_task(traveller, baseline_minutes=600)
    today = TODAY()
    days = [today - dt.timedelta(days=d) for d in (0, 1, 9, 40)]
    rows = services.time_savings_log_many(
        actor=traveller,
        entries=[{"task_id": task.pk, "minutes": 15, "day": d, "note": " notitie "}
                 for d in days])
    assert [r.pk for r in rows] == list(TimeSaving.objects.order_by("pk").values_list(
        "pk", flat=True))
    assert {r.note for r in rows} == {"notitie"}
    audit = AuditEntry.objects.filter(action="impact.time_saved_logged")
    assert sorted(int(a.target_id) for a in audit) == sorted(r.pk for r in rows)
    assert all(a.actor_id == traveller.pk for a in audit)
    assert set(RollupDirtyWeek.objects.values_list("week_start", flat=True)) == {
        services.week_start(d) for d in days}
    assert services.time_savings_log_many(actor=traveller, entries=[]) == []


def _rollups():
    weekly = sorted(WeeklyRollup.objects.values_list(
        "week_start", "department_id", "function_group_id", "persona_id", "minutes", "entries",
        "travellers"), key=str)
    monthly = sorted(MonthlyActivityRollup.objects.values_list(
        "month", "department_id", "function_group_id", "persona_id", "usage_users", "loggers"),
        key=str)
    users = sorted(UserMonthActivity.objects.values_list(
        "user_id", "month", "last_usage_day", "last_log_day"), key=str)
    return weekly, monthly, users


def test_the_rollups_after_a_batch_equal_those_after_one_by_one(
        traveller, make_user, django_capture_on_commit_callbacks):
    from tests.factories import DepartmentFactory, FunctionGroupFactory, PersonaFactory

    group = {"department": DepartmentFactory(), "function_group": FunctionGroupFactory()}
    for person in (traveller, colleague := make_user("traveller")):
        for name, value in group.items():
            setattr(person, name, value)
        person.save()
    traveller.personas.add(PersonaFactory())
    task = usable_task(traveller, baseline_minutes=600)
    theirs = usable_task(colleague, baseline_minutes=600)
    today = TODAY()
    # A colleague in the same group logged before: a refresh must keep their part.
    with django_capture_on_commit_callbacks(execute=True):
        services.time_saving_log(traveller=colleague, task_id=theirs.pk, minutes=25,
                                 day=today - dt.timedelta(days=3))
    before = _rollups()
    entries = [{"task_id": task.pk, "minutes": 5 + d % 20, "day": today - dt.timedelta(days=d)}
               for d in range(0, 120, 3)]

    with django_capture_on_commit_callbacks(execute=True):
        for entry in entries:
            _single(traveller, entry)
    one_by_one = _rollups()
    assert len(one_by_one[0]) > len(before[0])

    TimeSaving.objects.filter(traveller=traveller).delete()
    services.rollup_rebuild(full=True)
    activity.rebuild(full=True)
    assert _rollups() == before
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.time_savings_log_many(actor=traveller, entries=entries)
    assert len(callbacks) == 1  # refreshed once, at the end
    assert _rollups() == one_by_one
    # And both are what the hourly job's full rebuild makes.
    services.rollup_rebuild(full=True)
    activity.rebuild(full=True)
    assert _rollups() == one_by_one


@pytest.mark.parametrize("tasks_with_measures", [0, 1])
def test_the_batch_needs_the_same_queries_for_5_or_90_entries(
        traveller, django_assert_max_num_queries, django_capture_on_commit_callbacks,
        tasks_with_measures):
    from journeys import services as journey_services

    tasks = [usable_task(traveller, baseline_minutes=5000) for _ in range(3)]
    if tasks_with_measures:
        tasks[0].measures = ["Geen namen invoeren"]
        tasks[0].save()
        journey_services.measures_acknowledge(task=tasks[0], traveller=traveller)
    today = TODAY()
    # Both sizes fit in one INSERT on every backend (SQLite allows 999 variables a statement,
    # so a much larger batch inserts in chunks of about 100 rows: one more query each).

    def batch(size, offset):
        return [{"task_id": tasks[i % 3].pk, "minutes": 1,
                 "day": today - dt.timedelta(days=(offset + i) % 300)} for i in range(size)]

    with django_assert_max_num_queries(32) as small:
        with django_capture_on_commit_callbacks(execute=True):
            services.time_savings_log_many(actor=traveller, entries=batch(5, 0))
    with django_assert_max_num_queries(len(small.captured_queries)):
        with django_capture_on_commit_callbacks(execute=True):
            services.time_savings_log_many(actor=traveller, entries=batch(90, 5))
    assert TimeSaving.objects.count() == 95


def test_survey_invitations_in_bulk_once_per_traveller_journey_and_wave(
        traveller, make_user, django_assert_max_num_queries):
    survey = SurveyFactory()
    journey = JourneyFactory(travellers=[traveller, make_user("traveller")], travelling=True)
    memberships = list(JourneyTraveller.objects.filter(journey=journey)
                       .select_related("journey", "traveller"))
    with django_assert_max_num_queries(6):
        sent = services.surveys_invite(survey=survey, wave=SurveyWave.ONE_MONTH,
                                       memberships=memberships + memberships)
    assert sent == 2 and SurveyInvitation.objects.count() == 2
    assert Notification.objects.filter(
        recipient__in=[m.traveller for m in memberships]).count() == 2
    # Again: nobody is invited (or told) twice.
    assert services.surveys_invite(survey=survey, wave=SurveyWave.ONE_MONTH,
                                   memberships=memberships) == 0
    assert SurveyInvitation.objects.count() == 2 and Notification.objects.count() == 2
    with pytest.raises(DomainError):
        services.surveys_invite(survey=survey, wave="2j", memberships=memberships)
