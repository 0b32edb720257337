"""Every non-trivial read of customs, with select/prefetch done."""

from django.db.models import Count, Prefetch, Q, prefetch_related_objects

from journeys.selectors import passport_dependents_count, tasks_in_use
from reisbureau.audit import action_labels
from reisbureau.selectors import audit_entries

from .constants import Decision, SubmissionStatus
from .models import (
    CustomsDecision,
    CustomsSession,
    DecisionProposal,
    ExclusionRule,
    ImpactAssessment,
    Measure,
    Submission,
)


def _submission_base():
    # Eight tables in one join took PostgreSQL longer to plan (8 ms) than to run; the
    # decision comes in a small prefetch for the rows shown. (Pages compare the submitter's
    # id, never show the submitter: no user rows for it.)
    # A standard journey's passport task says so, with how many tasks run under it (one
    # correlated count for the rows shown).
    return Submission.objects.select_related(
        "task__journey__adviser", "task__journey__passport_for", "session",
    ).prefetch_related("matched_rules", "decision__officer").annotate(
        passport_dependents=passport_dependents_count("task_id"))


def _decisions():
    return CustomsDecision.objects.select_related("officer", "proposal__officer")


def _proposals():
    return DecisionProposal.objects.select_related("officer", "reviewed_by").order_by(
        "-proposed_at", "-pk")


def _submission_review():
    """For the pages where officers decide: as `_submission_base`, and the decision with its
    four-eyes proposal, the DPIA/IAMA to-dos and the proposals, one query each. The lists come
    as plain lists (`matched_rule_list`, `assessment_list`, `proposal_list`): a prefetch into
    the related managers builds a queryset per item and list, a third of a session page's
    time."""
    return Submission.objects.select_related(
        "task__journey__adviser", "task__journey__passport_for", "session",
    ).prefetch_related(
        Prefetch("matched_rules", to_attr="matched_rule_list"),
        Prefetch("decision", _decisions()),
        Prefetch("assessments", ImpactAssessment.objects.select_related("owner"),
                 to_attr="assessment_list"),
        Prefetch("proposals", _proposals(), to_attr="proposal_list"),
    ).annotate(passport_dependents=passport_dependents_count("task_id"))


def agenda_review(items) -> None:
    """The decisions and four-eyes proposals of a page of agenda items, one query each, read
    only for the items that can have them: an item has a decision once it is decided (both
    are recorded together, services.decision_record), and proposals only when two officers
    decide it (four_eyes.needs_two). An upcoming session's page of open items reads neither."""
    from .four_eyes import needs_two  # four_eyes builds on the services, which read here

    items = list(items)
    prefetch_related_objects([i for i in items if i.status == SubmissionStatus.DECIDED],
                             Prefetch("decision", _decisions()))
    two = []
    for item in items:
        if needs_two(item):
            two.append(item)
        else:
            item.proposal_list = []
    prefetch_related_objects(two, Prefetch("proposals", _proposals(), to_attr="proposal_list"))


# What a submission's row in the queue and its card on a session's agenda show
# (templates/customs/queue.html, session_detail.html#item). The questionnaire's answers, the
# proposal's reasons, the task's approach, prompts and measures, the journey's goal and the
# adviser's account are for the submission's own page: reading and decoding them for 25 rows
# was a fifth of these pages' loading time. A field a row shows but this list lacks would cost
# a query per row: tests/customs/test_lists_read_what_they_show.py counts them.
_ROW_SHOWN = (
    "id", "task_id", "submitted_by_id", "submitted_at", "reason", "reason_detail", "snapshot",
    "session_id", "status", "is_overdue", "proposed_risk",
    "task__id", "task__journey_id",
    "task__journey__id", "task__journey__title", "task__journey__adviser_id",
    "task__journey__passport_for_id",
    "task__journey__adviser__id", "task__journey__adviser__email",
    "task__journey__adviser__first_name", "task__journey__adviser__last_name",
    "task__journey__passport_for__id", "task__journey__passport_for__title",
)
QUEUE_SHOWN = (*_ROW_SHOWN, "session__id", "session__date")
# The card also weighs what clearing waits for (DPIA/IAMA, aiact.clearance_refusal).
AGENDA_SHOWN = (*_ROW_SHOWN, "affects_decisions", "dpia_needed", "proposed_ai_act",
                "ai_act_outcome")


def queue(*, overdue_only: bool = False):
    """The open submissions as the queue lists them: the task, journey, adviser, session and
    matched rules, and nothing the rows do not show (no submitter, no decision: an open item
    has none)."""
    qs = Submission.objects.select_related(
        "task__journey__adviser", "task__journey__passport_for", "session",
    ).prefetch_related(Prefetch("matched_rules", to_attr="matched_rule_list")).only(
        *QUEUE_SHOWN).annotate(
        passport_dependents=passport_dependents_count("task_id")).filter(
        status=SubmissionStatus.OPEN)
    if overdue_only:
        qs = qs.filter(is_overdue=True)
    return qs.order_by("-is_overdue", "submitted_at", "pk")


def submission_detail_qs():
    return _submission_review()


def sessions():
    return CustomsSession.objects.annotate(
        open_count=Count("submissions", filter=Q(submissions__status=SubmissionStatus.OPEN)),
        item_count=Count("submissions"),
    ).order_by("-date")


def next_session(today):
    return CustomsSession.objects.filter(date__gte=today).order_by("date").first()


def session_agenda(session):
    """One session's items in agenda order, with what their cards show: as
    `_submission_review`, without a join to the session (the caller has it) or the to-dos'
    owners (a card shows none); `agenda_review` adds the decisions and proposals of a page."""
    return Submission.objects.filter(session=session).select_related(
        "task__journey__adviser", "task__journey__passport_for",
    ).prefetch_related(
        Prefetch("matched_rules", to_attr="matched_rule_list"),
        Prefetch("assessments", to_attr="assessment_list"),
    ).annotate(passport_dependents=passport_dependents_count("task_id")).only(
        *AGENDA_SHOWN).order_by("status", "-is_overdue", "submitted_at", "pk")


def task_history(task_id):
    return CustomsDecision.objects.filter(task_id=task_id).select_related(
        "officer", "submission").order_by("-decided_at", "-pk")


def task_submissions(task_id):
    return Submission.objects.filter(task_id=task_id).select_related("session").order_by(
        "-submitted_at", "-pk")


def submissions_of_adviser(user):
    return _submission_base().filter(task__journey__adviser=user).order_by(
        "-submitted_at", "-pk")


def measures(active_only: bool = False):
    qs = Measure.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def exclusion_rules():
    return ExclusionRule.objects.all()


def register():
    """Cleared AI applications in use: each task's latest decision, when it is a clearance."""
    return CustomsDecision.objects.filter(
        superseded_by__isnull=True,
        decision__in=[Decision.CLEARED, Decision.CLEARED_WITH_MEASURES],
        task__in=tasks_in_use(),
    ).select_related("task__journey__passport_for", "submission", "officer").annotate(
        passport_dependents=passport_dependents_count("task_id"),
    ).order_by("task__work_task", "pk")


def audit_trail(*, action: str = "", actor: str = "", date_from=None, date_to=None):
    qs = audit_entries()
    if action:
        # The page shows each action in words: match those words as well as the code.
        needle = action.lower()
        codes = [code for code, label in action_labels().items() if needle in str(label).lower()]
        qs = qs.filter(Q(action__icontains=action) | Q(action__in=codes))
    if actor:
        # The entry stores the actor's id only; search their current name and address.
        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor__first_name__icontains=actor)
                       | Q(actor__last_name__icontains=actor) | Q(actor_label__icontains=actor))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-pk")



def sessions_held_summary(*, today, weeks: int = 26) -> dict:
    """For the governance report: were sessions held every two weeks in the last half year?"""
    from datetime import timedelta

    start = today - timedelta(weeks=weeks)
    dates = list(CustomsSession.objects.filter(date__gte=start, date__lt=today)
                 .order_by("date").values_list("date", flat=True))
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    return {
        "held": len(dates),
        "largest_gap_days": max(gaps) if gaps else None,
        "decisions": CustomsDecision.objects.filter(decided_at__date__gte=start).count(),
    }


def officers_appointed() -> bool:
    """At least one active employee holds the officer role (the first-start checklist)."""
    from reisbureau.constants import Role
    from reisbureau.models import User

    return User.objects.filter(is_active=True, groups__name=Role.OFFICER).exists()


def any_session_planned() -> bool:
    from .models import CustomsSession

    return CustomsSession.objects.exists()


def assessments_of_owner(user):
    """The DPIA and IAMA to-dos someone owns that are still open, for their start page."""
    return ImpactAssessment.objects.filter(owner=user, submission__status="open").exclude(
        status__in=["done", "not_needed"]).select_related("submission").order_by(
        "due_date", "pk")


def assessment_detail_qs():
    return ImpactAssessment.objects.select_related("submission__task__journey", "owner")


def proposals():
    return DecisionProposal.objects.select_related("submission__task__journey", "officer")


def submissions_with_reason(reason: str):
    """Every submission (open or decided) that put a task on the agenda for `reason`."""
    return Submission.objects.filter(reason=reason)
