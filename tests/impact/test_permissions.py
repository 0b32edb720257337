"""Who may see what of impact: both ways for every view, and 404 for someone else's object."""

import pytest
from django.urls import reverse

from impact import permissions, services
from impact.models import SurveyInvitation
from tests.impact.factories import (
    InterviewFactory,
    ObjectionFactory,
    SurveyFactory,
    TimeSavingFactory,
)
from tests.journeys.factories import JourneyFactory

pytestmark = pytest.mark.django_db

# url name, allowed role, refused role (None: every signed-in employee may)
ROLE_GATED = [
    ("impact:index", "traveller", None),
    ("impact:savings", "traveller", None),
    ("impact:objections", "traveller", None),
    ("impact:objection_new", "traveller", None),
    ("impact:dashboard", "manager", "traveller"),
    ("impact:dashboard", "agency_staff", "adviser"),
    ("impact:ranking", "manager", "officer"),
    ("impact:surveys", "manager", "traveller"),
    ("impact:interviews", "adviser", "manager"),
    ("impact:interviews", "agency_staff", "traveller"),
    ("impact:imports", "agency_staff", "manager"),
    ("impact:evaluation_report", "manager", "traveller"),
    ("impact:governance_report", "manager", "adviser"),
]


@pytest.mark.parametrize(("name", "allowed", "refused"), ROLE_GATED)
def test_role_gates(client, make_user, name, allowed, refused):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(allowed))
    assert client.get(url).status_code == 200
    if refused:
        client.force_login(make_user(refused))
        assert client.get(url).status_code == 403


def test_time_saving_entries_are_the_travellers_own(client, traveller, make_user):
    mine, theirs = TimeSavingFactory(traveller=traveller), TimeSavingFactory()
    client.force_login(traveller)
    assert client.get(reverse("impact:saving_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("impact:saving_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("impact:saving_edit", args=[theirs.pk]),
                       {"delete": "1"}).status_code == 404
    assert list(permissions.time_savings.visible(traveller)) == [mine]
    assert client.get(reverse("impact:saving_edit", args=[mine.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("impact:saving_edit", args=[mine.pk])).status_code == 302


def test_advisers_see_the_logs_of_their_own_journeys_only(client, adviser, traveller,
                                                          agency_staff):
    own, other = JourneyFactory(adviser=adviser), JourneyFactory()
    url_own = reverse("impact:journey_savings", args=[own.pk])
    url_other = reverse("impact:journey_savings", args=[other.pk])
    assert client.get(url_own).status_code == 302
    client.force_login(traveller)
    assert client.get(url_own).status_code == 403
    client.force_login(adviser)
    assert client.get(url_own).status_code == 200
    assert client.get(url_other).status_code == 404
    client.force_login(agency_staff)
    assert client.get(url_other).status_code == 200


def test_objections_are_seen_by_their_raiser_and_the_handlers(client, traveller, officer,
                                                              make_user):
    mine, theirs = ObjectionFactory(raised_by=traveller), ObjectionFactory()
    client.force_login(traveller)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    # A traveller cannot handle even their own objection.
    assert client.post(mine.get_absolute_url(), {"action": "consider"}).status_code == 403
    client.force_login(officer)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    client.force_login(make_user("manager"))
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_interview_notes_stay_with_advisers_and_agency_staff(make_user):
    InterviewFactory()
    assert permissions.interviews.visible(make_user("adviser")).count() == 1
    assert permissions.interviews.visible(make_user("agency_staff")).count() == 1
    for role in ("manager", "traveller", "officer"):
        assert permissions.interviews.visible(make_user(role)).count() == 0


def test_survey_pages(client, traveller, manager, agency_staff, make_user):
    survey = services.survey_default()
    closed = SurveyFactory()
    answer_url = reverse("impact:survey_answer", args=[survey.pk])
    client.force_login(traveller)
    assert client.get(answer_url).status_code == 404  # not invited
    SurveyInvitation.objects.create(survey=survey, traveller=traveller, wave="1m",
                                    sent_at=survey.created_at)
    assert client.get(answer_url).status_code == 200
    assert client.get(reverse("impact:survey_answer", args=[closed.pk])).status_code == 404
    assert client.get(survey.get_absolute_url()).status_code == 403  # results: not for you
    client.force_login(manager)
    assert client.get(survey.get_absolute_url()).status_code == 200
    assert client.post(survey.get_absolute_url(), {"kind": "open",
                                                   "text": "Vraag"}).status_code == 403
    client.force_login(agency_staff)
    assert client.post(closed.get_absolute_url(), {"kind": "open", "text": "Vraag"}
                       ).status_code == 302


def test_import_detail_is_for_agency_staff(client, agency_staff, manager):
    from impact.models import UsageImport

    usage_import = UsageImport.objects.create(uploaded_by=agency_staff, filename="a.csv",
                                              format="generic", mode="skip_bad_rows")
    url = usage_import.get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("impact:import_detail", args=[9999])).status_code == 404
