"""DPIA and IAMA as tracked work, not flags.

When a submission's proposal says a DPIA is needed (the pre-scan) or, for high-risk or
rights-affecting use, an IAMA (Impact Assessment Mensenrechten en Algoritmes), customs records
each as a to-do with an owner, a status, a due date (the session) and a reference to the
document. Clearing the task waits until each is done or recorded as not needed, with the
reason (`check_clearance`, asked by `services.decision_record`). The officers' session
reminder lists the open ones and their owners are told (`reminder_lines`,
`owner_reminders`).
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.services import notification_build, notification_send

from . import permissions
from .constants import (
    AiActCategory,
    AssessmentKind,
    AssessmentStatus,
    Decision,
    RiskLevel,
    SubmissionStatus,
)
from .models import ImpactAssessment, Submission

CLEARANCES = (Decision.CLEARED, Decision.CLEARED_WITH_MEASURES)
SETTLED = (AssessmentStatus.DONE, AssessmentStatus.NOT_NEEDED)


def required_kinds(submission: Submission) -> list[str]:
    """The assessments a submission's proposal asks for: a DPIA when the pre-scan says so; an
    IAMA for high-risk AI (AI Act) or a high-risk task whose output affects decisions."""
    kinds = []
    if submission.dpia_needed:
        kinds.append(AssessmentKind.DPIA)
    if submission.proposed_ai_act == AiActCategory.HIGH or (
            submission.proposed_risk in (RiskLevel.HIGH, RiskLevel.EXCLUDED)
            and submission.affects_decisions):
        kinds.append(AssessmentKind.IAMA)
    return kinds


def assessments_require(submissions: list[Submission]) -> list[ImpactAssessment]:
    """Record the to-dos of freshly saved submissions (one insert, one insert of audit
    entries). The owner is whoever submitted, else the owner of the task's previous assessment
    of that kind (a re-review); the due date is the submission's session."""
    wanted = [(s, kind) for s in submissions for kind in required_kinds(s)]
    if not wanted:
        return []
    previous = {}
    for task_id, kind, owner_id in ImpactAssessment.objects.filter(
            task_id__in={s.task_id for s, _kind in wanted}, owner__isnull=False,
            owner__is_active=True).order_by("-created_at", "-pk").values_list(
            "task_id", "kind", "owner_id"):
        previous.setdefault((task_id, kind), owner_id)
    created = ImpactAssessment.objects.bulk_create([
        ImpactAssessment(
            submission=s, task_id=s.task_id, kind=kind,
            owner_id=s.submitted_by_id or previous.get((s.task_id, kind)),
            due_date=s.session.date if s.session_id else None)
        for s, kind in wanted])
    audit_log_many([
        audit_entry(actor=None, action="customs.assessment_required", target=a,
                    data={"submission": a.submission_id, "kind": a.kind, "owner": a.owner_id})
        for a in created])
    return created


def assessments_of(submission: Submission) -> list:
    listed = getattr(submission, "assessment_list", None)
    return listed if listed is not None else list(submission.assessments.all())


def missing(submission: Submission) -> list[dict]:
    """The required assessments not yet done or not-needed, as kind and status labels (for
    the decision form and the refusal). Reads the prefetched `assessment_list` (the officers'
    pages, customs.selectors) or a prefetched `assessments` when there is one."""
    found = {a.kind: a for a in assessments_of(submission)}
    result = []
    for kind in required_kinds(submission):
        assessment = found.get(kind)
        if assessment is None or not assessment.is_settled:
            result.append({
                "kind": AssessmentKind(kind).label,
                "status": assessment.get_status_display() if assessment
                else AssessmentStatus.TO_DO.label})
    return result


def check_clearance(submission: Submission, decision: str) -> None:
    """Refuse clearing while a required DPIA or IAMA is open. Excluding or sending back is
    always possible."""
    if decision not in CLEARANCES:
        return
    open_ones = missing(submission)
    if open_ones:
        raise DomainError(_(
            "This task cannot be cleared yet: %(missing)s. Record each assessment as done "
            "(with the document) or as not needed (with the reason) first.") % {
            "missing": ", ".join(f"{m['kind']} ({str(m['status']).lower()})"
                                 for m in open_ones)})


def owner_choices(assessment: ImpactAssessment):
    """Who may own an assessment: an active officer, or the adviser or submitter of the task."""
    submission = assessment.submission
    return User.objects.filter(is_active=True).filter(
        Q(groups__name=Role.OFFICER) | Q(pk=submission.task.journey.adviser_id)
        | Q(pk=submission.submitted_by_id or 0)).distinct().order_by("first_name", "last_name",
                                                                     "pk")


def assessment_update(*, assessment: ImpactAssessment, actor: User, status: str,
                      owner: User | None, due_date: date | None, reference: str = "",
                      not_needed_reason: str = "") -> ImpactAssessment:
    """An officer or the owner records progress. Done needs the document; not needed needs
    the reason; only an officer hands the assessment to someone else."""
    reference = (reference or "").strip()
    not_needed_reason = (not_needed_reason or "").strip()
    if status not in AssessmentStatus.values:
        raise DomainError(_("Choose a status from the list."))
    if status == AssessmentStatus.DONE and not reference:
        raise DomainError(_("Give the link or document number of the finished assessment."))
    if status == AssessmentStatus.NOT_NEEDED and not not_needed_reason:
        raise DomainError(_("Say why this assessment is not needed."))
    with transaction.atomic():
        assessment = ImpactAssessment.objects.select_for_update().select_related(
            "submission__task__journey").get(pk=assessment.pk)
        if not permissions.can_update_assessment(actor, assessment):
            raise DomainError(_("Only an officer or the owner updates this assessment."))
        owner_id = owner.pk if owner else None
        if owner_id != assessment.owner_id:
            if not permissions.is_officer(actor):
                raise DomainError(_("Only an officer hands an assessment to someone else."))
            if owner is not None and not owner_choices(assessment).filter(pk=owner_id).exists():
                raise DomainError(_("Choose an officer or the adviser of the task as owner."))
        new = {"status": status, "owner_id": owner_id, "due_date": due_date,
               "reference": reference,
               "not_needed_reason": not_needed_reason
               if status == AssessmentStatus.NOT_NEEDED else ""}
        changed = [name for name, value in new.items() if getattr(assessment, name) != value]
        if not changed:
            return assessment
        was = assessment.status
        for name, value in new.items():
            setattr(assessment, name, value)
        assessment.full_clean(exclude=["submission", "task", "owner"])
        assessment.save()
        audit_log(actor=actor, action="customs.assessment_updated", target=assessment, data={
            "submission": assessment.submission_id, "kind": assessment.kind, "from": was,
            "to": status, "changed": [n.removesuffix("_id") for n in changed],
            "owner": owner_id,
            "due_date": due_date.isoformat() if due_date else None})
        if "owner_id" in changed and owner is not None and owner.pk != actor.pk:
            notification_send(
                recipient=owner,
                subject=_("You are the owner of the %(kind)s of “%(task)s”") % {
                    "kind": assessment.get_kind_display(), "task": assessment.submission},
                url=assessment.get_absolute_url())
        return assessment


# --- Reminders in the session rhythm -------------------------------------------------------

def open_before(session_date: date):
    """Open assessments of open submissions, due on or before the session (or without date)."""
    return ImpactAssessment.objects.filter(
        submission__status=SubmissionStatus.OPEN).exclude(status__in=SETTLED).filter(
        Q(due_date__lte=session_date) | Q(due_date__isnull=True)).select_related(
        "submission", "owner").order_by("due_date", "pk")


def _line(assessment: ImpactAssessment) -> str:
    return _("%(kind)s of “%(task)s”: %(status)s, due %(date)s") % {
        "kind": assessment.get_kind_display(), "task": assessment.submission,
        "status": str(assessment.get_status_display()).lower(),
        "date": assessment.due_date.strftime("%d-%m-%Y") if assessment.due_date else "—"}


def reminder_lines(open_ones: list[ImpactAssessment]) -> list[str]:
    """For the officers' reminder: a heading and one line per open assessment."""
    if not open_ones:
        return []
    return ["", ngettext("%(count)s impact assessment is still open:",
                         "%(count)s impact assessments are still open:",
                         len(open_ones)) % {"count": len(open_ones)},
            *("- " + _line(a) for a in open_ones)]


def owner_reminders(open_ones: list[ImpactAssessment], session) -> list:
    """One notification per owner, listing their open assessments (unsaved, for
    `notifications_send_many`)."""
    by_owner: dict = {}
    for a in open_ones:
        if a.owner is not None and a.owner.is_active:
            by_owner.setdefault(a.owner_id, (a.owner, []))[1].append(a)
    return [
        notification_build(
            recipient=owner,
            subject=ngettext(
                "Customs session on %(date)s: %(count)s impact assessment of yours is open",
                "Customs session on %(date)s: %(count)s impact assessments of yours are open",
                len(items)) % {"date": session.date.strftime("%d-%m-%Y"), "count": len(items)},
            body="\n".join(_line(a) for a in items), url=items[0].get_absolute_url())
        for owner, items in (by_owner[k] for k in sorted(by_owner))]
