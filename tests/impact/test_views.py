"""The impact pages: what each role sees and does, bad input, exports, htmx, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from impact import registry, services
from impact.constants import ImportStatus, ObjectionStatus
from impact.models import (
    Interview,
    Objection,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    TimeSaving,
    UsageImport,
    UsageRecord,
)
from reisbureau.services import licence_request
from tests.factories import FunctionGroupFactory, UserFactory
from tests.impact.factories import (
    InterviewFactory,
    ObjectionFactory,
    TimeSavingFactory,
    usable_task,
)
from tests.journeys.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_traveller_logs_a_saving_from_the_start_page(client, traveller):
    task = usable_task(traveller, baseline_minutes=300, work_task="Notulen maken")
    licence_request(user=traveller)
    client.force_login(traveller)
    home = client.get("/").content.decode()
    assert "Heeft AI u vandaag tijd bespaard?" in home and "Notulen maken" in home
    response = client.post(reverse("impact:saving_log"), {
        "task": task.pk, "minutes": "30", "day": timezone.localdate().isoformat(),
        "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Vandaag 30 minuten bespaard met “Notulen maken”" in response.content.decode()
    assert TimeSaving.objects.get().minutes == 30


def test_start_page_has_no_saving_block_without_a_cleared_task(client, traveller):
    usable_task(traveller, status="draft")
    licence_request(user=traveller)
    client.force_login(traveller)
    assert "Heeft AI u vandaag tijd bespaard?" not in client.get("/").content.decode()


@pytest.mark.parametrize(("minutes", "day", "message"), [
    ("-10", 0, "positief aantal minuten"),
    ("abc", 0, "geheel getal"),
    ("30", 2, "in de toekomst"),
    ("400", 0, "300 minuten per week"),
])
def test_bad_savings_give_a_dutch_message_and_save_nothing(client, traveller, minutes, day,
                                                           message):
    task = usable_task(traveller, baseline_minutes=300)
    client.force_login(traveller)
    response = client.post(reverse("impact:saving_log"), {
        "task": task.pk, "minutes": minutes,
        "day": (timezone.localdate() + dt.timedelta(days=day)).isoformat()}, follow=True)
    assert message in response.content.decode()
    assert not TimeSaving.objects.exists()


def test_traveller_corrects_an_entry_and_bad_input_saves_nothing(client, traveller):
    entry = TimeSavingFactory(traveller=traveller, minutes=20)
    client.force_login(traveller)
    url = reverse("impact:saving_edit", args=[entry.pk])
    response = client.post(url, {"minutes": "-3", "day": entry.date.isoformat()})
    assert "positief aantal minuten" in response.content.decode()
    entry.refresh_from_db()
    assert entry.minutes == 20
    client.post(url, {"minutes": "25", "day": entry.date.isoformat()})
    entry.refresh_from_db()
    assert entry.minutes == 25
    page = client.get(reverse("impact:savings")).content.decode()
    assert "Zonder AI" in page and "25" in page


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def _population(group, n):
    people = [UserFactory(roles=["traveller"], function_group=group) for _ in range(n)]
    for person in people:
        TimeSavingFactory(traveller=person, minutes=45)
    return people


@pytest.mark.parametrize("name", ["impact:dashboard", "impact:ranking",
                                  "impact:governance_report", "impact:evaluation_report"])
def test_dashboards_do_not_grow_with_rows(client, manager, name, django_assert_max_num_queries):
    _population(FunctionGroupFactory(), 5)
    services.rollup_rebuild(full=True)
    EvaluationFactory(completed_at=timezone.now())
    client.force_login(manager)
    url = reverse(name)
    # The progress report gathers an indicator from every app (customs, community, learning).
    cap = 50 if name == "impact:governance_report" else 40
    small = _count(client, url, django_assert_max_num_queries, cap)
    for _ in range(3):
        _population(FunctionGroupFactory(), 6)
        EvaluationFactory(completed_at=timezone.now())
    services.rollup_rebuild(full=True)
    assert _count(client, url, django_assert_max_num_queries, cap) == small


@pytest.mark.parametrize(("name", "role"), [
    ("impact:savings", "traveller"), ("impact:objections", "officer"),
    ("impact:interviews", "adviser"), ("impact:surveys", "manager"), ("impact:imports",
                                                                      "agency_staff")])
def test_lists_do_not_grow_with_rows(client, make_user, name, role,
                                     django_assert_max_num_queries):
    user = make_user(role)

    def rows():
        TimeSavingFactory(traveller=user)
        ObjectionFactory()
        InterviewFactory()
        UsageImport.objects.create(uploaded_by=user, filename="a.csv", format="generic",
                                   mode="skip_bad_rows")

    rows()
    client.force_login(user)
    small = _count(client, reverse(name), django_assert_max_num_queries, 25)
    for _ in range(4):
        rows()
    assert _count(client, reverse(name), django_assert_max_num_queries, 25) == small


def test_manager_filters_the_dashboard_and_exports_csv(client, manager):
    group = FunctionGroupFactory(name="Beleidsmedewerker")
    _population(group, 5)
    _population(FunctionGroupFactory(name="Andere groep"), 5)
    services.rollup_rebuild(full=True)
    client.force_login(manager)
    page = client.get(reverse("impact:dashboard"), {"functiegroep": group.pk}).content.decode()
    assert "Uren bespaard per week" in page
    assert 'id="grafiek-uren" type="application/json"' in page
    assert "3,8" in page or "3.8" in page  # 5 × 45 minutes = 3.75 hours
    assert "<script>" not in page.replace('<script type="application/json"', "")
    csv = client.get(reverse("impact:dashboard"), {"functiegroep": group.pk,
                                                   "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "Uren bespaard in totaal;3,8" in body  # a decimal comma: Dutch Excel reads a number
    assert "Andere groep" not in body


def test_a_too_narrow_filter_hides_the_figures_and_the_export(client, manager):
    group = FunctionGroupFactory()
    people = _population(group, 3)
    services.rollup_rebuild(full=True)
    client.force_login(manager)
    page = client.get(reverse("impact:dashboard"), {"functiegroep": group.pk}).content.decode()
    assert "minder dan 5 medewerkers" in page
    assert "grafiek-uren" not in page
    body = client.get(reverse("impact:dashboard"), {"functiegroep": group.pk,
                                                    "export": "csv"}).content.decode()
    assert "Uren bespaard" not in body and people[0].email not in body


def test_bad_dashboard_filters_get_a_dutch_message(client, manager):
    client.force_login(manager)
    page = client.get(reverse("impact:dashboard"), {"van": "2026-05-01", "tot": "2026-01-01"})
    assert "Het begin van de periode ligt na het einde." in page.content.decode()


def test_ranking_and_governance_report_export_csv(client, manager, monkeypatch):
    monkeypatch.delitem(registry._indicators, "trainings")  # an app that measures nothing yet
    client.force_login(manager)
    ranking = client.get(reverse("impact:ranking"), {"export": "csv"})
    assert ranking["Content-Type"].startswith("text/csv")
    report = client.get(reverse("impact:governance_report"))
    body = report.content.decode()
    assert "Douanezittingen elke twee weken gehouden" in body and "nog niet gemeten" in body
    assert "data-print" in body
    csv = client.get(reverse("impact:governance_report"), {"export": "csv"}).content.decode()
    assert "nog niet gemeten" in csv


def test_registered_indicators_show_on_the_governance_report(client, manager, monkeypatch):
    monkeypatch.setitem(registry._indicators, "customs_sessions", lambda: "12 van 13")
    client.force_login(manager)
    body = client.get(reverse("impact:governance_report")).content.decode()
    assert "12 van 13" in body


def test_survey_answers_are_anonymous_to_everyone_but_the_respondent(client, make_user,
                                                                     manager, agency_staff):
    survey = services.survey_default()
    questions = list(survey.questions.all())
    # Names no faker can give the viewer too: the check is that no respondent appears.
    people = [make_user("traveller", first_name="Resp", last_name=f"Ondent{i}xq")
              for i in range(5)]
    for person in people:
        SurveyInvitation.objects.create(survey=survey, traveller=person, wave="1m",
                                        sent_at=timezone.now())
    client.force_login(people[0])
    response = client.post(reverse("impact:survey_answer", args=[survey.pk]),
                           {f"q{q.pk}": "4" for q in questions}, follow=True)
    assert "Dank u wel voor uw antwoorden." in response.content.decode()
    assert "Alleen u ziet uw antwoorden" in response.content.decode()
    client.force_login(manager)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "vanaf 5 antwoorden" in page  # one response: hidden
    for person in people[1:]:
        services.survey_respond(survey=survey, respondent=person,
                                answers={questions[0].pk: 5})
    for user in (manager, agency_staff):
        client.force_login(user)
        page = client.get(survey.get_absolute_url()).content.decode()
        assert "vanaf 5 antwoorden" not in page
        for person in people:
            assert person.email not in page and person.last_name not in page
    assert SurveyResponse.objects.count() == 5


def test_bad_survey_answer_saves_nothing(client, traveller):
    survey = services.survey_default()
    SurveyInvitation.objects.create(survey=survey, traveller=traveller, wave="1m",
                                    sent_at=timezone.now())
    client.force_login(traveller)
    response = client.post(reverse("impact:survey_answer", args=[survey.pk]), {})
    assert "Beantwoord minstens één vraag." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_surveys_page_does_not_make_the_default_survey(client, manager):
    client.force_login(manager)
    assert client.get(reverse("impact:surveys")).status_code == 200
    assert not Survey.objects.exists()


def test_agency_staff_build_a_survey(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("impact:surveys"), {"title": "Training", "is_open": "on"})
    survey_url = response["Location"]
    response = client.post(survey_url, {"kind": "choice", "text": "Welke vorm?",
                                        "choices": "Alleen"})
    assert "minstens twee keuzes" in response.content.decode()
    client.post(survey_url, {"kind": "choice", "text": "Welke vorm?",
                             "choices": "Training\nExcursie"})
    assert "Welke vorm?" in client.get(survey_url).content.decode()


def test_adviser_records_an_interview(client, adviser):
    client.force_login(adviser)
    response = client.post(reverse("impact:interviews"), {
        "held_on": timezone.localdate().isoformat(), "subject": "Team Wmo",
        "themes": ["resistance", "concern"], "notes": "Zorgen over privacy"}, follow=True)
    assert "Het interview is vastgelegd." in response.content.decode()
    assert Interview.objects.get().themes == ["concern", "resistance"]
    response = client.post(reverse("impact:interviews"), {
        "held_on": timezone.localdate().isoformat(), "subject": "Leeg", "notes": "x"})
    assert Interview.objects.count() == 1


def test_objection_is_raised_and_resolved_through_the_pages(client, traveller, officer):
    task = usable_task(traveller)
    client.force_login(traveller)
    response = client.get(reverse("impact:objection_new"), {"id": task.pk})
    assert task.work_task in response.content.decode()
    response = client.post(reverse("impact:objection_new"), {
        "target": task.pk, "kind": "legal", "description": "Mag dit onder de AVG?"},
        follow=True)
    assert "Uw bezwaar is geregistreerd" in response.content.decode()
    objection = Objection.objects.get()
    client.force_login(officer)
    client.post(objection.get_absolute_url(), {"action": "consider"})
    client.post(objection.get_absolute_url(), {"action": "resolve", "answer": "Ja, met DPIA."})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED
    # A second resolve is a message, not a 500.
    response = client.post(objection.get_absolute_url(), {"action": "resolve",
                                                          "answer": "Nog eens"}, follow=True)
    assert "al afgehandeld" in response.content.decode()


def test_agency_staff_upload_a_usage_file_and_see_the_progress(
        client, agency_staff, django_capture_on_commit_callbacks):
    client.force_login(agency_staff)
    content = (f"\ufeffemail;date;tool;actions\n{agency_staff.email};"
               f"{timezone.localdate().isoformat()};Word;3\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:imports"), {
            "file": SimpleUploadedFile("gebruik.csv", content, content_type="text/csv"),
            "format": "generic", "mode": "skip_bad_rows"})
    usage_import = UsageImport.objects.get()
    assert response["Location"] == usage_import.get_absolute_url()
    assert usage_import.status == ImportStatus.DONE
    assert UsageRecord.objects.count() == 1
    fragment = client.get(usage_import.get_absolute_url(), **HTMX).content.decode()
    assert "<html" not in fragment and 'value="100"' in fragment
    assert "hx-trigger" not in fragment  # finished: the polling stops


def test_progress_polls_while_the_import_runs(client, agency_staff):
    usage_import = UsageImport.objects.create(
        uploaded_by=agency_staff, filename="a.csv", format="generic", mode="skip_bad_rows",
        status=ImportStatus.VALIDATING, total_rows=1000, processed_rows=250)
    client.force_login(agency_staff)
    page = client.get(usage_import.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page
    # The polling element keeps a real link for browsers without JavaScript.
    assert f'href="{usage_import.get_absolute_url()}"' in page


def test_an_empty_upload_gets_a_dutch_message(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("impact:imports"), {
        "file": SimpleUploadedFile("leeg.csv", b"", content_type="text/csv"),
        "format": "generic", "mode": "skip_bad_rows"})
    assert response.status_code == 200
    assert not UsageImport.objects.exists()
    assert "leeg" in response.content.decode()


@pytest.mark.parametrize("kind", ["prompt", "post"])
def test_objections_can_target_community_prompts_and_posts(client, kind, traveller, agency_staff):
    from community.constants import Visibility
    from community.models import Prompt, Topic

    if kind == "prompt":
        target = Prompt.objects.create(title="Vat beleid samen", text="x", author=agency_staff,
                                       visibility=Visibility.EVERYONE, is_published=True)
    else:
        target = Topic.objects.create(kind="question", title="Mag dit?", body="x",
                                      author=agency_staff)
    client.force_login(traveller)
    response = client.get(f"/impact/bezwaren/nieuw/?soort={kind}&id={target.pk}")
    assert response.status_code == 200
    assert target.title in response.content.decode()


def test_objection_on_someone_elses_private_prompt_is_not_offered(client, traveller, agency_staff):
    from community.constants import Visibility
    from community.models import Prompt

    private = Prompt.objects.create(title="Geheim", text="x", author=agency_staff,
                                    visibility=Visibility.PRIVATE)
    client.force_login(traveller)
    response = client.get(f"/impact/bezwaren/nieuw/?soort=prompt&id={private.pk}")
    assert "Geheim" not in response.content.decode()


def test_governance_indicators_come_from_customs_and_community(db):
    from impact import registry

    assert "zittingen" in registry.indicator_value("customs_sessions")
    assert registry.indicator_value("community_activity")
    assert "trainingen" in registry.indicator_value("trainings")
    assert registry.indicator_value("literacy_coverage")


def test_a_group_with_one_contributing_traveller_shows_no_time_figures(client, manager, make_user,
                                                                      settings):
    """Eight employees, one of whom logs: the group's figures would be that one person's."""
    from reisbureau.models import FunctionGroup
    from impact import selectors

    group = FunctionGroup.objects.create(name="Eenlingen")
    people = [make_user("traveller", function_group=group) for _ in range(8)]
    from tests.impact.factories import TimeSavingFactory

    TimeSavingFactory(traveller=people[0], minutes=90, date=timezone.localdate())
    services.rollup_rebuild(full=True)
    row = next(r for r in selectors.rollout_ranking() if r["group"] == group)
    assert row["minutes_per_traveller"] is None and row["too_few_contributors"]
    filters = selectors.Filters(start=timezone.localdate() - dt.timedelta(weeks=13),
                                end=timezone.localdate())
    g = next(r for r in selectors.group_rows(filters) if r["pk"] == group.pk)
    assert g["too_few_contributors"] and "hours" not in g
    client.force_login(manager)
    body = client.get(reverse("impact:ranking")).content.decode()
    assert "Te weinig reizigers gemeten" in body
