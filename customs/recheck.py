"""Back to customs when reality disagrees (a write module of customs, beside services.py).

An objection against a task in use (impact calls `tasks_back_to_customs`), a new or changed
exclusion rule that matches tasks in use (`services.exclusion_rule_save`), a tested task without
any time saved (impact's daily job): the task goes back on the next session's agenda through
the one re-review path of `services` (`_RereviewQueue`, `_rereview`), with the reason's text,
and its adviser and travellers are told. A dropped task is offered a new test when its tool
changes (`services.tool_change_announce`), and reopened through `journeys.clearance`.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from journeys import clearance
from journeys import selectors as journey_selectors
from reisbureau.audit import audit_log
from reisbureau.batching import batch_size, chunks
from reisbureau.models import User

from .constants import Decision, SubmissionReason, SubmissionStatus
from .models import CustomsDecision, ExclusionRule, Submission
from .proposal import ANSWER_FIELDS
from .services import _clean_answers, _rereview, _RereviewQueue, rule_matches, snapshot_of

BACK_REASONS = (SubmissionReason.OBJECTION, SubmissionReason.EXCLUSION_RULE,
                SubmissionReason.ZERO_SAVING)


def _open_submission():
    return Exists(Submission.objects.filter(task_id=OuterRef("pk"),
                                            status=SubmissionStatus.OPEN))


def _tell_back(submissions: list[Submission]) -> None:
    """The adviser and travellers hear why their task went back; an objection's own words stay
    with the officers and those who handle objections (its number is enough to ask)."""
    clearance.tasks_tell_people([
        (submission.task,
         _("“%(task)s” goes back to customs: %(reason)s")
         % {"task": submission.task.work_task, "reason": submission.get_reason_display()},
         "\n".join(filter(None, [
             submission.reason_detail.partition(": ")[0]
             if submission.reason == SubmissionReason.OBJECTION else submission.reason_detail,
             _("The task stays in use until customs decides again, at the session of "
               "%(date)s.") % {"date": submission.session.date.strftime("%d-%m-%Y")}])))
        for submission in submissions])


def tasks_back_to_customs(*, task_ids, reason: str,
                          details: dict | None = None) -> list[Submission]:
    """Tasks in use go back on the next session's agenda for `reason` (one of BACK_REASONS),
    with `details[task_id]` as the reason's text; their adviser and travellers are told.

    A task not in use (any more) or already waiting for customs is left as it is, so calling
    twice queues once. A batch at a time, a fixed number of queries a batch."""
    if reason not in BACK_REASONS:
        raise ValueError(reason)
    # A copy running under a standard journey's passport is judged through the standard: its
    # passport task goes back instead, with the copy's reason, and reaches every copy.
    task_ids = set(task_ids)
    details = dict(details or {})
    for copy_id, passport_id in journey_selectors.passport_tasks_of(task_ids).items():
        task_ids.discard(copy_id)
        task_ids.add(passport_id)
        if copy_id in details:
            details.setdefault(passport_id, details[copy_id])
    queued, queue = [], None
    for ids in chunks(sorted(set(task_ids))):
        with transaction.atomic():
            tasks = list(journey_selectors.tasks_in_use(task_ids=ids).exclude(
                _open_submission()).order_by("pk"))
            if not tasks:
                continue
            queue = queue or _RereviewQueue()
            submissions = queue.add(tasks, dict.fromkeys((t.pk for t in tasks), reason),
                                    details)
            _tell_back(submissions)
            queued += submissions
    return queued


def rule_back_to_customs(rule: ExclusionRule) -> int:
    """Tasks in use that `rule` matches (on their latest answers and their task as it is now)
    while their latest submission did not: customs cleared them without this rule, so they go
    back. A batch of tasks at a time, a fixed number of queries a batch."""
    if not rule.is_active:
        return 0
    in_use = journey_selectors.tasks_in_use().exclude(_open_submission())
    through = Submission.matched_rules.through
    queued, last, size = 0, 0, batch_size()
    while True:
        tasks = list(in_use.filter(pk__gt=last).order_by("pk")[:size])
        if tasks:
            last = tasks[-1].pk
            latest: dict = {}
            for row in Submission.objects.filter(task_id__in=[t.pk for t in tasks]).order_by(
                    "task_id", "-submitted_at", "-pk").values("pk", "task_id", *ANSWER_FIELDS):
                latest.setdefault(row.pop("task_id"), row)
            known = set(through.objects.filter(
                exclusionrule_id=rule.pk,
                submission_id__in=[row["pk"] for row in latest.values()]).values_list(
                "submission_id", flat=True))
            hits = []
            for task in tasks:
                row = latest.get(task.pk)
                if row is not None and row["pk"] in known:
                    continue
                answers = {name: row[name] for name in ANSWER_FIELDS} if row else \
                    _clean_answers({})
                if rule_matches(rule, answers, snapshot_of(task)):
                    hits.append(task.pk)
            if hits:
                queued += len(tasks_back_to_customs(
                    task_ids=hits, reason=SubmissionReason.EXCLUSION_RULE,
                    details=dict.fromkeys(hits, rule.title)))
        if len(tasks) < size:
            return queued


def offer_retests(change) -> int:
    """Dropped tasks with the changed tool whose latest customs decision cleared them are
    offered a new test ("it worked poorly at first; later it improved"). Keyset batches."""
    latest = CustomsDecision.objects.filter(task_id=OuterRef("pk")).order_by("-decided_at", "-pk")
    dropped = journey_selectors.dropped_tasks_with_tool(change.tool).annotate(
        last_decision=Subquery(latest.values("decision")[:1])).filter(
        last_decision__in=[Decision.CLEARED, Decision.CLEARED_WITH_MEASURES])
    offered, last, size = 0, 0, batch_size()
    while True:
        ids = list(dropped.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if ids:
            last = ids[-1]
            offered += len(clearance.tasks_offer_retest(task_ids=ids,
                                                        reason=change.description))
        if len(ids) < size:
            return offered


def retest_reopen(*, task, actor: User) -> Submission | None:
    """The adviser or a traveller takes up the offer of a new test: the dropped task goes back
    to testing (journeys' rules) and, since its tool changed after customs cleared it, on the
    next session's agenda, as the tasks in use with that tool went at the announcement."""
    with transaction.atomic():
        task = clearance.task_lock(task.pk)
        offer = task.retest_offer
        task = clearance.task_reopen_for_testing(task=task, actor=actor)
        submission = _rereview(task, SubmissionReason.TOOL_CHANGED, _(
            "Dropped, then reopened for a new test after the tool changed: %(change)s")
            % {"change": offer})
        audit_log(actor=actor, action="customs.retest_reopened", target=task, data={
            "journey": task.journey_id, "from": "dropped", "to": task.status,
            "submission": submission.pk if submission else None})
        return submission
