"""Two officers on a high-risk task: a privacy officer and a security officer (four_eyes)."""

import pytest

from customs import assessments, four_eyes, services
from customs.constants import Decision, ProposalStatus, RiskLevel, Specialism
from customs.models import CustomsDecision, DecisionProposal, OfficerProfile, Submission
from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.customs.factories import OfficerFactory, SubmissionFactory
from tests.customs.test_assessments import HIGH_RISK
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


def _officer(specialism, roles=("officer", "traveller")):
    user = UserFactory(roles=list(roles))
    OfficerProfile.objects.create(user=user, specialism=specialism)
    return user


@pytest.fixture
def privacy():
    return _officer(Specialism.PRIVACY)


@pytest.fixture
def security():
    return _officer(Specialism.SECURITY)


@pytest.fixture
def high(adviser, privacy):
    """A high-risk submission whose DPIA and IAMA are done."""
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    submission = services.submission_create(task=task, actor=adviser, answers=HIGH_RISK)
    assert submission.proposed_risk == RiskLevel.HIGH
    for a in submission.assessments.all():
        assessments.assessment_update(assessment=a, actor=privacy, status="done", owner=a.owner,
                                      due_date=a.due_date, reference=f"{a.kind}-1")
    return submission


def _propose(submission, officer, decision=Decision.CLEARED_WITH_MEASURES):
    return four_eyes.decision_propose(
        submission=submission, officer=officer, decision=decision,
        extra_measures="Geen namen in de prompt"
        if decision == Decision.CLEARED_WITH_MEASURES else "",
        rationale="DPIA en IAMA afgerond")


def test_one_officer_cannot_decide_a_high_risk_task(high, privacy):
    with pytest.raises(DomainError, match="twee|two"):
        services.decision_record(submission=high, officer=privacy, decision=Decision.EXCLUDED,
                                 rationale="Te riskant")
    assert not CustomsDecision.objects.exists()


def test_a_proposal_waits_and_a_confirmation_writes_one_decision(high, privacy, security):
    last = AuditEntry.objects.order_by("-pk").first().pk
    proposal = _propose(high, privacy)
    assert proposal.status == ProposalStatus.PENDING and proposal.specialism == "privacy"
    assert not CustomsDecision.objects.exists()
    assert Submission.objects.get(pk=high.pk).status == "open"
    assert JourneyTask.objects.get(pk=high.task_id).status == TaskStatus.AT_CUSTOMS
    [entry] = AuditEntry.objects.filter(pk__gt=last)
    assert entry.action == "customs.decision_proposed" and entry.actor == privacy
    # The security officer is asked; the privacy officer who proposed is not.
    assert Notification.objects.filter(recipient=security).count() == 1
    assert not Notification.objects.filter(recipient=privacy).exists()

    last = AuditEntry.objects.order_by("-pk").first().pk
    record = four_eyes.proposal_confirm(proposal=proposal, officer=security)
    assert CustomsDecision.objects.count() == 1
    assert (record.officer, record.decision, record.measures) == (
        security, Decision.CLEARED_WITH_MEASURES, ["Geen namen in de prompt"])
    [entry] = AuditEntry.objects.filter(pk__gt=last)
    assert entry.action == "customs.decided" and entry.actor == security
    assert entry.data["proposal"] == proposal.pk and entry.data["proposed_by"] == privacy.pk
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by, proposal.result) == (
        ProposalStatus.CONFIRMED, security, record)
    assert JourneyTask.objects.get(pk=high.task_id).status == TaskStatus.CLEARED_WITH_MEASURES
    with pytest.raises(DomainError):
        four_eyes.proposal_confirm(proposal=proposal, officer=security)
    assert CustomsDecision.objects.count() == 1


def test_the_same_specialism_or_the_proposer_cannot_confirm(high, privacy):
    proposal = _propose(high, privacy)
    with pytest.raises(DomainError, match="securityofficer|security officer"):
        four_eyes.proposal_confirm(proposal=proposal, officer=_officer(Specialism.PRIVACY))
    with pytest.raises(DomainError, match="voorgesteld|proposed"):
        four_eyes.proposal_confirm(proposal=proposal, officer=privacy)
    with pytest.raises(DomainError):  # an officer without a specialism
        four_eyes.proposal_confirm(proposal=proposal, officer=OfficerFactory())
    with pytest.raises(DomainError, match="al een voorstel|already waiting"):
        _propose(high, _officer(Specialism.SECURITY))
    assert not CustomsDecision.objects.exists()


def test_nobody_decides_or_confirms_a_task_they_submitted(privacy, security):
    # An officer who is also the adviser of the journey (and submitted the task).
    both = _officer(Specialism.SECURITY, roles=["officer", "adviser", "traveller"])
    own = SubmissionFactory(task__journey__adviser=both, proposed_risk=RiskLevel.HIGH)
    assert own.submitted_by == both
    with pytest.raises(DomainError, match="gepland|planned"):
        _propose(own, both, Decision.EXCLUDED)
    proposal = _propose(own, privacy, Decision.EXCLUDED)
    with pytest.raises(DomainError, match="gepland|planned"):
        four_eyes.proposal_confirm(proposal=proposal, officer=both)
    four_eyes.proposal_confirm(proposal=proposal, officer=security)
    assert CustomsDecision.objects.get().decision == Decision.EXCLUDED


def test_an_objection_keeps_the_task_open_and_tells_the_first_officer(high, privacy, security):
    proposal = _propose(high, privacy)
    with pytest.raises(DomainError):
        four_eyes.proposal_object(proposal=proposal, officer=security, objection="  ")
    four_eyes.proposal_object(proposal=proposal, officer=security,
                              objection="De IAMA noemt geen bezwaarprocedure.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OBJECTED and proposal.reviewed_by == security
    assert Submission.objects.get(pk=high.pk).status == "open"
    assert not CustomsDecision.objects.exists()
    note = Notification.objects.get(recipient=privacy)
    assert "bezwaarprocedure" in note.body and note.url == high.get_absolute_url()
    entry = AuditEntry.objects.get(action="customs.decision_objected")
    assert entry.actor == security and entry.data["proposed_by"] == privacy.pk
    with pytest.raises(DomainError):
        four_eyes.proposal_confirm(proposal=proposal, officer=security)
    # A new proposal (from either officer) starts the round again.
    again = _propose(high, security, Decision.SENT_BACK)
    four_eyes.proposal_confirm(proposal=again, officer=privacy)
    assert CustomsDecision.objects.get().decision == Decision.SENT_BACK
    assert DecisionProposal.objects.count() == 2


def test_a_high_risk_clearance_also_waits_for_the_dpia(adviser, privacy, security):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    submission = services.submission_create(task=task, actor=adviser, answers=HIGH_RISK)
    with pytest.raises(DomainError, match="DPIA"):
        _propose(submission, privacy)
    assert not DecisionProposal.objects.exists()


def test_an_officer_without_a_specialism_cannot_propose(high):
    with pytest.raises(DomainError, match="specialisme|specialism"):
        _propose(high, OfficerFactory())


def test_medium_and_low_risk_keep_one_officer(privacy):
    submission = SubmissionFactory(proposed_risk=RiskLevel.MEDIUM)
    with pytest.raises(DomainError):
        _propose(submission, privacy)
    services.decision_record(submission=submission, officer=privacy, decision=Decision.CLEARED)
    assert CustomsDecision.objects.get().officer == privacy


def test_a_non_officer_cannot_propose(high, adviser):
    with pytest.raises(DomainError):
        _propose(high, adviser)


def test_a_prohibited_practice_cannot_even_be_proposed_for_clearance(adviser, privacy):
    """The AI Act's hard stop holds on the four-eyes path too: no first officer proposes to
    clear what Art. 5 forbids, so no second officer is ever asked to confirm it."""
    answers = {**HIGH_RISK, "ai_act_answers": {
        **HIGH_RISK["ai_act_answers"], "prohibited": ["emotion_work"]}}
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    submission = services.submission_create(task=task, actor=adviser, answers=answers)
    assert submission.proposed_risk == RiskLevel.HIGH
    for a in submission.assessments.all():
        assessments.assessment_update(assessment=a, actor=privacy, status="done", owner=a.owner,
                                      due_date=a.due_date, reference=f"{a.kind}-1")
    with pytest.raises(DomainError, match=r"5\(1\)\(f\)"):
        _propose(submission, privacy)
    assert not DecisionProposal.objects.exists()
