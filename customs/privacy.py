"""Customs' part of the AVG export. Nothing is anonymised here: submissions and decisions are
the municipality's accountability record (who decided what, and why), kept on purpose; the
person behind an anonymised account is no longer identifiable from the account itself."""

from .models import (
    CustomsDecision,
    DecisionProposal,
    ImpactAssessment,
    OfficerProfile,
    Submission,
    ToolChange,
)

COVERS = {
    "customs.Submission.submitted_by": "submissions",
    "customs.CustomsDecision.officer": "decisions_taken",
    "customs.ToolChange.announced_by": "tool_changes_announced",
    "customs.OfficerProfile.user": "officer_specialism",
    "customs.ImpactAssessment.owner": "impact_assessments_owned",
    "customs.DecisionProposal.officer": "decisions_proposed",
    "customs.DecisionProposal.reviewed_by": "proposals_reviewed",
}


def export(user) -> dict:
    return {
        "submissions": [
            {"task": str(s), "submitted_at": s.submitted_at.isoformat()}
            for s in Submission.objects.filter(submitted_by=user).order_by("submitted_at")
        ],
        "decisions_taken": [
            {"task": d.task_id, "decision": d.decision, "measures": d.measures,
             "rationale": d.rationale, "decided_at": d.decided_at.isoformat()}
            for d in CustomsDecision.objects.filter(officer=user).order_by("decided_at")
        ],
        "tool_changes_announced": [
            {"tool": c.tool, "announced_at": c.announced_at.isoformat()}
            for c in ToolChange.objects.filter(announced_by=user).order_by("announced_at")
        ],
        "officer_specialism": OfficerProfile.objects.filter(user=user).values_list(
            "specialism", flat=True).first(),
        "impact_assessments_owned": [
            {"kind": a.kind, "task": a.task_id, "status": a.status,
             "due_date": a.due_date.isoformat() if a.due_date else None}
            for a in ImpactAssessment.objects.filter(owner=user).order_by("pk")
        ],
        "decisions_proposed": [
            {"task": p.submission.task_id, "decision": p.decision, "status": p.status,
             "rationale": p.rationale, "proposed_at": p.proposed_at.isoformat()}
            for p in DecisionProposal.objects.filter(officer=user).select_related(
                "submission").order_by("pk")
        ],
        "proposals_reviewed": [
            {"task": p.submission.task_id, "status": p.status, "objection": p.objection,
             "reviewed_at": p.reviewed_at.isoformat() if p.reviewed_at else None}
            for p in DecisionProposal.objects.filter(reviewed_by=user).select_related(
                "submission").order_by("pk")
        ],
    }
