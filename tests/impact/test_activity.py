"""The monthly activity roll-ups: kept per dirty month, read by the dashboard's adoption figures."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact import activity, selectors, services
from impact.constants import ImportStatus
from impact.models import (
    MonthlyActivityRollup,
    RollupDirtyMonth,
    UsageImport,
    UsageRecord,
    UserMonthActivity,
)
from reisbureau.models import User
from tests.factories import DepartmentFactory, PersonaFactory, UserFactory
from tests.impact.factories import TimeSavingFactory, usable_task

pytestmark = pytest.mark.django_db


def _usage(users, day, status=ImportStatus.DONE):
    usage_import = UsageImport.objects.create(uploaded_by=users[0], filename="x.csv",
                                              format="generic", mode="skip_bad_rows",
                                              status=status)
    UsageRecord.objects.bulk_create([UsageRecord(usage_import=usage_import, user=u, date=day,
                                                 tool="Word") for u in users])


def test_a_week_across_two_months_marks_both():
    months = activity.months_of_weeks({dt.date(2026, 1, 26)})
    assert months == {dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    assert activity.month_end(dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    assert activity.month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)


def test_logging_time_marks_the_month_and_the_job_rebuilds_it(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 18, 12, tzinfo=dt.timezone.utc), tick=False)
    traveller = UserFactory(roles=["traveller"])
    task = usable_task(traveller)
    entry = services.time_saving_log(traveller=traveller, task_id=task.pk, minutes=30,
                                     day=dt.date(2026, 3, 17))
    assert RollupDirtyMonth.objects.filter(month=dt.date(2026, 3, 1)).exists()
    assert activity.rebuild() == 1
    assert not RollupDirtyMonth.objects.exists()
    row = UserMonthActivity.objects.get(user=traveller)
    assert (row.month, row.last_log_day, row.last_usage_day) == (
        dt.date(2026, 3, 1), dt.date(2026, 3, 17), None)
    rollup = MonthlyActivityRollup.objects.get(persona__isnull=True)
    assert (rollup.loggers, rollup.usage_users) == (1, 0)

    services.time_saving_delete(entry=entry, actor=traveller)
    activity.rebuild()
    assert not UserMonthActivity.objects.exists()
    assert not MonthlyActivityRollup.objects.exists()


def test_trend_counts_people_once_per_month_per_source_and_follows_filters():
    finance, hr = DepartmentFactory(), DepartmentFactory()
    persona = PersonaFactory()
    a = UserFactory(roles=["traveller"], department=finance)
    b = UserFactory(roles=["traveller"], department=finance)
    c = UserFactory(roles=["traveller"], department=hr)
    a.personas.add(persona)
    _usage([a, b, c], dt.date(2026, 1, 5))
    _usage([a], dt.date(2026, 1, 6))  # a second day in the month: still one person
    _usage([c], dt.date(2026, 2, 2), status=ImportStatus.FAILED)  # not counted
    TimeSavingFactory(traveller=a, date=dt.date(2026, 2, 3))
    activity.rebuild(full=True)

    def trend(**kw):
        filters = selectors.Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 28), **kw)
        return [(r["month"], r["usage"], r["loggers"])
                for r in selectors.usage_trend(None, filters)]

    assert trend() == [(dt.date(2026, 1, 1), 3, 0), (dt.date(2026, 2, 1), 0, 1)]
    assert trend(department=finance) == [(dt.date(2026, 1, 1), 2, 0),
                                         (dt.date(2026, 2, 1), 0, 1)]
    assert trend(department=hr) == [(dt.date(2026, 1, 1), 1, 0)]
    assert trend(persona=persona) == [(dt.date(2026, 1, 1), 1, 0), (dt.date(2026, 2, 1), 0, 1)]


def test_active_in_the_window_spanning_two_months():
    users = [UserFactory(roles=["traveller"]) for _ in range(3)]
    today = dt.date(2026, 3, 10)
    _usage([users[0]], dt.date(2026, 2, 11))  # day 27 before today: active
    _usage([users[1]], dt.date(2026, 2, 10))  # day 28: outside the window
    TimeSavingFactory(traveller=users[2], date=dt.date(2026, 3, 1))
    activity.rebuild(full=True)
    assert selectors.active_travellers(User.objects.all(), today=today) == 2


def _rebuild_queries(n_users: int) -> int:
    users = [UserFactory(roles=["traveller"]) for _ in range(n_users)]
    _usage(users, dt.date(2026, 5, 4))
    activity.mark_dirty([dt.date(2026, 5, 1)])
    with CaptureQueriesContext(connection) as queries:
        assert activity.rebuild() == 1
    assert UserMonthActivity.objects.filter(month=dt.date(2026, 5, 1)).count() == (
        UsageRecord.objects.values("user_id").distinct().count())
    UserMonthActivity.objects.all().delete()
    return len(queries)


def test_rebuilding_a_month_costs_the_same_queries_for_3_and_30_employees(monkeypatch):
    monkeypatch.setattr(activity, "BATCH_SIZE", 100)
    assert _rebuild_queries(3) == _rebuild_queries(30)


def test_a_finished_import_marks_its_months(tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from impact import importer

    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(roles=["agency_staff"])
    traveller = UserFactory(roles=["traveller"])
    csv = f"email,date,tool\n{traveller.email},2026-01-31,Word\n{traveller.email},2026-02-02,Word\n"
    usage_import = services.usage_import_start(
        actor=staff, uploaded_file=SimpleUploadedFile("gebruik.csv", csv.encode()),
        format="generic", mode="all_or_nothing")
    importer.run(usage_import.pk)
    assert set(RollupDirtyMonth.objects.values_list("month", flat=True)) == {
        dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    activity.rebuild()
    assert UserMonthActivity.objects.filter(user=traveller).count() == 2
