"""The pages of DPIA/IAMA tracking and four eyes: who may, what the forms show, query counts."""

import pytest
from django.urls import reverse

from customs import assessments, four_eyes, services
from customs.constants import Decision, ProposalStatus, Specialism
from customs.models import CustomsDecision, DecisionProposal, ImpactAssessment, OfficerProfile
from tests.customs.factories import SubmissionFactory
from tests.customs.test_assessments import HIGH_RISK, IAMA_ONLY
from tests.customs.test_views import _count
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


def _officer(specialism):
    user = UserFactory(roles=["officer", "traveller"])
    OfficerProfile.objects.create(user=user, specialism=specialism)
    return user


def _submit(adviser, answers, **kwargs):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), **kwargs)
    return services.submission_create(task=task, actor=adviser, answers=answers)


def _form(assessment, **fields):
    data = {"status": assessment.status, "owner": assessment.owner_id or "",
            "due_date": assessment.due_date.isoformat() if assessment.due_date else "",
            "reference": assessment.reference, "not_needed_reason": "", **fields}
    return {f"beoordeling{assessment.pk}-{k}": v for k, v in data.items()}


def test_the_submission_page_shows_the_to_dos_and_what_clearing_waits_for(client, adviser):
    officer = _officer(Specialism.PRIVACY)
    submission = _submit(adviser, HIGH_RISK)
    client.force_login(officer)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Effectbeoordelingen" in page or "Impact assessments" in page
    assert 'id="kop-beoordeling-' in page and page.count('name="next" value="inzending"') == 2
    assert "Deze taak kan nog niet worden goedgekeurd" in page \
        or "This task cannot be cleared yet" in page
    assert "DPIA" in page and "IAMA" in page


def test_an_officer_updates_an_assessment_on_the_submission_page(client, adviser):
    officer = _officer(Specialism.PRIVACY)
    iama = _submit(adviser, IAMA_ONLY).assessments.get()
    client.force_login(officer)
    url = reverse("customs:assessment", args=[iama.pk])
    # Not needed without a reason: the page says why, nothing is saved.
    response = client.post(url, {**_form(iama, status="not_needed"), "next": "inzending"})
    assert response.status_code == 200
    assert ImpactAssessment.objects.get(pk=iama.pk).status == "to_do"
    response = client.post(url, {**_form(iama, status="done", reference="IAMA-2026-1"),
                                 "next": "inzending"})
    assert response.status_code == 302 and response["Location"] == iama.submission.get_absolute_url()
    assert ImpactAssessment.objects.get(pk=iama.pk).reference == "IAMA-2026-1"


def test_the_owner_may_and_others_get_a_404(client, adviser, traveller, make_user):
    iama = _submit(adviser, IAMA_ONLY).assessments.get()
    url = reverse("customs:assessment", args=[iama.pk])
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(adviser)  # the owner: the adviser who submitted
    assert client.get(url).status_code == 200
    response = client.post(url, _form(iama, status="in_progress"))
    assert response.status_code == 302 and response["Location"] == url
    assert ImpactAssessment.objects.get(pk=iama.pk).status == "in_progress"
    for someone in (traveller, make_user("adviser", "traveller"), make_user("manager")):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, _form(iama, status="done", reference="x")).status_code == 404
    assert ImpactAssessment.objects.get(pk=iama.pk).status == "in_progress"
    # The owner's customs page lists what they own.
    client.force_login(adviser)
    assert url in client.get(reverse("customs:index")).content.decode()


def test_deciding_on_a_high_risk_task_proposes_and_the_second_officer_confirms(client, adviser):
    privacy, security = _officer(Specialism.PRIVACY), _officer(Specialism.SECURITY)
    submission = _submit(adviser, HIGH_RISK)
    for a in submission.assessments.all():
        assessments.assessment_update(assessment=a, actor=privacy, status="not_needed",
                                      owner=a.owner, due_date=a.due_date,
                                      not_needed_reason="Vervangen door de DPIA van het zaaksysteem")
    client.force_login(privacy)
    prefix = f"besluit{submission.pk}"
    response = client.post(reverse("customs:decide", args=[submission.pk]), {
        f"{prefix}-decision": Decision.CLEARED, f"{prefix}-rationale": ""}, follow=True)
    page = response.content.decode()
    assert "voorstel" in page or "proposal" in page
    proposal = DecisionProposal.objects.get()
    assert not CustomsDecision.objects.exists()
    assert f"/douane/voorstellen/{proposal.pk}/bevestigen/" not in page  # not for the proposer

    client.force_login(security)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert f"/douane/voorstellen/{proposal.pk}/bevestigen/" in page
    response = client.post(reverse("customs:proposal_confirm", args=[proposal.pk]))
    assert response.status_code == 302
    assert CustomsDecision.objects.get().officer == security
    page = client.get(submission.get_absolute_url()).content.decode()
    assert privacy.display_name in page


def test_the_objection_is_shown_to_the_first_officer(client, adviser):
    privacy, security = _officer(Specialism.PRIVACY), _officer(Specialism.SECURITY)
    submission = SubmissionFactory(proposed_risk="high")
    proposal = four_eyes.decision_propose(submission=submission, officer=privacy,
                                          decision=Decision.EXCLUDED, rationale="Te riskant")
    client.force_login(security)
    url = reverse("customs:proposal_object", args=[proposal.pk])
    client.post(url, {"objection": ""})
    assert DecisionProposal.objects.get().status == ProposalStatus.PENDING
    client.post(url, {"objection": "Eerst de leverancier spreken."})
    assert DecisionProposal.objects.get().status == ProposalStatus.OBJECTED
    client.force_login(privacy)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Eerst de leverancier spreken." in page
    assert f'action="/douane/inzendingen/{submission.pk}/besluit/"' in page  # decide again


def test_only_officers_confirm_or_object(client, adviser, traveller):
    privacy = _officer(Specialism.PRIVACY)
    submission = SubmissionFactory(proposed_risk="high")
    proposal = four_eyes.decision_propose(submission=submission, officer=privacy,
                                          decision=Decision.EXCLUDED, rationale="Te riskant")
    for name in ("customs:proposal_confirm", "customs:proposal_object"):
        url = reverse(name, args=[proposal.pk])
        for user in (traveller, adviser):
            client.force_login(user)
            assert client.post(url, {"objection": "nee"}).status_code == 403
        client.force_login(privacy)
        assert client.get(url).status_code == 405
        assert client.post(reverse(name, args=[proposal.pk + 99])).status_code == 404
    assert DecisionProposal.objects.get().status == ProposalStatus.PENDING


def test_the_session_page_does_not_grow_with_assessments_and_proposals(
        client, adviser, django_assert_max_num_queries):
    privacy = _officer(Specialism.PRIVACY)

    def add():  # a high-risk item waiting for the second officer, and a low-risk one
        s = _submit(adviser, HIGH_RISK)
        four_eyes.decision_propose(submission=s, officer=privacy, decision=Decision.EXCLUDED,
                                   rationale="Te riskant")
        _submit(adviser, IAMA_ONLY)
        return s.session

    session = add()
    client.force_login(_officer(Specialism.SECURITY))
    url = session.get_absolute_url()
    small = _count(client, url, django_assert_max_num_queries, 20)
    for _ in range(4):
        add()
    assert _count(client, url, django_assert_max_num_queries, 20) == small
    page = client.get(url).content.decode()
    assert page.count("/bevestigen/") == 5
