"""Dashboard figures: the 28-day rule, value and ROI, small-group hiding, the ranking."""

import datetime as dt

import pytest
from django.utils import timezone

from impact import activity, selectors, services
from impact.constants import ImportStatus
from impact.models import UsageImport, UsageRecord
from reisbureau.models import User
from tests.factories import DepartmentFactory, FunctionGroupFactory, PersonaFactory
from tests.impact.factories import TimeSavingFactory, usable_task

pytestmark = pytest.mark.django_db


def _usage(user, day, status=ImportStatus.DONE):
    usage_import = UsageImport.objects.create(uploaded_by=user, filename="x.csv",
                                              format="generic", mode="skip_bad_rows",
                                              status=status)
    return UsageRecord.objects.create(usage_import=usage_import, user=user, date=day,
                                      tool="Word")


def test_active_means_an_action_in_the_last_28_days_today_included(make_user, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 31, 12, tzinfo=dt.timezone.utc), tick=False)
    today = timezone.localdate()
    day27, day28 = make_user("traveller"), make_user("traveller")
    logger, idle, pending = make_user("traveller"), make_user("traveller"), make_user("traveller")
    _usage(day27, today - dt.timedelta(days=27))
    _usage(day28, today - dt.timedelta(days=28))
    _usage(pending, today, status=ImportStatus.SAVING)  # an unfinished import does not count
    TimeSavingFactory(traveller=logger, date=today - dt.timedelta(days=3))
    activity.rebuild(full=True)  # the roll-up job keeps what the figure reads
    active = selectors.active_travellers(User.objects.all(), today=today)
    assert active == 2
    assert selectors.active_travellers(User.objects.filter(pk=idle.pk), today=today) == 0


def test_value_and_roi():
    result = selectors.value_and_roi(minutes_saved=6000, licences=10, months=3,
                                     hourly_rate=75, licence_cost_month=30)
    # 100 hours × €75 = €7,500 against 10 licences × €30 × 3 months = €900.
    assert result == {"hours": 100.0, "value": 7500, "cost": 900, "roi_percent": 733}
    assert selectors.value_and_roi(minutes_saved=60, licences=0, months=1)["roi_percent"] is None


def test_filters_count_weeks_and_months():
    f = selectors.Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 14))
    assert f.weeks == 2


def _team(n, **kwargs):
    from tests.factories import UserFactory

    return [UserFactory(roles=["traveller"], **kwargs) for _ in range(n)]


def test_small_selections_are_hidden_also_across_combined_filters(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 5}
    dept, group = DepartmentFactory(), FunctionGroupFactory()
    persona = PersonaFactory()
    big = _team(6, department=dept, function_group=group)
    for user in big[:4]:
        user.personas.add(persona)
    today = timezone.localdate()
    filters = selectors.Filters(start=today - dt.timedelta(days=30), end=today)
    assert not selectors.dashboard(
        selectors.Filters(start=filters.start, end=filters.end, department=dept)).hidden
    assert not selectors.dashboard(selectors.Filters(
        start=filters.start, end=filters.end, department=dept, function_group=group)).hidden
    # Department + function group + persona narrows to four people: hidden.
    narrow = selectors.dashboard(selectors.Filters(
        start=filters.start, end=filters.end, department=dept, function_group=group,
        persona=persona))
    assert narrow.hidden and narrow.population == 4
    assert narrow.impact == {} and narrow.sentiment == {} and narrow.groups == []


def test_group_rows_hide_small_function_groups_within_a_filter(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 5}
    dept = DepartmentFactory()
    large, small = FunctionGroupFactory(name="Groot"), FunctionGroupFactory(name="Klein")
    members = _team(5, department=dept, function_group=large)
    loner = _team(1, department=dept, function_group=small)[0]
    for member in members:  # five travellers contribute: enough to show their total
        TimeSavingFactory(traveller=member, minutes=24)
    TimeSavingFactory(traveller=loner, minutes=600)
    services.rollup_rebuild(full=True)
    today = timezone.localdate()
    rows = {r["name"]: r for r in selectors.group_rows(selectors.Filters(
        start=today - dt.timedelta(days=30), end=today, department=dept))}
    assert rows["Groot"]["hours"] == 2.0
    assert rows["Klein"]["hidden"] and "hours" not in rows["Klein"]


def test_dashboard_time_saved_comes_from_rollups(make_user):
    group = FunctionGroupFactory()
    people = _team(5, function_group=group)
    today = timezone.localdate()
    for person in people:
        TimeSavingFactory(traveller=person, minutes=60, date=today)
    filters = selectors.Filters(start=today - dt.timedelta(days=6), end=today,
                                function_group=group)
    assert selectors.dashboard(filters).impact["hours_total"] == 0  # not rolled up yet
    services.rollup_rebuild(full=True)
    board = selectors.dashboard(filters)
    assert board.impact["hours_total"] == 5.0
    assert board.freshness is not None


def test_rollout_ranking_orders_by_hours_to_gain(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 5}
    fast, slow, unmeasured = (FunctionGroupFactory(name="Snel"), FunctionGroupFactory(name="Traag"),
                              FunctionGroupFactory(name="Ongemeten"))
    fast_team, slow_team = _team(10, function_group=fast), _team(20, function_group=slow)
    _team(6, function_group=unmeasured)
    _team(2, function_group=FunctionGroupFactory(name="Klein"))
    today = timezone.localdate()
    # Five travellers in each measured group save per week: 120 (fast) and 30 (slow) minutes
    # each (fewer than five would single someone out, see the next test).
    for team, minutes in ((fast_team, 120), (slow_team, 30)):
        for person in team[:5]:
            TimeSavingFactory(traveller=person, task=usable_task(person), minutes=minutes,
                              date=today)
    services.rollup_rebuild(full=True)
    rows = selectors.rollout_ranking(today=today)
    names = [r["group"].name for r in rows]
    # Snel: 120 min × 5 not travelling = 10 h; Traag: 30 × 15 = 7.5 h.
    assert names[:3] == ["Snel", "Traag", "Ongemeten"]
    assert rows[0]["potential_hours"] == 10.0 and rows[0]["not_yet"] == 5
    assert rows[1]["potential_hours"] == 7.5
    assert rows[2]["potential_hours"] is None
    assert rows[-1]["hidden"] and rows[-1]["group"].name == "Klein"
