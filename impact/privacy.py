"""Impact's part of the AVG export: the employee's own logs, answers and objections."""

from .models import (
    Interview,
    LicenceCheck,
    Objection,
    ProgressReport,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    TimeSaving,
    UsageImport,
    UsageRecord,
    UserMonthActivity,
)

COVERS = {
    "impact.TimeSaving.traveller": "time_savings",
    "impact.UserMonthActivity.user": "monthly_activity",
    "impact.Survey.created_by": "surveys_created",
    "impact.SurveyInvitation.traveller": "survey_invitations",
    "impact.SurveyResponse.respondent": "survey_responses",
    "impact.Interview.interviewer": "interviews_held",
    "impact.Objection.raised_by": "objections_raised",
    "impact.Objection.handled_by": "objections_handled",
    "impact.UsageImport.uploaded_by": "usage_imports_uploaded",
    "impact.UsageRecord.user": "ai_usage",
    "impact.ProgressReport.published_by": "progress_reports_published",
    "impact.LicenceCheck.user": "licence_checks",
    "impact.LicenceCheck.asked_by": "licence_checks_asked",
}


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
        "survey_invitations": [
            {"survey": i.survey.title, "wave": i.wave, "sent_at": i.sent_at.isoformat(),
             "reminded_at": i.reminded_at.isoformat() if i.reminded_at else None,
             "responded_at": i.responded_at.isoformat() if i.responded_at else None}
            for i in SurveyInvitation.objects.filter(traveller=user).select_related("survey")
            .order_by("sent_at")
        ],
        "monthly_activity": [
            {"month": a.month.isoformat(),
             "last_usage_day": a.last_usage_day.isoformat() if a.last_usage_day else None,
             "last_log_day": a.last_log_day.isoformat() if a.last_log_day else None}
            for a in UserMonthActivity.objects.filter(user=user).order_by("month")
        ],
        # Work done in a role.
        "surveys_created": list(Survey.objects.filter(created_by=user)
                                .values_list("title", flat=True)),
        "interviews_held": [
            {"held_on": i.held_on.isoformat(), "subject": i.subject}
            for i in Interview.objects.filter(interviewer=user).order_by("held_on")
        ],
        "objections_handled": [
            {"about": o.target_label, "status": o.status, "answer": o.answer}
            for o in Objection.objects.filter(handled_by=user).order_by("created_at")
        ],
        "usage_imports_uploaded": [
            {"file": u.filename, "status": u.status, "uploaded_at": u.created_at.isoformat()}
            for u in UsageImport.objects.filter(uploaded_by=user).order_by("created_at")
        ],
        "licence_checks": [
            {"asked_at": c.asked_at.isoformat(), "answer": c.answer,
             "answered_at": c.answered_at.isoformat() if c.answered_at else None,
             "released_at": c.released_at.isoformat() if c.released_at else None}
            for c in LicenceCheck.objects.filter(user=user).order_by("asked_at")
        ],
        "licence_checks_asked": LicenceCheck.objects.filter(asked_by=user).count(),
        "progress_reports_published": [
            {"title": r.title, "published_at": r.published_at.isoformat()}
            for r in ProgressReport.objects.filter(published_by=user).order_by("published_at")
        ],
    }
