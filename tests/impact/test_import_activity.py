"""A finished usage import reaches the monthly activity roll-ups at once (on commit), at a cost
that follows the import, not what its months already hold: the refresh merges the import's own
records and reads neither the months' other usage nor their time saved."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact import activity, importer
from impact.constants import ImportFormat, ImportMode, ImportStatus
from impact.models import (
    MonthlyActivityRollup,
    RollupDirtyMonth,
    UsageImport,
    UsageRecord,
    UserMonthActivity,
)
from tests.factories import DepartmentFactory, PersonaFactory, UserFactory
from tests.impact.factories import TimeSavingFactory

pytestmark = pytest.mark.django_db

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def _earlier_usage(users, day):
    earlier = UsageImport.objects.create(uploaded_by=users[0], filename="eerder.csv",
                                         format=ImportFormat.GENERIC,
                                         mode=ImportMode.SKIP_BAD_ROWS, status=ImportStatus.DONE)
    UsageRecord.objects.bulk_create([UsageRecord(usage_import=earlier, user=u, date=day,
                                                 tool="Word") for u in users])


def _import(actor, lines, capture):
    usage_import = UsageImport(uploaded_by=actor, filename="gebruik.csv",
                               format=ImportFormat.GENERIC, mode=ImportMode.SKIP_BAD_ROWS)
    usage_import.file.save("gebruik.csv", ContentFile(
        ("email,date,tool\n" + "\n".join(lines) + "\n").encode()), save=False)
    usage_import.save()
    with capture(execute=True) as callbacks:
        result = importer.run(usage_import.pk)
    assert result.status == ImportStatus.DONE, result.message
    assert len(callbacks) == 1  # the roll-ups' refresh
    return result


def _state():
    activity_rows = sorted(UserMonthActivity.objects.values_list(
        "user_id", "month", "last_usage_day", "last_log_day"))
    rollups = sorted(MonthlyActivityRollup.objects.values_list(
        "month", "department_id", "function_group_id", "persona_id", "usage_users", "loggers"),
        key=str)
    return activity_rows, rollups


def test_an_import_leaves_the_roll_ups_as_a_full_rebuild_would(
        settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    finance, hr = DepartmentFactory(), DepartmentFactory()
    persona = PersonaFactory()
    staff = UserFactory(roles=["agency_staff"], department=hr)
    later = UserFactory(roles=["traveller"], department=finance)  # used Copilot later in Jan
    logger = UserFactory(roles=["traveller"], department=finance)  # logged time saved in Jan
    new = UserFactory(roles=["traveller"], department=hr)  # no activity before
    untouched = UserFactory(roles=["traveller"], department=hr)  # not in the file
    for user in (later, new):
        user.personas.add(persona)
    _earlier_usage([later], dt.date(2026, 1, 20))
    _earlier_usage([untouched], dt.date(2026, 1, 3))
    TimeSavingFactory(traveller=logger, date=dt.date(2026, 1, 9))
    activity.rebuild(full=True)

    _import(staff, [f"{later.email},2026-01-05,Word",  # earlier than the day already known
                    f"{later.email},2026-02-02,Excel",
                    f"{logger.email},2026-01-12,Word",
                    f"{new.email},2026-01-07,Word", f"{new.email},2026-01-08,Chat",
                    f"{new.email},2026-02-27,Word"], django_capture_on_commit_callbacks)

    refreshed = _state()
    assert (later.pk, JAN, dt.date(2026, 1, 20), None) in refreshed[0]
    assert (logger.pk, JAN, dt.date(2026, 1, 12), dt.date(2026, 1, 9)) in refreshed[0]
    assert (new.pk, FEB, dt.date(2026, 2, 27), None) in refreshed[0]
    # The months stay marked for the hourly job, which rebuilds them whole: the same figures.
    assert set(RollupDirtyMonth.objects.values_list("month", flat=True)) >= {JAN, FEB}
    activity.rebuild(full=True)
    assert refreshed == _state()


def _refresh_queries(n_users: int, capture) -> list[str]:
    """The queries of the refresh after a one-row import, in a month where `n_users` other
    employees used Copilot and logged time saved."""
    staff = UserFactory(roles=["agency_staff"])
    others = [UserFactory(roles=["traveller"]) for _ in range(n_users)]
    _earlier_usage(others, dt.date(2026, 3, 2))
    for user in others:
        TimeSavingFactory(traveller=user, date=dt.date(2026, 3, 4))
    activity.rebuild(full=True)
    usage_import = UsageImport(uploaded_by=staff, filename="gebruik.csv",
                               format=ImportFormat.GENERIC, mode=ImportMode.SKIP_BAD_ROWS)
    usage_import.file.save("gebruik.csv", ContentFile(
        f"email,date,tool\n{staff.email},2026-03-05,Word\n".encode()), save=False)
    usage_import.save()
    with capture() as callbacks:
        assert importer.run(usage_import.pk).status == ImportStatus.DONE
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert UserMonthActivity.objects.get(user=staff).last_usage_day == dt.date(2026, 3, 5)
    UsageRecord.objects.all().delete()
    return [q["sql"] for q in queries.captured_queries]


def test_the_refresh_after_an_import_does_not_grow_with_the_months_other_activity(
        settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """Rebuilding the import's months whole read every usage row and time saving in them and
    wrote every employee's row back (a batch per BATCH_SIZE employees): seconds a month at ten
    thousand employees, in every import."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(activity, "BATCH_SIZE", 2)
    few = _refresh_queries(3, django_capture_on_commit_callbacks)
    many = _refresh_queries(30, django_capture_on_commit_callbacks)
    assert len(few) == len(many)
    assert not [sql for sql in many if "impact_timesaving" in sql]
