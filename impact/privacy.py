"""Impact's part of the AVG export: the employee's own logs, answers and objections."""

from .models import Objection, SurveyResponse, TimeSaving, UsageRecord


def export(user) -> dict:
    return {
        "time_savings": [
            {"date": t.date.isoformat(), "minutes": t.minutes, "task": t.task.work_task,
             "note": t.note}
            for t in TimeSaving.objects.filter(traveller=user).select_related("task")
            .order_by("date")
        ],
        "survey_responses": [
            {"survey": r.survey.title, "submitted_at": r.submitted_at.isoformat(),
             "answers": [
                 {"question": a.question.text, "scale": a.scale_value, "choice": a.choice,
                  "text": a.text}
                 for a in r.answers.all()
             ]}
            for r in SurveyResponse.objects.filter(respondent=user).select_related("survey")
            .prefetch_related("answers__question")
        ],
        "objections_raised": [
            {"about": o.target_label, "kind": o.kind, "objection": o.description,
             "status": o.status, "answer": o.answer, "raised_at": o.created_at.isoformat()}
            for o in Objection.objects.filter(raised_by=user).order_by("created_at")
        ],
        "ai_usage": [
            {"date": u.date.isoformat(), "tool": u.tool, "actions": u.actions}
            for u in UsageRecord.objects.filter(user=user).order_by("date")
        ],
    }
