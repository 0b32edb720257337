"""Per-app usage on the dashboard, and licence reclaim: the idle list, the question to the
holder, "yes", "no" and the job that releases an unanswered licence to the waiting list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from impact import selectors, tasks, usage
from impact.constants import ImportStatus
from impact.models import LicenceCheck, UsageImport, UsageRecord
from reisbureau import services as core_services
from reisbureau.exceptions import DomainError
from reisbureau.models import LicenceAssignment, LicenceWaitlistEntry, Notification
from tests.factories import FunctionGroupFactory, UserFactory
from tests.impact.factories import TimeSavingFactory

pytestmark = pytest.mark.django_db


def _usage(user, day, tool="Word", status=ImportStatus.DONE):
    usage_import = UsageImport.objects.create(uploaded_by=user, filename="x.csv",
                                              format="m365", mode="skip_bad_rows",
                                              status=status)
    return UsageRecord.objects.create(usage_import=usage_import, user=user, date=day, tool=tool)


def _holder(make_user, *, days_ago=60):
    user = make_user("traveller")
    core_services.licence_request(user=user)
    LicenceAssignment.objects.filter(user=user).update(
        assigned_at=timezone.now() - dt.timedelta(days=days_ago))
    return user


@pytest.fixture
def full_pool(agency_staff):
    core_services.licence_pool_resize(size=0, actor=agency_staff)


# --- Per-app usage ------------------------------------------------------------------------

def test_app_usage_counts_employees_per_app_month_and_group(settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 18, 12, tzinfo=dt.timezone.utc), tick=False)
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 3}
    big, small = FunctionGroupFactory(name="Groot"), FunctionGroupFactory(name="Klein")
    members = [UserFactory(roles=["traveller"], function_group=big) for _ in range(3)]
    loner = UserFactory(roles=["traveller"], function_group=small)
    today = timezone.localdate()
    for user in members:
        _usage(user, today, "Word")
    _usage(members[0], today, "Microsoft Teams")
    _usage(members[0], today - dt.timedelta(days=1), "Microsoft Teams")  # same person: once
    _usage(loner, today, "Excel")
    _usage(members[1], today, "Outlook", status=ImportStatus.SAVING)  # unfinished: not counted
    apps = usage.app_usage(selectors.population(selectors.Filters.default()),
                               selectors.Filters.default())
    assert apps["tools"] == ["Microsoft Teams", "Word", "Excel"]
    month = apps["months"][-1]
    by_tool = dict(zip(apps["tools"], month["values"]))
    assert month["month"] == dt.date(2026, 3, 1)
    assert by_tool == {"Microsoft Teams": 1, "Word": 3, "Excel": 1}
    groups = {g["name"]: g for g in apps["groups"]}
    assert groups["Groot"]["values"] == [1, 3, 0]
    assert groups["Klein"]["hidden"] and groups["Klein"]["values"] == []  # one employee: hidden


def test_dashboard_shows_usage_per_app_with_a_table(client, manager, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 1}
    _usage(UserFactory(roles=["traveller"]), timezone.localdate(), "PowerPoint")
    client.force_login(manager)
    page = client.get(reverse("impact:dashboard")).content.decode()
    assert "Gebruik per Microsoft 365-app" in page
    assert "PowerPoint" in page and 'id="grafiek-apps"' in page


def test_app_usage_costs_the_same_queries_at_any_size(django_assert_max_num_queries):
    filters = selectors.Filters.default()
    group = FunctionGroupFactory()
    _usage(UserFactory(function_group=group), timezone.localdate())
    with CaptureQueriesContext(connection) as small:
        usage.app_usage(selectors.population(filters), filters)
    for tool in ("Excel", "Loop", "Outlook"):
        _usage(UserFactory(function_group=FunctionGroupFactory()), timezone.localdate(), tool)
    with django_assert_max_num_queries(len(small.captured_queries)):
        usage.app_usage(selectors.population(filters), filters)


# --- The idle list ------------------------------------------------------------------------

def test_idle_list_excludes_recent_activity_savings_and_new_licences(make_user, agency_staff):
    today = timezone.localdate()
    idle = _holder(make_user)
    used = _holder(make_user)
    _usage(used, today - dt.timedelta(days=27))  # within 28 days, today included
    old_use = _holder(make_user)
    _usage(old_use, today - dt.timedelta(days=28))
    saver = _holder(make_user)
    TimeSavingFactory(traveller=saver, date=today - dt.timedelta(days=5))
    _holder(make_user, days_ago=3)  # a licence of three days: too new to judge
    make_user("traveller")  # no licence
    found = {u.pk: u for u in usage.idle_licence_holders()}
    assert set(found) == {idle.pk, old_use.pk}
    assert found[old_use.pk].last_usage == today - dt.timedelta(days=28)
    assert found[idle.pk].last_usage is None


def test_capacity_page_shows_licences_in_use_against_assigned(client, make_user, agency_staff):
    _holder(make_user)
    active = _holder(make_user)
    _usage(active, timezone.localdate())
    assert usage.licences_in_use() == 1
    client.force_login(agency_staff)
    page = client.get(reverse("reisbureau:capacity")).content.decode()
    assert "Licenties in gebruik (activiteit in de afgelopen 28 dagen)" in page
    assert "1 / 2" in page


def test_reclaim_list_is_for_agency_staff_only(client, make_user):
    for role in ("traveller", "adviser", "officer", "manager", "council"):
        client.force_login(make_user(role))
        assert client.get(reverse("impact:licence_reclaim")).status_code == 403
        assert client.post(reverse("impact:licence_reclaim_ask"), {"user": "1"}).status_code == 403


def test_reclaim_list_query_count_is_fixed(client, make_user, agency_staff,
                                          django_assert_max_num_queries):
    _holder(make_user)
    client.force_login(agency_staff)
    url = reverse("impact:licence_reclaim")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(4):
        user = _holder(make_user)
        _usage(user, timezone.localdate() - dt.timedelta(days=40))
        TimeSavingFactory(traveller=user, date=timezone.localdate() - dt.timedelta(days=50))
    core_services.notification_send(recipient=agency_staff, subject="x")  # unread count: same
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        page = client.get(url)
    assert page.content.decode().count('name="one"') == 5


# --- Ask, answer, release ----------------------------------------------------------------

def test_agency_asks_one_and_a_selection(client, make_user, agency_staff):
    a, b, c = _holder(make_user), _holder(make_user), _holder(make_user)
    client.force_login(agency_staff)
    client.post(reverse("impact:licence_reclaim_ask"), {"one": a.pk, "user": [b.pk]})
    assert list(LicenceCheck.objects.values_list("user_id", flat=True)) == [a.pk]
    note = Notification.objects.get(recipient=a, subject="Gebruikt u uw Copilot-licentie nog?")
    assert note.url == reverse("impact:licence_check_answer",
                               args=[LicenceCheck.objects.get().pk])
    client.post(reverse("impact:licence_reclaim_ask"), {"user": [a.pk, b.pk, c.pk]})
    assert set(LicenceCheck.objects.values_list("user_id", flat=True)) == {a.pk, b.pk, c.pk}
    assert LicenceCheck.objects.filter(user=a).count() == 1  # asked once only
    # Nobody left to ask: a clear message, nothing written.
    response = client.post(reverse("impact:licence_reclaim_ask"), {"user": [a.pk]}, follow=True)
    assert "nog niet is gevraagd" in response.content.decode()
    assert LicenceCheck.objects.count() == 3


def test_an_active_holder_cannot_be_asked(make_user, agency_staff):
    user = _holder(make_user)
    _usage(user, timezone.localdate())
    with pytest.raises(DomainError):
        from impact import services

        services.licence_checks_ask(user_ids=[user.pk], actor=agency_staff)
    assert not LicenceCheck.objects.exists()


def _ask(user, agency_staff):
    from impact import services

    services.licence_checks_ask(user_ids=[user.pk], actor=agency_staff)
    return LicenceCheck.objects.get(user=user)


def test_yes_keeps_the_licence_and_stops_the_question(client, make_user, agency_staff):
    user = _holder(make_user)
    check = _ask(user, agency_staff)
    client.force_login(user)
    page = client.get(check.get_absolute_url())
    assert "Gebruikt u uw Copilot-licentie nog?" in page.content.decode()
    client.post(check.get_absolute_url(), {"answer": "yes"})
    check.refresh_from_db()
    assert check.answer == "yes" and check.answered_at and not check.released_at
    assert LicenceAssignment.objects.filter(user=user).exists()
    assert tasks.release_unanswered_licences.apply().get() == 0
    # Not listed (nor asked) again until another idle period has passed.
    assert not usage.idle_licence_holders().filter(pk=user.pk).exists()
    # Answering again is refused, the licence stays.
    response = client.post(check.get_absolute_url(), {"answer": "no"}, follow=True)
    assert "al beantwoord" in response.content.decode()
    assert LicenceAssignment.objects.filter(user=user).exists()


def test_no_releases_at_once_to_the_waiting_list(client, make_user, agency_staff):
    user = _holder(make_user)
    core_services.licence_pool_resize(size=1, actor=agency_staff)
    waiting = make_user("traveller")
    core_services.licence_request(user=waiting)
    assert LicenceWaitlistEntry.objects.filter(user=waiting).exists()
    check = _ask(user, agency_staff)
    client.force_login(user)
    client.post(check.get_absolute_url(), {"answer": "no"})
    check.refresh_from_db()
    assert check.answer == "no" and check.released_at
    assert not LicenceAssignment.objects.filter(user=user).exists()
    assert LicenceAssignment.objects.filter(user=waiting).exists()


def test_someone_elses_question_is_404(client, make_user, agency_staff):
    user = _holder(make_user)
    check = _ask(user, agency_staff)
    for other in (make_user("traveller"), agency_staff):
        client.force_login(other)
        assert client.get(check.get_absolute_url()).status_code == 404
        assert client.post(check.get_absolute_url(), {"answer": "no"}).status_code == 404
    assert LicenceAssignment.objects.filter(user=user).exists()


def test_a_bad_answer_changes_nothing(client, make_user, agency_staff):
    user = _holder(make_user)
    check = _ask(user, agency_staff)
    client.force_login(user)
    response = client.post(check.get_absolute_url(), {"answer": "misschien"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.is_open


def test_the_job_releases_unanswered_licences_after_the_period(make_user, agency_staff,
                                                              time_machine, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "LICENCE_CHECK_ANSWER_DAYS": 14}
    user = _holder(make_user)
    core_services.licence_pool_resize(size=1, actor=agency_staff)
    waiting = make_user("traveller")
    core_services.licence_request(user=waiting)
    check = _ask(user, agency_staff)
    time_machine.move_to(timezone.now() + dt.timedelta(days=13), tick=False)
    assert tasks.release_unanswered_licences.apply().get() == 0
    assert LicenceAssignment.objects.filter(user=user).exists()
    time_machine.move_to(timezone.now() + dt.timedelta(days=2), tick=False)
    assert tasks.release_unanswered_licences.apply().get() == 1
    check.refresh_from_db()
    assert check.released_at and not check.answer
    assert not LicenceAssignment.objects.filter(user=user).exists()
    assert LicenceAssignment.objects.filter(user=waiting).exists()
    assert Notification.objects.filter(
        recipient=user, subject="Uw Copilot-licentie is vrijgegeven").exists()
    assert tasks.release_unanswered_licences.apply().get() == 0  # safe to run twice


def test_the_job_is_routed_and_scheduled():
    from django.apps import apps
    from django.conf import settings

    name = "impact.tasks.release_unanswered_licences"
    assert settings.CELERY_TASK_ROUTES[name] == {"queue": "default"}
    assert any(s["task"] == name for s in apps.get_app_config("impact").schedules.values())
