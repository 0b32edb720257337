"""Every write of customs. Keyword-only, one transaction each, audited.

Customs moves tasks only through the journeys face `journeys.clearance`: it locks the task
there first (`task_lock`), checks it, and records the step there (`task_mark_submitted`,
`task_record_customs_decision`); the one audit entry of a step is customs' own.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys import clearance
from journeys import selectors as journey_selectors
from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.batching import batch_size, chunks, in_batches
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.models import TeamsEvent, User
from reisbureau.services import notification_build, notifications_send_many
from reisbureau.teams import teams_card, teams_notify

from . import aiact, assessments, four_eyes, permissions
from .constants import DataSubject, Decision, Device, Hosting, SubmissionReason, SubmissionStatus
from .models import CustomsDecision, CustomsSession, ExclusionRule, Measure, Submission
from .proposal import ANSWER_FIELDS, propose

SNAPSHOT_FIELDS = ("work_task", "approach", "tool", "tool_other", "prompts", "data_involved",
                   "expected_minutes_saved")


def snapshot_of(task) -> dict:
    """The parts of a task customs reviews. A later edit changes the task, not this."""
    return {**{f: getattr(task, f) for f in SNAPSHOT_FIELDS},
            "tool_label": str(task.tool_label), "journey": task.journey_id,
            "journey_title": task.journey.title, "journey_goal": task.journey.goal}


def _material(snapshot: dict) -> dict:
    """A snapshot without its display texts: the tool's label is stored in the language of
    whoever submitted, so an officer with the English interface would otherwise find every
    Dutch submission "changed"."""
    return {key: value for key, value in snapshot.items() if key != "tool_label"}


def _officers():
    return User.objects.filter(groups__name=Role.OFFICER, is_active=True).distinct()


# --- Exclusion rules and the risk proposal -------------------------------------------------

def rule_matches(rule: ExclusionRule, answers: dict, snapshot: dict) -> bool:
    conditions = [
        (rule.when_social_domain, answers.get("social_domain")),
        (rule.when_special_categories, answers.get("special_categories")),
        (rule.when_affects_decisions, answers.get("affects_decisions")),
        (rule.when_private_device, answers.get("device") == "private"),
    ]
    required = [value for wanted, value in conditions if wanted]
    keywords = rule.keyword_list
    if not required and not keywords:
        return False
    if not all(required):
        return False
    if keywords:
        text = " ".join(str(snapshot.get(f) or "") for f in (
            "work_task", "approach", "prompts", "data_involved")).lower()
        return any(k in text for k in keywords)
    return True


def rules_matching(answers: dict, snapshot: dict,
                   rules: list[ExclusionRule] | None = None) -> list[ExclusionRule]:
    """The active rules that match; `rules` are the active rules when a batch loaded them."""
    if rules is None:
        rules = ExclusionRule.objects.filter(is_active=True)
    return [r for r in rules if rule_matches(r, answers, snapshot)]


# --- Sessions ------------------------------------------------------------------------------

def _next_session_date(today: date) -> date:
    cadence = settings.REISBUREAU["CUSTOMS_CADENCE_DAYS"]
    last = CustomsSession.objects.order_by("-date").first()
    if last is None:
        return today + timedelta(days=(settings.REISBUREAU["CUSTOMS_WEEKDAY"] - today.weekday())
                                 % 7)
    day = last.date
    while day < today:
        day += timedelta(days=cadence)
    return day


def session_plan(*, today: date | None = None, actor: User | None = None) -> CustomsSession:
    """Make sure the next session (today or later) is planned. Running it twice plans once.

    Called by the daily job, an officer's POST, a submission and the demo; never by a GET.
    """
    today = today or timezone.localdate()
    day = _next_session_date(today)
    try:
        with transaction.atomic():
            session, created = CustomsSession.objects.get_or_create(date=day)
    except IntegrityError:  # a parallel run planned it
        return CustomsSession.objects.get(date=day)
    if created:
        audit_log(actor=actor, action="customs.session_planned", target=session,
                  data={"date": day.isoformat()})
    return session


def sessions_carry_over(*, session: CustomsSession, today: date | None = None) -> int:
    """Undecided submissions of a past session go to `session` (the next one), flagged overdue.

    A batch at a time: one locking read, one update and one insert of audit entries each.
    """
    today = today or timezone.localdate()
    late = Submission.objects.filter(
        status=SubmissionStatus.OPEN, session__date__lt=today).select_for_update(
        of=("self",)).only("pk", "session", "snapshot", "task")

    def carry(batch: list[Submission]) -> int:
        Submission.objects.filter(pk__in=[s.pk for s in batch]).update(
            session=session, is_overdue=True, carried_over=F("carried_over") + 1)
        audit_log_many([
            audit_entry(actor=None, action="customs.carried_over", target=submission,
                        data={"from_session": submission.session_id, "to_session": session.pk})
            for submission in batch])
        return len(batch)

    count = in_batches(late, carry)
    Submission.objects.filter(status=SubmissionStatus.OPEN, session__isnull=True).update(
        session=session)
    return count


def session_remind(*, today: date | None = None) -> bool:
    """Officers get the agenda a set number of days before the session, once."""
    today = today or timezone.localdate()
    days = settings.REISBUREAU["CUSTOMS_REMINDER_DAYS_BEFORE"]
    with transaction.atomic():
        session = CustomsSession.objects.select_for_update().filter(
            date__gte=today).order_by("date").first()
        if session is None or session.reminded_at or session.date - timedelta(days=days) > today:
            return False
        agenda = list(session.submissions.filter(status=SubmissionStatus.OPEN).only(
            "pk", "snapshot", "task", "session", "is_overdue"))
        lines = [("! " if s.is_overdue else "- ") + str(s) for s in agenda]
        open_assessments = list(assessments.open_before(session.date))
        body = "\n".join((lines or [_("The agenda is empty.")])
                          + assessments.reminder_lines(open_assessments))
        session.reminded_at = timezone.now()
        session.save(update_fields=["reminded_at"])
        subject = ngettext("Customs session on %(date)s: %(count)s task on the agenda",
                           "Customs session on %(date)s: %(count)s tasks on the agenda",
                           len(agenda)) % {
            "date": session.date.strftime("%d-%m-%Y"), "count": len(agenda)}
        notifications_send_many([
            notification_build(recipient=officer, subject=subject, body=body,
                               url=session.get_absolute_url())
            for officer in _officers().order_by("pk")]
            + assessments.owner_reminders(open_assessments, session))
        audit_log(actor=None, action="customs.session_reminded", target=session,
                  data={"agenda": len(agenda), "open_assessments": len(open_assessments)})
        # The channel gets the date and the numbers, not the tasks (it may be read widely).
        overdue = sum(1 for s in agenda if s.is_overdue)
        teams_notify(event=TeamsEvent.CUSTOMS_AGENDA, key=str(session.pk),
                     card=lambda: teams_card(
                         title=_("Customs session on %(date)s") % {
                             "date": date_format(session.date)},
                         facts={_("Tasks on the agenda"): len(agenda),
                                _("Of which overdue"): overdue},
                         url=session.get_absolute_url(), link_text=_("Open the agenda")))
        return True


def sessions_run(*, today: date | None = None) -> dict:
    """The daily job: plan the next session, carry over the overdue, remind the officers."""
    today = today or timezone.localdate()
    session = session_plan(today=today)  # once: carrying over and reminding use this one
    carried = sessions_carry_over(session=session, today=today)
    reminded = session_remind(today=today)
    return {"session": session.date.isoformat(), "carried_over": carried, "reminded": reminded}


# --- Submission ----------------------------------------------------------------------------

def _clean_answers(answers: dict) -> dict:
    clean = {name: answers.get(name) for name in ANSWER_FIELDS}
    subjects = clean["data_subjects"] or []
    if not isinstance(subjects, list | tuple | set) \
            or not set(subjects) <= set(DataSubject.values):
        raise DomainError(_("Choose about whom the task processes data from the list."))
    clean["data_subjects"] = sorted(set(subjects))
    for name in ("personal_data", "special_categories", "social_domain", "affects_decisions",
                 "output_to_citizens", "profiling", "human_check"):
        clean[name] = bool(clean[name])
    if clean["special_categories"]:
        clean["personal_data"] = True
    clean["device"] = clean["device"] or Device.MUNICIPAL
    clean["hosting"] = clean["hosting"] or Hosting.EEA
    if clean["device"] not in Device.values or clean["hosting"] not in Hosting.values:
        raise DomainError(_("Choose the device and where the tool runs from the list."))
    clean["ai_act_answers"] = _clean_ai_act_answers(clean["ai_act_answers"])
    return clean


def _clean_ai_act_answers(raw) -> dict:
    """The decision aid's answers, only those relevant; all of them, or none at all (a
    submission without them gets the legacy outcome, marked as not fully assessed)."""
    if not raw:
        return {}
    walk = aiact.walk(raw)
    if not isinstance(raw, dict) or walk.invalid:
        raise DomainError(_("Choose the answers to the AI Act decision aid from the list."))
    if walk.missing:
        raise DomainError(_("Answer every relevant question of the AI Act decision aid."))
    return walk.answers


def _new_submission(*, task, actor, answers: dict, reason: str,
                    reason_detail: str = "") -> Submission:
    snapshot = snapshot_of(task)
    rules = rules_matching(answers, snapshot)
    proposal = propose(answers, [r.title for r in rules])
    session = session_plan()
    submission = Submission(
        task=task, submitted_by=actor, reason=reason, reason_detail=reason_detail[:300],
        snapshot=snapshot, session=session, proposed_risk=proposal.risk,
        dpia_needed=proposal.dpia_needed, proposed_ai_act=proposal.ai_act,
        proposal=proposal.as_dict(), ai_act_outcome=proposal.ai_act_outcome, **answers)
    submission.full_clean(exclude=["task", "session", "submitted_by"])
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise DomainError(_("This task is already waiting for customs.")) from None
    submission.matched_rules.set(rules)
    assessments.assessments_require([submission])
    return submission


def submission_create(*, task, actor: User, answers: dict) -> Submission:
    """The adviser submits a task: snapshot, questionnaire, proposal, next session's agenda."""
    answers = _clean_answers(answers)
    with transaction.atomic():
        task = clearance.task_lock(task.pk)
        if not permissions.can_submit(actor, task):
            raise DomainError(_("Only the adviser of this journey submits its tasks."))
        was = task.status
        task = clearance.task_mark_submitted(task=task, actor=actor)
        submission = _new_submission(task=task, actor=actor, answers=answers,
                                     reason=SubmissionReason.NEW)
        audit_log(actor=actor, action="customs.submitted", target=submission,
                  data={"task": task.pk, "journey": task.journey_id, "from": was,
                        "to": task.status, "risk": submission.proposed_risk,
                        "session": submission.session.date.isoformat()})
        return submission


# --- Decisions -----------------------------------------------------------------------------

def _latest_decision(task_id):
    return CustomsDecision.objects.filter(task_id=task_id).order_by("-decided_at", "-pk").first()


def decision_measure_texts(measures: list[Measure] | None, extra_measures: str) -> list[str]:
    """The measures of a decision as texts: the catalogue's, then the officer's own lines."""
    return [m.title for m in (measures or [])] + (extra_measures or "").splitlines()


def decision_record(*, submission: Submission, officer: User, decision: str,
                    measures: list[Measure] | None = None, extra_measures: str = "",
                    rationale: str = "", proposal=None) -> CustomsDecision:
    """An officer decides on one submission. Refused (and nothing changes) when the rationale
    is missing, the submission was decided already, the officer planned the task, the task
    changed since it was submitted, a clearance waits for a DPIA or IAMA, or the task is high
    risk and this is not the confirmation of its pending `proposal` (four_eyes)."""
    texts, rationale = clearance.check_decision(
        decision, decision_measure_texts(measures, extra_measures), rationale)
    texts = list(dict.fromkeys(texts))
    if not permissions.is_officer(officer):
        raise DomainError(_("Only a privacy or security officer decides at customs."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.OPEN:
            done = CustomsDecision.objects.select_related("officer").filter(
                submission=submission).first()
            raise DomainError(
                _("This task has already been decided by %(officer)s: %(decision)s.")
                % {"officer": done.officer.display_name if done else "?",
                   "decision": done.get_decision_display() if done else ""})
        aiact.check_clearable(submission, decision)
        task = clearance.task_lock(submission.task_id)
        if officer.pk in (task.journey.adviser_id, submission.submitted_by_id):
            raise DomainError(_("You planned this task, so another officer decides on it."))
        if _material(snapshot_of(task)) != _material(submission.snapshot):
            raise DomainError(_("The task changed after it was submitted. The adviser must "
                                "submit it again; this snapshot can no longer be decided."))
        four_eyes.check_single(submission, proposal)
        assessments.check_clearance(submission, decision)
        previous = _latest_decision(task.pk)
        try:
            with transaction.atomic():
                record = CustomsDecision.objects.create(
                    submission=submission, task=task, officer=officer, decision=decision,
                    measures=texts, rationale=rationale, supersedes=previous,
                    tool=task.tool)
        except IntegrityError:
            raise DomainError(_("This task has already been decided.")) from None
        was = task.status
        task = clearance.task_record_customs_decision(
            task=task, decision=decision, measures=texts, rationale=rationale, actor=officer,
            review=submission.reason != SubmissionReason.NEW)
        submission.status = SubmissionStatus.DECIDED
        submission.save(update_fields=["status"])
        audit_log(actor=officer, action="customs.decided", target=submission, data={
            "task": task.pk, "journey": task.journey_id, "from": was, "to": task.status,
            "decision": decision, "measures": texts, "rationale": rationale,
            "supersedes": previous.pk if previous else None,
            **({"proposal": proposal.pk, "proposed_by": proposal.officer_id} if proposal else {})})
        return record


# --- Re-review -----------------------------------------------------------------------------

def _rereview(task, reason: str, reason_detail: str = "") -> Submission | None:
    last = Submission.objects.filter(task=task).order_by("-submitted_at", "-pk").first()
    answers = {name: getattr(last, name) for name in ANSWER_FIELDS} if last else \
        _clean_answers({})
    with transaction.atomic():
        if Submission.objects.filter(task=task, status=SubmissionStatus.OPEN).exists():
            return None
        submission = _new_submission(task=task, actor=None, answers=answers, reason=reason,
                                     reason_detail=reason_detail)
        audit_log(actor=None, action="customs.rereview_queued", target=submission,
                  data={"task": task.pk, "reason": reason})
        return submission


def _rereview_candidates(*, cutoff):
    """Tasks in use whose latest customs decision cleared them and either recorded another
    tool than the task has now or is older than `cutoff`, and that have no open submission;
    annotated with that decision's tool (the whole selection runs in the database)."""
    latest = CustomsDecision.objects.filter(task_id=OuterRef("pk")).order_by("-decided_at", "-pk")
    return journey_selectors.tasks_in_use().annotate(
        last_decision=Subquery(latest.values("decision")[:1]),
        last_tool=Subquery(latest.values("tool")[:1]),
        last_decided_at=Subquery(latest.values("decided_at")[:1]),
    ).filter(
        last_decision__in=[Decision.CLEARED, Decision.CLEARED_WITH_MEASURES],
    ).filter(
        (~Q(last_tool="") & ~Q(tool=F("last_tool"))) | Q(last_decided_at__lte=cutoff),
    ).exclude(
        Exists(Submission.objects.filter(task_id=OuterRef("pk"), status=SubmissionStatus.OPEN)),
    )


def rereviews_queue(*, now=None) -> dict:
    """The daily job: tasks in use whose clearance aged or whose tool changed go back to
    the next session's agenda. Safe to run twice: a task has at most one open submission.

    One query picks the tasks (ids and tools only); they are loaded and queued a batch at a
    time, a few queries a batch. (Walking the candidates by keyset instead would re-run the
    selection, which has to look at every task in use, once per batch.)
    """
    now = now or timezone.now()
    cutoff = now - relativedelta(months=settings.REISBUREAU["REREVIEW_MONTHS"])
    reasons = {
        pk: SubmissionReason.TOOL_CHANGED if last_tool and tool != last_tool
        else SubmissionReason.EXPIRED
        for pk, tool, last_tool in _rereview_candidates(cutoff=cutoff).order_by("pk")
        .values_list("pk", "tool", "last_tool")}
    result = {"expired": 0, "tool_changed": 0}
    queue = None
    for ids in chunks(list(reasons)):
        tasks = list(journey_selectors.tasks_in_use(task_ids=ids).order_by("pk"))
        if not tasks:  # left use since they were picked
            continue
        queue = queue or _RereviewQueue()
        for submission in queue.add(tasks, reasons):
            result[submission.reason] += 1
    return result


class _RereviewQueue:
    """Queues batches of tasks in use for re-review as `_rereview` queues one task: the last
    answers (or the defaults), a fresh snapshot and proposal, the next session, the audit entry.

    The session is planned and the active exclusion rules are read once, on the first batch.
    """

    def __init__(self):
        self.session = session_plan()
        self.rules = list(ExclusionRule.objects.filter(is_active=True))

    def add(self, tasks: list, reasons: dict, details: dict | None = None) -> list[Submission]:
        details = details or {}
        # Every earlier submission of the batch's tasks, newest first per task (a task has
        # a few; DISTINCT ON would be PostgreSQL-only): the first one per task wins.
        last_answers: dict = {}
        for row in Submission.objects.filter(task_id__in=[t.pk for t in tasks]).order_by(
                "task_id", "-submitted_at", "-pk").values("task_id", *ANSWER_FIELDS):
            last_answers.setdefault(row.pop("task_id"), row)
        submissions, matched = [], []
        for task in tasks:
            answers = last_answers.get(task.pk) or _clean_answers({})
            snapshot = snapshot_of(task)
            rules = rules_matching(answers, snapshot, self.rules)
            proposal = propose(answers, [r.title for r in rules])
            submission = Submission(
                task=task, submitted_by=None, reason=reasons[task.pk],
                reason_detail=details.get(task.pk, "")[:300], snapshot=snapshot,
                session=self.session, proposed_risk=proposal.risk,
                dpia_needed=proposal.dpia_needed, proposed_ai_act=proposal.ai_act,
                proposal=proposal.as_dict(), ai_act_outcome=proposal.ai_act_outcome,
                **answers)
            submission.full_clean(exclude=["task", "session", "submitted_by"])
            submissions.append(submission)
            matched.append(rules)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Submission.objects.bulk_create(submissions)
            except IntegrityError:
                # A task got an open submission after it was selected (a tool change announced
                # at the same moment): this batch goes one task at a time, skipping those.
                created = [_rereview(task, reasons[task.pk], details.get(task.pk, ""))
                           for task in tasks]
                return [s for s in created if s is not None]
            through = Submission.matched_rules.through
            through.objects.bulk_create([
                through(submission_id=submission.pk, exclusionrule_id=rule.pk)
                for submission, rules in zip(submissions, matched, strict=True)
                for rule in rules])
            assessments.assessments_require(submissions)
            audit_log_many([
                audit_entry(actor=None, action="customs.rereview_queued", target=submission,
                            data={"task": submission.task_id, "reason": submission.reason})
                for submission in submissions])
        return submissions


def tool_change_announce(*, actor: User, tool: str, description: str):
    """An officer records that a tool itself changed; every task in use with that tool is put
    back on the next session's agenda (a task with an open submission is left as it is)."""
    from journeys.constants import Tool

    from .models import ToolChange

    _require_officer(actor)
    description = (description or "").strip()
    if tool not in Tool.values:
        raise DomainError(_("Choose a tool from the list."))
    if not description:
        raise DomainError(_("Describe what changed in the tool."))
    with transaction.atomic():
        change = ToolChange.objects.create(tool=tool, description=description,
                                           announced_by=actor)
        queued, last, size, queue = 0, 0, batch_size(), None
        in_use = journey_selectors.tasks_in_use().filter(tool=tool).exclude(Exists(
            Submission.objects.filter(task_id=OuterRef("pk"), status=SubmissionStatus.OPEN)))
        while True:
            tasks = list(in_use.filter(pk__gt=last).order_by("pk")[:size])
            if tasks:
                last = tasks[-1].pk
                queue = queue or _RereviewQueue()
                queued += len(queue.add(tasks, dict.fromkeys(
                    (t.pk for t in tasks), SubmissionReason.TOOL_CHANGED)))
            if len(tasks) < size:
                break
        change.tasks_queued = queued
        change.save(update_fields=["tasks_queued"])
        from .recheck import offer_retests

        change.retests_offered = offer_retests(change)
        audit_log(actor=actor, action="customs.tool_changed", target=change,
                  data={"tool": tool, "tasks_queued": queued,
                        "retests_offered": change.retests_offered})
        return change


# --- Catalogue -----------------------------------------------------------------------------

def _require_officer(actor) -> None:
    if not permissions.is_officer(actor):
        raise DomainError(_("Only a privacy or security officer maintains this."))


def measure_save(*, actor: User, title: str, description: str = "", is_active: bool = True,
                 measure: Measure | None = None) -> Measure:
    _require_officer(actor)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Describe the measure."))
    with transaction.atomic():
        clash = Measure.objects.filter(title__iexact=title)
        if measure is not None:
            clash = clash.exclude(pk=measure.pk)
        if clash.exists():
            raise DomainError(_("This measure is already in the catalogue."))
        measure = measure or Measure()
        measure.title, measure.description, measure.is_active = title, description, is_active
        measure.full_clean()
        measure.save()
        audit_log(actor=actor, action="customs.measure_saved", target=measure,
                  data={"is_active": is_active})
        return measure


# What decides whether a rule matches: a change here may match tasks already in use.
MATCHING_FIELDS = ("when_social_domain", "when_special_categories", "when_affects_decisions",
                   "when_private_device", "keywords", "is_active")
RULE_FIELDS = ("description", "when_social_domain", "when_special_categories",
               "when_affects_decisions", "when_private_device", "keywords", "is_active")


def exclusion_rule_save(*, actor: User, title: str, rule: ExclusionRule | None = None,
                        **fields) -> ExclusionRule:
    _require_officer(actor)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(_("This field cannot be changed here."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Name the exclusion rule."))
    if not any(fields.get(f) for f in ("when_social_domain", "when_special_categories",
                                       "when_affects_decisions", "when_private_device")) \
            and not (fields.get("keywords") or "").strip():
        raise DomainError(_("Give the rule at least one condition or keyword, or it would "
                            "never match."))
    with transaction.atomic():
        clash = ExclusionRule.objects.filter(title__iexact=title)
        if rule is not None:
            clash = clash.exclude(pk=rule.pk)
        if clash.exists():
            raise DomainError(_("An exclusion rule with this name exists already."))
        rule = rule or ExclusionRule()
        before = None if rule.pk is None else {f: getattr(rule, f) for f in MATCHING_FIELDS}
        rule.title = title
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.full_clean()
        rule.save()
        audit_log(actor=actor, action="customs.exclusion_rule_saved", target=rule,
                  data={f: getattr(rule, f) for f in RULE_FIELDS if f != "description"})
        changed = before != {f: getattr(rule, f) for f in MATCHING_FIELDS}
        rule.tasks_queued = _rule_back_to_customs(rule) if changed else 0
        return rule


def _rule_back_to_customs(rule: ExclusionRule) -> int:
    from .recheck import rule_back_to_customs

    return rule_back_to_customs(rule)


def catalogue_import(*, actor: User, measures: list[dict], rules: list[dict]) -> dict:
    """The measure catalogue and exclusion rules of a toolkit pack, matched by title (case
    insensitive): what exists is kept, so importing twice adds nothing. Agency staff import a
    pack as well as officers. Rows are checked by the caller, inside its transaction."""
    if not permissions.can_import_catalogue(actor):
        raise DomainError(_("Only agency staff and officers import the customs catalogue."))
    counts = {"measures": 0, "rules": 0, "skipped": 0}
    for row in measures:
        if Measure.objects.filter(title__iexact=row["title"]).exists():
            counts["skipped"] += 1
            continue
        measure = Measure(title=row["title"], description=row.get("description", ""),
                          is_active=row.get("is_active", True))
        measure.full_clean()
        measure.save()
        audit_log(actor=actor, action="customs.measure_imported", target=measure)
        counts["measures"] += 1
    for row in rules:
        if ExclusionRule.objects.filter(title__iexact=row["title"]).exists():
            counts["skipped"] += 1
            continue
        rule = ExclusionRule(title=row["title"],
                             **{f: row[f] for f in RULE_FIELDS if f in row})
        rule.full_clean()
        rule.save()
        audit_log(actor=actor, action="customs.exclusion_rule_imported", target=rule)
        counts["rules"] += 1
        _rule_back_to_customs(rule)
    return counts
