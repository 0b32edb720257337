"""Customs' part of the AVG export. Nothing is anonymised here: submissions and decisions are
the municipality's accountability record (who decided what, and why), kept on purpose; the
person behind an anonymised account is no longer identifiable from the account itself."""

from .models import CustomsDecision, Submission, ToolChange

COVERS = {
    "customs.Submission.submitted_by": "submissions",
    "customs.CustomsDecision.officer": "decisions_taken",
    "customs.ToolChange.announced_by": "tool_changes_announced",
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
    }
