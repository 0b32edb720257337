"""Property-based tests (hypothesis) on the services that take numbers and dates from users.

Whatever a user types, a service either succeeds or raises DomainError with a message; never
another exception, and nothing is saved when it refuses. Each example runs inside a savepoint
that is rolled back, so the examples share the test's database without seeing each other.
"""

import datetime as dt
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning import services as learning
from learning.constants import TrainingKind
from learning.models import Promptathon, TrainingSession
from customs import services as customs_services
from customs.models import Submission
from impact import services as impact_services
from impact.models import TimeSaving
from journeys import services as journey_services
from journeys.constants import Frequency, Outcome, TaskKind, TaskStatus
from journeys.models import InventoryEntry, Journey, JourneyTask, TaskTest
from reisbureau import services as core_services
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, LicencePool
from tests.factories import UserFactory
from tests.impact.factories import usable_task
from tests.journeys.factories import AdviserFactory, JourneyFactory, JourneyTaskFactory

PROPERTY = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# What a user may type where a number goes: numbers of every size and sign, and text.
NUMBERS = st.one_of(
    st.integers(min_value=-10**12, max_value=10**12),
    st.integers(min_value=-5, max_value=3000),
    st.text(max_size=12),
    st.sampled_from(["", " 12 ", "1e3", "12.5", "٣", "NaN", "-0", None]),
)
DATES = st.one_of(st.dates(), st.dates(min_value=dt.date.today() - dt.timedelta(days=400),
                                       max_value=dt.date.today() + dt.timedelta(days=30)))


class _Rollback(Exception):
    pass


@contextmanager
def _savepoint():
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def outcome(call, *models):
    """Run `call` in a rolled-back savepoint: True if it succeeded, False if DomainError.

    On DomainError, the rows of `models` and of the audit trail must be as before."""
    watched = (*models, AuditEntry)
    before = [m.objects.count() for m in watched]
    with _savepoint():
        try:
            call()
        except DomainError as exc:
            assert str(exc.message).strip()
            assert [m.objects.count() for m in watched] == before
            return False
    return True


# --- Journeys ----------------------------------------------------------------------------

@PROPERTY
@given(minutes=NUMBERS)
def test_inventory_minutes_per_week(db, minutes):
    traveller = UserFactory(roles=["traveller"])
    ok = outcome(lambda: journey_services.inventory_entry_create(
        employee=traveller, actor=traveller, title="Notulen", frequency=Frequency.WEEKLY,
        minutes_per_week=minutes, kind=TaskKind.ROUTINE), InventoryEntry)
    if isinstance(minutes, int) and 1 <= minutes <= 2400:
        assert ok


@PROPERTY
@given(minutes=NUMBERS)
def test_expected_minutes_saved_on_a_task(db, minutes):
    journey = JourneyFactory()
    ok = outcome(lambda: journey_services.task_add(
        journey=journey, actor=journey.adviser, work_task="Verslag",
        expected_minutes_saved=minutes), JourneyTask)
    if isinstance(minutes, int) and 0 <= minutes <= 2400:
        assert ok


@PROPERTY
@given(minutes=NUMBERS, tested_on=DATES)
def test_measured_minutes_and_date_of_a_test(db, minutes, tested_on):
    task = JourneyTaskFactory(journey=JourneyFactory(travelling=True), status=TaskStatus.TESTING)
    ok = outcome(lambda: journey_services.task_test_record(
        task=task, actor=task.journey.adviser, tested_on=tested_on,
        outcome=Outcome.values[0], measured_minutes=minutes), TaskTest)
    if isinstance(minutes, int) and 0 <= minutes <= 2400 and tested_on <= timezone.localdate():
        assert ok
    if tested_on > timezone.localdate():
        assert not ok


@PROPERTY
@given(seats=st.one_of(st.none(), st.integers(min_value=-10**12, max_value=10**12)),
       travellers=st.integers(min_value=0, max_value=3))
def test_seats_of_a_journey(db, seats, travellers):
    adviser = AdviserFactory()
    people = [UserFactory(roles=["traveller"]) for _ in range(travellers)]
    ok = outcome(lambda: journey_services.journey_create(
        actor=adviser, title="Groepsreis", travellers=people, is_open=True, seats=seats),
        Journey)
    if seats is None or (max(1, travellers) <= seats <= 500):  # the model allows 1..500
        assert ok
    if seats is not None and not max(1, travellers) <= seats <= 500:
        assert not ok


# --- Impact ------------------------------------------------------------------------------

@PROPERTY
@given(minutes=NUMBERS, day=DATES)
def test_time_saving_log(db, minutes, day):
    traveller = UserFactory(roles=["traveller"])
    task = usable_task(traveller)
    today = timezone.localdate()
    ok = outcome(lambda: impact_services.time_saving_log(
        traveller=traveller, task_id=task.pk, minutes=minutes, day=day), TimeSaving)
    if day > today or day < today - dt.timedelta(days=366):
        assert not ok
    elif isinstance(minutes, int) and 1 <= minutes <= 30:
        assert ok


@PROPERTY
@given(task_id=st.one_of(st.integers(min_value=-10**20, max_value=10**20), st.text(max_size=8),
                         st.none()))
def test_time_saving_on_a_task_id_from_the_form(db, task_id):
    traveller = UserFactory(roles=["traveller"])
    assert not outcome(lambda: impact_services.time_saving_log(
        traveller=traveller, task_id=task_id, minutes=10, day=timezone.localdate()),
        TimeSaving)


# --- Licences ----------------------------------------------------------------------------

@PROPERTY
@given(size=st.integers(min_value=-10**12, max_value=10**12))
def test_licence_pool_resize(db, size):
    staff = UserFactory(roles=["agency_staff"])
    ok = outcome(lambda: core_services.licence_pool_resize(size=size, actor=staff))
    if 0 <= size <= 1_000_000:
        assert ok
    else:
        assert not ok
    assert LicencePool.objects.count() <= 1


# --- Community ---------------------------------------------------------------------------

@PROPERTY
@given(seats=st.integers(min_value=-10**12, max_value=10**12),
       hours=st.integers(min_value=-48, max_value=48),
       days_ahead=st.integers(min_value=-10_000, max_value=10_000))
def test_training_seats_and_times(db, seats, hours, days_ahead):
    staff = UserFactory(roles=["agency_staff"])
    starts = timezone.now() + dt.timedelta(days=days_ahead)
    ok = outcome(lambda: learning.training_save(
        actor=staff, title="Introductie", kind=TrainingKind.INTRODUCTION, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours), seats=seats, trainer=staff),
        TrainingSession)
    if 1 <= seats <= 10_000 and hours > 0:
        assert ok
    if seats < 1 or hours <= 0:
        assert not ok


@PROPERTY
@given(team_size=st.integers(min_value=-10**12, max_value=10**12),
       voting_days=st.integers(min_value=-30, max_value=30))
def test_promptathon_team_size_and_dates(db, team_size, voting_days):
    staff = UserFactory(roles=["agency_staff"])
    deadline = timezone.now() + dt.timedelta(days=3)
    ok = outcome(lambda: learning.promptathon_create(
        actor=staff, title="Promptathon", held_on=timezone.localdate(),
        submission_deadline=deadline, voting_closes_at=deadline + dt.timedelta(days=voting_days),
        team_size=team_size, challenges=["Samenvatten"]), Promptathon)
    if 1 <= team_size <= 100 and voting_days > 0:
        assert ok
    if team_size < 1 or voting_days <= 0:
        assert not ok


# --- Customs questionnaire ---------------------------------------------------------------

ANYTHING = st.one_of(st.booleans(), st.none(), st.text(max_size=10), st.integers())
ANSWERS = st.fixed_dictionaries({}, optional={
    "personal_data": ANYTHING, "special_categories": ANYTHING, "social_domain": ANYTHING,
    "affects_decisions": ANYTHING, "output_to_citizens": ANYTHING, "profiling": ANYTHING,
    "human_check": ANYTHING,
    "data_subjects": st.one_of(st.lists(st.sampled_from(["citizens", "colleagues", "x", ""]),
                                        max_size=4), st.none(), st.text(max_size=5),
                               st.integers()),
    "device": st.one_of(st.sampled_from(["municipal", "private", "", "laptop"]), st.none()),
    "hosting": st.one_of(st.sampled_from(["eea", "outside_eea", "unknown", "mars"]), st.none()),
})


@PROPERTY
@given(answers=ANSWERS)
def test_customs_questionnaire(db, answers):
    task = JourneyTaskFactory(journey=JourneyFactory(travelling=True))
    valid = (answers.get("device") in (None, "", "municipal", "private")
             and answers.get("hosting") in (None, "", "eea", "outside_eea", "unknown")
             and (answers.get("data_subjects") in (None, [], "")
                  or (isinstance(answers["data_subjects"], list)
                      and set(answers["data_subjects"]) <= {"citizens", "colleagues"})))
    ok = outcome(lambda: customs_services.submission_create(
        task=task, actor=task.journey.adviser, answers=answers), Submission)
    if valid:
        assert ok
