"""Time saved, imported usage and survey answers reach the (cached) dashboard at once; the page
says when its figures were computed; the headline is labelled for what it is; a bad value in
the query string is named, not silently ignored."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from impact import selectors, services
from impact.models import RollupDirtyWeek, SurveyInvitation, TimeSaving, WeeklyRollup
from tests.factories import DepartmentFactory, FunctionGroupFactory
from tests.impact.factories import usable_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_cache(settings):
    """The dashboard cache on, as in production."""
    settings.REISBUREAU = {**settings.REISBUREAU, "DASHBOARD_CACHE_SECONDS": 3600,
                           "MIN_GROUP_SIZE": 1}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "dashboard-freshness-test"}}
    cache.clear()
    yield
    cache.clear()


def _figure(page: str, label: str) -> str:
    """The value shown just before `label` in an impact figure."""
    match = re.search(r'impact-figure__value">([^<]*)</span>' + re.escape(label), page)
    assert match, label
    return match.group(1)


def test_a_logged_saving_shows_on_the_cached_dashboard_at_once(
        client, traveller, manager, production_cache, django_capture_on_commit_callbacks):
    task = usable_task(traveller, baseline_minutes=300)
    services.rollup_rebuild(full=True)
    client.force_login(manager)
    url = reverse("impact:dashboard")
    assert "0,0" == _figure(client.get(url).content.decode(), "uren bespaard in de periode")

    client.force_login(traveller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:saving_log"), {
            "task": task.pk, "minutes": "120", "day": timezone.localdate().isoformat()})
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert _figure(page, "uren bespaard in de periode") == "2,0"
    assert "Bijgewerkt om " + timezone.localtime().strftime("%H:") in page
    # Correcting and removing it count at once too.
    entry = TimeSaving.objects.get()
    client.force_login(traveller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:saving_edit", args=[entry.pk]), {
            "minutes": "90", "day": entry.date.isoformat()})
    client.force_login(manager)
    assert _figure(client.get(url).content.decode(), "uren bespaard in de periode") == "1,5"
    client.force_login(traveller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:saving_edit", args=[entry.pk]), {"delete": "1"})
    client.force_login(manager)
    assert _figure(client.get(url).content.decode(), "uren bespaard in de periode") == "0,0"
    # The week stays marked: the hourly job still rebuilds it whole.
    assert RollupDirtyWeek.objects.filter(week_start=entry.week_start).exists()


def test_the_refresh_touches_one_week_and_one_group_only(traveller, make_user):
    other_group = FunctionGroupFactory()
    colleague = make_user("traveller", department=DepartmentFactory(),
                          function_group=other_group)
    today = timezone.localdate()
    mine = usable_task(traveller, baseline_minutes=300)
    theirs = usable_task(colleague, baseline_minutes=300)
    services.time_saving_log(traveller=traveller, task_id=mine.pk, minutes=30, day=today)
    services.time_saving_log(traveller=colleague, task_id=theirs.pk, minutes=40, day=today)
    services.rollup_rebuild()
    # A stale row of another group and another week would survive a refresh of mine.
    WeeklyRollup.objects.filter(function_group=other_group).update(minutes=1)
    TimeSaving.objects.filter(traveller=traveller).update(minutes=50)
    services.rollups_refresh(traveller_id=traveller.pk, weeks=[services.week_start(today)])
    rows = WeeklyRollup.objects.filter(persona__isnull=True)
    assert rows.get(function_group=traveller.function_group).minutes == 50
    assert rows.get(function_group=other_group).minutes == 1


def test_an_import_shows_on_the_cached_dashboard_at_once(
        client, agency_staff, manager, production_cache, django_capture_on_commit_callbacks):
    client.force_login(manager)
    url = reverse("impact:dashboard")
    assert "0 / " in _figure(client.get(url).content.decode(), "actief in de laatste 28 dagen")
    client.force_login(agency_staff)
    content = (f"email;date;tool;actions\n{manager.email};"
               f"{timezone.localdate().isoformat()};Word;3\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:imports"), {
            "file": SimpleUploadedFile("gebruik.csv", content, content_type="text/csv"),
            "format": "generic", "mode": "skip_bad_rows"})
    client.force_login(manager)
    assert "1 / " in _figure(client.get(url).content.decode(),
                             "actief in de laatste 28 dagen")


def test_a_survey_answer_shows_on_the_cached_dashboard_at_once(
        client, traveller, manager, production_cache, django_capture_on_commit_callbacks):
    survey = services.survey_default()
    SurveyInvitation.objects.create(survey=survey, traveller=traveller, wave="1m",
                                    sent_at=timezone.now())
    client.force_login(manager)
    url = reverse("impact:dashboard")
    assert "0 antwoorden in deze selectie" in client.get(url).content.decode()
    client.force_login(traveller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:survey_answer", args=[survey.pk]),
                    {f"q{q.pk}": "4" for q in survey.questions.all()})
    client.force_login(manager)
    assert "1 antwoord in deze selectie;" in client.get(url).content.decode()


def test_the_headline_is_labelled_and_the_last_four_weeks_stand_beside_it(
        client, traveller, manager, production_cache):
    task = usable_task(traveller, baseline_minutes=1000)
    today = timezone.localdate()
    # Twelve weeks: 60 minutes a week long ago, 180 in each of the last four.
    for weeks_ago in range(12):
        day = today - dt.timedelta(weeks=weeks_ago)
        TimeSaving.objects.create(traveller=traveller, task=task, date=day,
                                  week_start=services.week_start(day),
                                  minutes=180 if weeks_ago < 4 else 60)
    services.rollup_rebuild(full=True)
    filters = selectors.Filters(start=services.week_start(today) - dt.timedelta(weeks=11),
                                end=today)
    board = selectors.dashboard(filters)
    assert board.impact["hours_per_week"] == round((4 * 180 + 8 * 60) / 60 / 12, 1)  # 1.7
    assert board.impact["hours_per_week_recent"] == 3.0
    client.force_login(manager)
    page = client.get(reverse("impact:dashboard"), {
        "van": filters.start.isoformat(), "tot": today.isoformat()}).content.decode()
    assert _figure(page, "uren bespaard per week, gemiddelde van de laatste 4 weken") == "3,0"
    assert _figure(page, "uren bespaard per week, gemiddelde over de hele periode (12 weken)") \
        == "1,7"


@pytest.mark.parametrize(("query", "shown"), [
    ({"van": "2026-02-31"}, "“2026-02-31” voor “Van” is genegeerd"),
    ({"tot": "31-31-2026"}, "“31-31-2026” voor “Tot en met” is genegeerd"),
    ({"van": "9999-12-31"}, "“9999-12-31” voor “Van” is genegeerd"),
    ({"tot": "0001-01-01"}, "“0001-01-01” voor “Tot en met” is genegeerd"),
    ({"afdeling": "abc"}, "“abc” voor “Afdeling” is genegeerd"),
    ({"afdeling": "99999999999999999999999"}, "voor “Afdeling” is genegeerd"),
    ({"van": "2026-03-01", "tot": "2026-01-01"}, "De periode 2026-03-01 – 2026-01-01 is genegeerd"),
])
def test_a_bad_value_in_the_dashboard_url_is_named_and_the_rest_applies(client, manager, query,
                                                                       shown):
    function_group = FunctionGroupFactory(name="Juristen")
    client.force_login(manager)
    response = client.get(reverse("impact:dashboard"),
                          {**query, "functiegroep": function_group.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    # The valid filter still applies.
    assert f'<option value="{function_group.pk}" selected>Juristen</option>' in page
