"""Two officers where the step plan names two.

The step plan has a privacy officer and a security officer (`OfficerProfile.specialism`). A
decision on a high-risk task needs both: the first officer records it as a proposal
(`decision_propose`); an officer of the other specialism confirms it, and only then the
append-only CustomsDecision is written (`proposal_confirm`, through
`services.decision_record`), or objects with a reason (`proposal_object`): the submission
stays open and the first officer sees the objection. Nobody proposes or confirms on a task
they planned or submitted. Medium and low risk keep one officer.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys import clearance
from reisbureau.audit import audit_log
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.services import notification_build, notification_send, notifications_send_many

from . import aiact, assessments, permissions, services
from .constants import ProposalStatus, RiskLevel, Specialism, SubmissionStatus
from .models import CustomsDecision, DecisionProposal, Measure, OfficerProfile, Submission


def needs_two(submission: Submission) -> bool:
    return submission.proposed_risk == RiskLevel.HIGH


def specialism_of(user) -> str | None:
    return OfficerProfile.objects.filter(user_id=user.pk).values_list(
        "specialism", flat=True).first()


def _other(specialism: str) -> str:
    return Specialism.SECURITY if specialism == Specialism.PRIVACY else Specialism.PRIVACY


def _refuse_own(submission: Submission, officer: User) -> None:
    if officer.pk in (submission.task.journey.adviser_id, submission.submitted_by_id):
        raise DomainError(_("You planned this task, so another officer decides on it."))


def _lock_open(submission_pk) -> Submission:
    submission = Submission.objects.select_for_update().select_related(
        "task__journey").get(pk=submission_pk)
    if submission.status != SubmissionStatus.OPEN:
        raise DomainError(_("This task has already been decided."))
    return submission


def check_single(submission: Submission, proposal: DecisionProposal | None) -> None:
    """Asked by `services.decision_record`: a high-risk task is decided only by confirming
    its pending proposal."""
    if proposal is None:
        if needs_two(submission):
            raise DomainError(_(
                "This is a high-risk task, so two officers decide: record your decision as a "
                "proposal; an officer with the other specialism confirms it."))
    elif proposal.submission_id != submission.pk or proposal.status != ProposalStatus.PENDING:
        raise DomainError(_("This proposal is no longer waiting for confirmation."))


def decision_propose(*, submission: Submission, officer: User, decision: str,
                     measures: list[Measure] | None = None, extra_measures: str = "",
                     rationale: str = "") -> DecisionProposal:
    """The first officer's decision on a high-risk task, waiting for the second."""
    texts, rationale = clearance.check_decision(
        decision, services.decision_measure_texts(measures, extra_measures), rationale)
    texts = list(dict.fromkeys(texts))
    if not permissions.is_officer(officer):
        raise DomainError(_("Only a privacy or security officer decides at customs."))
    specialism = specialism_of(officer)
    if specialism is None:
        raise DomainError(_("A high-risk task needs a privacy officer and a security officer, "
                            "and your specialism is not set. Agency staff set it in the "
                            "management environment."))
    with transaction.atomic():
        submission = _lock_open(submission.pk)
        if not needs_two(submission):
            raise DomainError(_("One officer decides on this task; record the decision."))
        _refuse_own(submission, officer)
        if submission.proposals.filter(status=ProposalStatus.PENDING).exists():
            raise DomainError(_("A proposal on this task is already waiting for the second "
                                "officer."))
        aiact.check_clearable(submission, decision)
        assessments.check_clearance(submission, decision)
        try:
            with transaction.atomic():
                proposal = DecisionProposal.objects.create(
                    submission=submission, officer=officer, specialism=specialism,
                    decision=decision, measures=texts, rationale=rationale)
        except IntegrityError:
            raise DomainError(_("A proposal on this task is already waiting for the second "
                                "officer.")) from None
        audit_log(actor=officer, action="customs.decision_proposed", target=submission, data={
            "proposal": proposal.pk, "task": submission.task_id, "decision": decision,
            "measures": texts, "rationale": rationale, "specialism": specialism})
        second = User.objects.filter(
            is_active=True, groups__name=Role.OFFICER,
            officer_profile__specialism=_other(specialism)).exclude(
            pk__in=[officer.pk, submission.task.journey.adviser_id,
                    submission.submitted_by_id or 0]).distinct().order_by("pk")
        subject = _("A decision on “%(task)s” waits for your confirmation") % {
            "task": submission}
        notifications_send_many([
            notification_build(recipient=user, subject=subject,
                               url=submission.get_absolute_url())
            for user in second])
        return proposal


def _check_second(proposal: DecisionProposal, officer: User) -> None:
    if not permissions.is_officer(officer):
        raise DomainError(_("Only a privacy or security officer decides at customs."))
    if proposal.status != ProposalStatus.PENDING:
        raise DomainError(_("This proposal is no longer waiting for confirmation."))
    if officer.pk == proposal.officer_id:
        raise DomainError(_("You proposed this decision; a second officer confirms it."))
    _refuse_own(proposal.submission, officer)
    needed = _other(proposal.specialism)
    if specialism_of(officer) != needed:
        raise DomainError(_("A %(needed)s confirms this proposal: it was made by a "
                            "%(made)s.") % {
            "needed": str(Specialism(needed).label).lower(),
            "made": str(Specialism(proposal.specialism).label).lower()})


def _lock_proposal(pk) -> DecisionProposal:
    return DecisionProposal.objects.select_for_update(of=("self",)).select_related(
        "submission__task__journey", "officer").get(pk=pk)


def proposal_confirm(*, proposal: DecisionProposal, officer: User) -> CustomsDecision:
    """The second officer agrees: the decision is written as the first officer proposed it.
    One CustomsDecision, one audit entry (the decision's, naming the proposal)."""
    with transaction.atomic():
        proposal = _lock_proposal(proposal.pk)
        _check_second(proposal, officer)
        record = services.decision_record(
            submission=proposal.submission, officer=officer, decision=proposal.decision,
            extra_measures="\n".join(proposal.measures), rationale=proposal.rationale,
            proposal=proposal)
        proposal.status = ProposalStatus.CONFIRMED
        proposal.reviewed_by, proposal.reviewed_at = officer, timezone.now()
        proposal.result = record
        proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "result"])
        return record


def proposal_object(*, proposal: DecisionProposal, officer: User,
                    objection: str) -> DecisionProposal:
    """The second officer disagrees, with a reason: the submission stays open and the first
    officer is told; a new proposal may follow."""
    objection = (objection or "").strip()
    if not objection:
        raise DomainError(_("Say why you object to this proposal."))
    with transaction.atomic():
        proposal = _lock_proposal(proposal.pk)
        _check_second(proposal, officer)
        _lock_open(proposal.submission_id)
        proposal.status = ProposalStatus.OBJECTED
        proposal.reviewed_by, proposal.reviewed_at = officer, timezone.now()
        proposal.objection = objection
        proposal.full_clean(exclude=["submission", "officer", "reviewed_by", "result"])
        proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "objection"])
        audit_log(actor=officer, action="customs.decision_objected", target=proposal.submission,
                  data={"proposal": proposal.pk, "task": proposal.submission.task_id,
                        "proposed_by": proposal.officer_id})
        if proposal.officer.is_active:
            notification_send(
                recipient=proposal.officer,
                subject=_("Objection to your proposal on “%(task)s”") % {
                    "task": proposal.submission},
                body=objection, url=proposal.submission.get_absolute_url())
        return proposal
