"""Every write of impact. Keyword-only, one transaction each, audited. Impact writes only its
own data; it reads journeys and the core through their selectors."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys import selectors as journey_selectors
from journeys.constants import MAX_MINUTES_PER_WEEK
from reisbureau import privacy
from reisbureau.audit import audit_log
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.batching import batch_size, in_batches
from reisbureau.services import notification_build, notification_send, notifications_send_many
from reisbureau.uploads import check_upload

from . import activity, registry
from .constants import (
    DEFAULT_SURVEY_TITLE,
    SENTIMENT_STATEMENTS,
    SURVEY_REMINDER_DAYS,
    SURVEY_SEND_WINDOW_DAYS,
    SURVEY_WAVES,
    FINISHED_IMPORT_STATUSES,
    ImportFormat,
    ImportMode,
    ImportStatus,
    InterviewTheme,
    ObjectionKind,
    ObjectionStatus,
    QuestionKind,
)
from .models import (
    Interview,
    Objection,
    RollupDirtyWeek,
    RollupRun,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    TimeSaving,
    UsageImport,
    WeeklyRollup,
)

logger = logging.getLogger(__name__)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _is_agency(user) -> bool:
    return user.is_superuser or user.has_role(Role.AGENCY_STAFF)


# --- Time saved --------------------------------------------------------------------------

def _check_saving(*, traveller: User, task, minutes, day: date, exclude_pk=None) -> int:
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the minutes as a whole number.")) from None
    if minutes <= 0:
        raise DomainError(_("Enter a positive number of minutes saved."))
    if day > timezone.localdate():
        raise DomainError(_("You cannot log time saved on a date in the future."))
    if day < timezone.localdate() - timedelta(days=366):
        raise DomainError(_("You can log time saved for the past year only."))
    baseline = journey_selectors.task_baseline_minutes(task) or MAX_MINUTES_PER_WEEK
    same_week = TimeSaving.objects.filter(traveller=traveller, task=task,
                                          week_start=week_start(day))
    if exclude_pk:
        same_week = same_week.exclude(pk=exclude_pk)
    already = same_week.aggregate(total=Sum("minutes"))["total"] or 0
    if minutes + already > baseline:
        raise DomainError(
            ngettext("This task takes %(baseline)s minutes a week without AI; you cannot save "
                     "more than that in one week (already logged this week: %(already)s "
                     "minute).",
                     "This task takes %(baseline)s minutes a week without AI; you cannot save "
                     "more than that in one week (already logged this week: %(already)s "
                     "minutes).", already)
            % {"baseline": baseline, "already": already})
    return minutes


def _usable_task(traveller: User, task_id):
    try:
        task_id = int(task_id)
    except (TypeError, ValueError):
        task_id = 0
    if not 0 < task_id < 2**63:
        raise DomainError(_("Choose one of your own tasks that customs has cleared."))
    task = journey_selectors.usable_tasks_of_traveller(traveller).filter(pk=task_id).first()
    if task is None:
        raise DomainError(_("Choose one of your own tasks that customs has cleared."))
    return task


def _mark_dirty(*weeks: date, traveller_id: int | None = None) -> None:
    """Mark the weeks (and their months) for the hourly job, and bring the traveller's part of
    them up to date as soon as the transaction commits, so the dashboard shows it at once."""
    for week in set(weeks):
        RollupDirtyWeek.objects.get_or_create(week_start=week)
    activity.mark_dirty(activity.months_of_weeks(set(weeks)))
    if traveller_id is not None:
        weeks = sorted(set(weeks))
        transaction.on_commit(
            lambda: rollups_refresh(traveller_id=traveller_id, weeks=weeks), robust=True)


def time_saving_log(*, traveller: User, task_id, minutes, day: date, note: str = "") -> TimeSaving:
    """A traveller logs minutes saved on one of their own cleared tasks."""
    with transaction.atomic():
        task = _usable_task(traveller, task_id)
        if journey_selectors.traveller_must_acknowledge(task, traveller):
            raise DomainError(str(journey_selectors.MEASURES_FIRST))
        minutes = _check_saving(traveller=traveller, task=task, minutes=minutes, day=day)
        entry = TimeSaving(traveller=traveller, task=task, date=day, week_start=week_start(day),
                           minutes=minutes, note=note.strip()[:200])
        _clean(entry)
        entry.save()
        _mark_dirty(entry.week_start, traveller_id=traveller.pk)
        audit_log(actor=traveller, action="impact.time_saved_logged", target=entry,
                  data={"task": task.pk, "minutes": minutes, "date": day.isoformat()})
        return entry


def time_saving_update(*, entry: TimeSaving, actor: User, minutes, day: date,
                       note: str = "") -> TimeSaving:
    if entry.traveller_id != actor.pk:
        raise DomainError(_("You can only correct your own entries."))
    with transaction.atomic():
        entry = TimeSaving.objects.select_for_update(of=("self",)).select_related(
            "task__inventory_entry").get(pk=entry.pk)
        minutes = _check_saving(traveller=actor, task=entry.task, minutes=minutes, day=day,
                                exclude_pk=entry.pk)
        old = {"minutes": entry.minutes, "date": entry.date.isoformat()}
        old_week = entry.week_start
        entry.minutes, entry.date, entry.week_start = minutes, day, week_start(day)
        entry.note = note.strip()[:200]
        _clean(entry)
        entry.save(update_fields=["minutes", "date", "week_start", "note", "updated_at"])
        _mark_dirty(old_week, entry.week_start, traveller_id=actor.pk)
        audit_log(actor=actor, action="impact.time_saved_corrected", target=entry,
                  data={"from": old, "to": {"minutes": minutes, "date": day.isoformat()}})
        return entry


def time_saving_delete(*, entry: TimeSaving, actor: User) -> None:
    if entry.traveller_id != actor.pk:
        raise DomainError(_("You can only correct your own entries."))
    with transaction.atomic():
        _mark_dirty(entry.week_start, traveller_id=actor.pk)
        audit_log(actor=actor, action="impact.time_saved_removed", target=entry,
                  data={"minutes": entry.minutes, "date": entry.date.isoformat()})
        entry.delete()


def rollup_rebuild(*, full: bool = False) -> RollupRun:
    """Rebuild the weekly roll-ups of the weeks that changed (or all of them).

    One grouped query per rebuilt set of weeks; the dashboard reads the roll-ups, never the
    millions of entries. The hourly safety net: a change is already in its week's roll-up a
    moment after it was saved (`rollups_refresh`).
    """

    run = RollupRun.objects.create(started_at=timezone.now())
    with transaction.atomic():
        if full:
            weeks = list(TimeSaving.objects.order_by().values_list("week_start", flat=True)
                         .distinct())
            WeeklyRollup.objects.all().delete()
            RollupDirtyWeek.objects.all().delete()
        else:
            # In week order: a refresh locks its weeks in the same order (no deadlock).
            dirty = list(RollupDirtyWeek.objects.select_for_update().order_by(
                "week_start").values_list("week_start", flat=True))
            weeks = dirty
            WeeklyRollup.objects.filter(week_start__in=weeks).delete()
            RollupDirtyWeek.objects.filter(week_start__in=weeks).delete()
        for chunk_start in range(0, len(weeks), 200):
            chunk = weeks[chunk_start:chunk_start + 200]
            rows = _rollup_rows(TimeSaving.objects.filter(week_start__in=chunk))
            WeeklyRollup.objects.bulk_create(rows, batch_size=2000)
    run.finished_at = timezone.now()
    run.weeks = len(weeks)
    run.save(update_fields=["finished_at", "weeks"])
    return run


def _rollup_rows(entries) -> list[WeeklyRollup]:
    """The roll-up rows of some time-saving entries: per week, department and function group,
    and per persona. Two grouped queries."""
    base = entries.order_by()
    rows = []
    sums = {"minutes": Sum("minutes"), "entries": Count("pk"),
            "travellers": Count("traveller_id", distinct=True)}
    for r in base.values("week_start", "traveller__department_id",
                         "traveller__function_group_id").annotate(**sums):
        rows.append(WeeklyRollup(
            week_start=r["week_start"], department_id=r["traveller__department_id"],
            function_group_id=r["traveller__function_group_id"], persona=None,
            minutes=r["minutes"], entries=r["entries"], travellers=r["travellers"]))
    for r in base.filter(traveller__personas__isnull=False).values(
            "week_start", "traveller__department_id", "traveller__function_group_id",
            "traveller__personas").annotate(**sums):
        rows.append(WeeklyRollup(
            week_start=r["week_start"], department_id=r["traveller__department_id"],
            function_group_id=r["traveller__function_group_id"],
            persona_id=r["traveller__personas"],
            minutes=r["minutes"], entries=r["entries"], travellers=r["travellers"]))
    return rows


def lock_marker(model, **key):
    """Lock the dirty marker of one week or month, made if missing. Refreshes of the same week
    (or month) take turns with each other and with the hourly job, and each reads the entries
    only once it holds the lock, so the last one sees every committed change. When the hourly
    job deleted the marker while we waited, it is made again."""
    for _attempt in range(3):
        model.objects.get_or_create(**key)
        marker = model.objects.select_for_update().filter(**key).first()
        if marker is not None:
            return marker
    raise RuntimeError("could not lock the roll-up marker")


def rollups_refresh(*, traveller_id: int, weeks) -> None:
    """Run after a saving is logged, corrected or removed (on commit): recompute the weekly
    roll-up rows of the traveller's department and function group for those weeks, and the
    traveller's monthly activity, then let the dashboard compute its figures again. Bounded: one
    week and one group each, whatever the number of entries elsewhere. The weeks stay marked,
    so the hourly job still rebuilds them whole (e.g. after a move to another department)."""
    user = User.objects.filter(pk=traveller_id).values(
        "department_id", "function_group_id").first()
    if user is None:
        return
    for week in sorted(set(weeks)):
        with transaction.atomic():
            lock_marker(RollupDirtyWeek, week_start=week)
            group = {"week_start": week, "department_id": user["department_id"],
                     "function_group_id": user["function_group_id"]}
            WeeklyRollup.objects.filter(**group).delete()
            WeeklyRollup.objects.bulk_create(_rollup_rows(TimeSaving.objects.filter(
                week_start=week, traveller__department_id=user["department_id"],
                traveller__function_group_id=user["function_group_id"])))
    activity.refresh_user(traveller_id, activity.months_of_weeks(set(weeks)))
    dashboard_invalidate()


DASHBOARD_VERSION_KEY = "impact-dashboard-version"


def dashboard_invalidate() -> None:
    """The cached dashboards (every filter) are computed again on their next view: a new
    version token goes into their cache keys (impact.selectors.cached_dashboard)."""
    import time

    from django.core.cache import cache

    cache.set(DASHBOARD_VERSION_KEY, time.time_ns(), None)


# --- Surveys -----------------------------------------------------------------------------

def survey_default() -> Survey:
    """The AI sentiment survey: Copilot's four statements plus overall satisfaction."""
    survey = Survey.objects.filter(is_default=True).first()
    if survey is not None:
        return survey
    with transaction.atomic():
        survey = Survey.objects.create(
            title=str(DEFAULT_SURVEY_TITLE), is_default=True,
            intro=_("Five short statements about AI in your work. Your answers are anonymous: "
                    "only you can see them; others see totals."))
        SurveyQuestion.objects.bulk_create([
            SurveyQuestion(survey=survey, order=i, kind=QuestionKind.SCALE, text=str(text))
            for i, text in enumerate(SENTIMENT_STATEMENTS, start=1)])
        audit_log(actor=None, action="impact.survey_created", target=survey)
        return survey


def survey_create(*, actor: User, title: str, intro: str = "", is_open: bool = False) -> Survey:
    if not _is_agency(actor):
        raise DomainError(_("Only agency staff build surveys."))
    with transaction.atomic():
        survey = Survey(title=title.strip(), intro=intro, is_open=is_open, created_by=actor)
        _clean(survey)
        survey.save()
        audit_log(actor=actor, action="impact.survey_created", target=survey)
        return survey


def survey_add_question(*, survey: Survey, actor: User, kind: str, text: str,
                        choices: list[str] | None = None) -> SurveyQuestion:
    if not _is_agency(actor):
        raise DomainError(_("Only agency staff build surveys."))
    choices = [c.strip() for c in (choices or []) if c.strip()]
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise DomainError(_("A choice question needs at least two choices."))
    if kind != QuestionKind.CHOICE:
        choices = []
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.responses.exists():
            raise DomainError(_("This survey has answers already; its questions stay as they "
                                "are."))
        question = SurveyQuestion(survey=survey, kind=kind, text=text.strip(), choices=choices,
                                  order=survey.questions.count() + 1)
        _clean(question)
        question.save()
        audit_log(actor=actor, action="impact.survey_question_added", target=survey,
                  data={"question": question.text})
        return question


def survey_respond(*, survey: Survey, respondent: User, answers: dict) -> SurveyResponse:
    """Store one response. `answers` maps question id to a value (1-5, a choice, a text)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if SurveyResponse.objects.filter(survey=survey, respondent=respondent).exists():
            raise DomainError(_("You have answered this survey already."))
        invitation = SurveyInvitation.objects.filter(
            survey=survey, traveller=respondent, responded_at__isnull=True).order_by(
            "sent_at").first()
        if invitation is None and not survey.is_open:
            raise DomainError(_("This survey is not open to you."))
        now = timezone.now()
        response = SurveyResponse.objects.create(survey=survey, respondent=respondent,
                                                 invitation=invitation, submitted_at=now)
        rows = []
        for question in survey.questions.all():
            value = answers.get(question.pk)
            answer = SurveyAnswer(response=response, question=question)
            if value in (None, ""):
                continue
            if question.kind == QuestionKind.SCALE:
                try:
                    answer.scale_value = int(value)
                except (TypeError, ValueError):
                    answer.scale_value = 0
                if not 1 <= answer.scale_value <= 5:
                    raise DomainError(_("Choose a value from 1 to 5."))
            elif question.kind == QuestionKind.CHOICE:
                if value not in question.choices:
                    raise DomainError(_("Choose one of the given answers."))
                answer.choice = value
            else:
                answer.text = str(value).strip()[:5000]
            rows.append(answer)
        if not rows:
            raise DomainError(_("Answer at least one question."))
        SurveyAnswer.objects.bulk_create(rows)
        if invitation is not None:
            invitation.responded_at = now
            invitation.save(update_fields=["responded_at"])
        # The audit trail records that a response exists, never who gave which answer.
        audit_log(actor=None, action="impact.survey_answered", target=survey)
        transaction.on_commit(dashboard_invalidate, robust=True)
        return response


def surveys_dispatch(*, today: date | None = None) -> int:
    """Invite the travellers of journeys that started one and three months ago.

    Safe to run twice: one invitation per survey, traveller, journey and wave (unique).
    A wave missed by more than SURVEY_SEND_WINDOW_DAYS is not sent late. The travellers not
    invited yet are walked a batch at a time; each batch locks the survey row first, so two
    runs at once take turns and the second finds the first's invitations.
    """
    today = today or timezone.localdate()
    survey = survey_default()
    sent = 0
    for wave, days in SURVEY_WAVES.items():
        latest_start = today - timedelta(days=days)
        earliest_start = latest_start - timedelta(days=SURVEY_SEND_WINDOW_DAYS)
        uninvited = journey_selectors.memberships_of_journeys_started_between(
            earliest_start, latest_start).exclude(Exists(SurveyInvitation.objects.filter(
                survey=survey, wave=wave, journey_id=OuterRef("journey_id"),
                traveller_id=OuterRef("traveller_id"))))
        sent += in_batches(
            uninvited, lambda memberships, wave=wave: _surveys_invite(survey, wave, memberships),
            lock=lambda: Survey.objects.select_for_update().filter(pk=survey.pk).first())
    return sent


def _surveys_invite(survey: Survey, wave: str, memberships: list) -> int:
    now = timezone.now()
    SurveyInvitation.objects.bulk_create([
        SurveyInvitation(survey=survey, traveller_id=m.traveller_id, journey_id=m.journey_id,
                         wave=wave, sent_at=now)
        for m in memberships])
    url = reverse("impact:survey_answer", args=[survey.pk])
    when = _("a month ago") if wave == "1m" else _("three months ago")
    notifications_send_many([
        notification_build(
            recipient=m.traveller, subject=_("How is AI working for you? A short survey"),
            body=_("Your journey “%(journey)s” started %(wave)s. Five statements, two minutes, "
                   "anonymous.") % {"journey": m.journey.title, "wave": when},
            url=url)
        for m in memberships])
    return len(memberships)


def surveys_remind(*, now=None) -> int:
    """Remind once, a week after the invitation, those who did not answer; a batch at a time."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=SURVEY_REMINDER_DAYS)
    due = SurveyInvitation.objects.filter(
        responded_at__isnull=True, reminded_at__isnull=True, sent_at__lte=cutoff)

    def remind(invitations: list[SurveyInvitation]) -> int:
        SurveyInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            reminded_at=now)
        notifications_send_many([
            notification_build(
                recipient=invitation.traveller, subject=_("Reminder: a short survey about AI"),
                body=_("You have not answered the survey yet. It takes two minutes."),
                url=reverse("impact:survey_answer", args=[invitation.survey_id]))
            for invitation in invitations])
        return len(invitations)

    return in_batches(due.select_for_update(of=("self",)).select_related("traveller"), remind)


# --- Interviews --------------------------------------------------------------------------

def interview_record(*, actor: User, held_on: date, subject: str, notes: str,
                     themes: list[str], department=None, function_group=None) -> Interview:
    if not (_is_agency(actor) or actor.has_role(Role.ADVISER)):
        raise DomainError(_("Only travel advisers and agency staff record interviews."))
    if held_on > timezone.localdate():
        raise DomainError(_("An interview cannot be held in the future."))
    unknown = set(themes) - set(InterviewTheme.values)
    if unknown or not themes:
        raise DomainError(_("Choose at least one theme."))
    with transaction.atomic():
        interview = Interview(interviewer=actor, held_on=held_on, subject=subject.strip(),
                              notes=notes, themes=sorted(set(themes)), department=department,
                              function_group=function_group)
        _clean(interview)
        interview.save()
        audit_log(actor=actor, action="impact.interview_recorded", target=interview,
                  data={"themes": interview.themes})
        return interview


# --- Objections --------------------------------------------------------------------------

def objection_raise(*, actor: User, target_kind: str, target_id, kind: str,
                    description: str) -> Objection:
    from django.contrib.contenttypes.models import ContentType

    kinds = registry.target_kinds()
    if target_kind not in kinds:
        raise DomainError(_("Objections can be raised on tasks, prompts and posts only."))
    if kind not in ObjectionKind.values:
        raise DomainError(_("Choose whether the objection is legal or ethical."))
    if not description.strip():
        raise DomainError(_("Describe your objection."))
    try:
        target = kinds[target_kind].resolve(actor, int(target_id))
    except (TypeError, ValueError):
        target = None
    if target is None:
        raise DomainError(_("Choose something you can see to object to."))
    with transaction.atomic():
        objection = Objection(
            target_kind=target_kind, target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk, target_label=str(target)[:255], kind=kind,
            description=description.strip(), raised_by=actor)
        _clean(objection)
        objection.save()
        audit_log(actor=actor, action="impact.objection_raised", target=objection,
                  data={"kind": kind, "about": target_kind})
        return objection


def _may_handle(user) -> bool:
    return _is_agency(user) or user.has_role(Role.OFFICER)


def _locked_objection(objection: Objection) -> Objection:
    return Objection.objects.select_for_update().select_related("raised_by").get(
        pk=objection.pk)


def objection_consider(*, objection: Objection, actor: User) -> Objection:
    if not _may_handle(actor):
        raise DomainError(_("Only agency staff and officers handle objections."))
    with transaction.atomic():
        objection = _locked_objection(objection)
        if objection.status != ObjectionStatus.OPEN:
            raise DomainError(_("Only an open objection can be taken into consideration."))
        objection.status, objection.handled_by = ObjectionStatus.CONSIDERING, actor
        objection.save(update_fields=["status", "handled_by"])
        audit_log(actor=actor, action="impact.objection_considering", target=objection)
        return objection


def objection_resolve(*, objection: Objection, actor: User, answer: str) -> Objection:
    if not _may_handle(actor):
        raise DomainError(_("Only agency staff and officers handle objections."))
    if not answer.strip():
        raise DomainError(_("Write the answer to the objection."))
    with transaction.atomic():
        objection = _locked_objection(objection)
        if objection.status == ObjectionStatus.RESOLVED:
            raise DomainError(_("This objection has been resolved already."))
        objection.status, objection.handled_by = ObjectionStatus.RESOLVED, actor
        objection.answer, objection.resolved_at = answer.strip(), timezone.now()
        objection.save(update_fields=["status", "handled_by", "answer", "resolved_at"])
        audit_log(actor=actor, action="impact.objection_resolved", target=objection)
        notification_send(recipient=objection.raised_by,
                          subject=_("Your objection has been answered"),
                          body=objection.answer, url=objection.get_absolute_url())
        return objection


# --- Usage import ------------------------------------------------------------------------



def usage_import_start(*, actor: User, uploaded_file, format: str, mode: str) -> UsageImport:
    """Store the upload and queue the import job after commit."""
    if not _is_agency(actor):
        raise DomainError(_("Only agency staff import usage data."))
    if format not in ImportFormat.values or mode not in ImportMode.values:
        raise DomainError(_("Choose the format of the file and what to do with bad rows."))
    check_upload(uploaded_file, kind="csv")
    with transaction.atomic():
        usage_import = UsageImport(uploaded_by=actor, format=format, mode=mode,
                                   filename=uploaded_file.name[:255])
        usage_import.file.save(uploaded_file.name, uploaded_file, save=False)
        usage_import.save()
        audit_log(actor=actor, action="impact.usage_import_started", target=usage_import,
                  data={"format": format, "mode": mode})
        transaction.on_commit(lambda: _enqueue_import(usage_import.pk))
        return usage_import


def _enqueue_import(import_id: int) -> None:
    from .tasks import run_usage_import

    try:
        run_usage_import.delay(import_id)
    except Exception:  # broker down: the import stays "waiting"; the sweep picks it up
        logger.warning("Broker unavailable; usage import %s waits for the sweep", import_id)
    else:
        usage_import_mark_queued(import_id)


def usage_import_mark_queued(*import_ids: int) -> None:
    """The job reached the broker: the sweep leaves the import alone for a while."""
    if import_ids:
        UsageImport.objects.filter(pk__in=import_ids).update(queued_at=timezone.now())


# An upload's job is queued within a second of the upload; one without `queued_at` after this
# long missed the broker.
IMPORT_QUEUE_GRACE = timedelta(seconds=30)
# A queued job not picked up after this long is queued again (a message lost with the broker's
# data); a duplicate is harmless, the claim lets one run.
IMPORT_REQUEUE_AFTER = timedelta(minutes=15)


def usage_imports_to_resume(*, limit: int = 10) -> list[int]:
    """Imports to (re)queue: waiting ones whose job missed the broker or was lost, and running
    ones whose heartbeat is older than the lease (the worker died), unless queued again
    within the lease."""
    from django.db.models import Q

    now = timezone.now()
    lease = timedelta(seconds=settings.REISBUREAU["IMPORT_LEASE_SECONDS"])
    waiting = Q(status=ImportStatus.PENDING) & (
        Q(queued_at__isnull=True, created_at__lte=now - IMPORT_QUEUE_GRACE)
        | Q(queued_at__lte=now - IMPORT_REQUEUE_AFTER))
    stalled = (Q(status__in=[ImportStatus.VALIDATING, ImportStatus.SAVING])
               & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - lease))
               & (Q(queued_at__isnull=True) | Q(queued_at__lt=now - lease)))
    return list(UsageImport.objects.filter(waiting | stalled).order_by("created_at", "pk")
                .values_list("pk", flat=True)[:limit])


def usage_import_retry(*, actor: User, usage_import: UsageImport) -> UsageImport:
    """Staff start a failed or stalled import again from its stored file."""
    if not _is_agency(actor):
        raise DomainError(_("Only agency staff import usage data."))
    with transaction.atomic():
        usage_import = UsageImport.objects.select_for_update().get(pk=usage_import.pk)
        if not usage_import.can_retry:
            if not usage_import.file:
                raise DomainError(_("The file of this import has been removed; upload it "
                                    "again."))
            raise DomainError(_("This import is not stopped; it cannot be started again."))
        previous = usage_import.status
        usage_import.status, usage_import.attempts = ImportStatus.PENDING, 0
        usage_import.started_at = usage_import.heartbeat_at = usage_import.queued_at = None
        usage_import.finished_at, usage_import.message = None, ""
        usage_import.processed_rows = usage_import.error_count = 0
        usage_import.errors = []
        usage_import.rows_imported = usage_import.rows_present = None
        usage_import.rows_without_activity = None
        usage_import.save(update_fields=[
            "status", "attempts", "started_at", "heartbeat_at", "queued_at", "finished_at",
            "message", "processed_rows", "error_count", "errors", "rows_imported",
            "rows_present", "rows_without_activity"])
        audit_log(actor=actor, action="impact.usage_import_retried", target=usage_import,
                  data={"previous_status": previous})
        transaction.on_commit(lambda: _enqueue_import(usage_import.pk))
        return usage_import


# --- Retention (AVG) ---------------------------------------------------------------------

def retention_apply(*, today: date | None = None) -> dict:
    """Remove workplace-interview notes and survey answers older than the retention period.

    The roll-ups of time saved are not personal and stay. Safe to run twice: what is gone is gone.
    Rows are removed a batch at a time (memory holds one batch), in one transaction.
    """
    from calendar import monthrange

    months = settings.REISBUREAU["RETENTION_MONTHS"]
    today = today or timezone.localdate()
    years, month_index = divmod(today.month - 1 - months, 12)
    year, month = today.year + years, month_index + 1
    cutoff = date(year, month, min(today.day, monthrange(year, month)[1]))
    with transaction.atomic():
        interviews = _delete_in_batches(Interview.objects.filter(held_on__lt=cutoff))
        # Before local midnight of the cutoff day: the same as submitted_at__date__lt, but the
        # index on submitted_at can serve it (a date cast cannot use it).
        start_of_cutoff = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()))
        responses = _delete_in_batches(
            SurveyResponse.objects.filter(submitted_at__lt=start_of_cutoff))
        if interviews or responses:
            audit_log(actor=None, action="impact.retention_applied",
                      data={"cutoff": cutoff.isoformat(), "interviews": interviews,
                            "survey_responses": responses})
    imports = usage_import_files_expire()
    return {"interviews": interviews, "survey_responses": responses, **imports}


IMPORT_FILES_DIR = "impact/imports"


def usage_import_files_expire(*, now: datetime | None = None) -> dict:
    """AVG: an import's stored file and its error list (both name employees' e-mail addresses)
    go IMPORT_FILE_RETENTION_DAYS after the upload at the latest; the importer deletes the file
    as soon as the import is done or refused already. An import still waiting or stopped by
    then fails (its file is gone). Stored files that belong to no import (an upload whose
    transaction failed) go after the same time. The counts and the records stay."""
    from . import importer

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"])
    old = UsageImport.objects.filter(created_at__lt=cutoff)
    files = 0
    for usage_import in old.exclude(file="").exclude(
            status__in=[ImportStatus.VALIDATING, ImportStatus.SAVING], heartbeat_at__gte=cutoff):
        if usage_import.status not in FINISHED_IMPORT_STATUSES:
            UsageImport.objects.filter(pk=usage_import.pk).update(
                status=ImportStatus.FAILED, finished_at=now, message=ngettext(
                    "The import did not run within %(days)s day and its file has been "
                    "removed. Upload the file again.",
                    "The import did not run within %(days)s days and its file has been "
                    "removed. Upload the file again.",
                    settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"])
                % {"days": settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"]})
        importer.discard_file(usage_import)
        files += 1
    error_lists = old.filter(errors_removed_at__isnull=True).exclude(errors=[]).update(
        errors=[], errors_removed_at=now)
    files += _delete_orphan_import_files(cutoff)
    if files or error_lists:
        audit_log(actor=None, action="impact.import_files_removed",
                  data={"cutoff": cutoff.isoformat(), "files": files,
                        "error_lists": error_lists})
    return {"import_files": files, "import_error_lists": error_lists}


def usage_imports_forget(user: User, identifiers: list[str]) -> dict:
    """AVG, on anonymisation: the person's e-mail address in an import's error list becomes the
    pseudonym, and a stored upload that names them is deleted now rather than at the retention
    date (an import that had not finished then fails: it must be uploaded again without them).
    Only a few imports keep a file or errors (finished ones lose the file at once)."""
    from django.core.files.storage import default_storage

    from . import importer

    needles = [i.lower() for i in identifiers if i]
    if not needles:
        return {"error_lists": 0, "files": 0}
    lists = 0
    for usage_import in UsageImport.objects.exclude(errors=[]).only("pk", "errors"):
        errors = [privacy.replace_identifiers(str(e), identifiers, user.display_name)
                  for e in usage_import.errors]
        if errors != usage_import.errors:
            UsageImport.objects.filter(pk=usage_import.pk).update(errors=errors)
            lists += 1
    files = 0
    for usage_import in UsageImport.objects.exclude(file=""):
        if not _stored_file_names(default_storage, usage_import.file.name, needles):
            continue
        if usage_import.status not in FINISHED_IMPORT_STATUSES:
            UsageImport.objects.filter(pk=usage_import.pk).update(
                status=ImportStatus.FAILED, finished_at=timezone.now(), message=_(
                    "The file named an employee who has since been anonymised, so it was "
                    "removed. Upload the file again."))
        importer.discard_file(usage_import)
        files += 1
    return {"error_lists": lists, "files": files}


def _stored_file_names(storage, name: str, needles: list[str]) -> bool:
    """Does the stored file name one of `needles` (case-insensitive)? Read in chunks, with an
    overlap so a name across a chunk border is found."""
    overlap = max(len(n) for n in needles)
    tail = ""
    try:
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(1 << 20):
                text = tail + chunk.decode("utf-8", "ignore").lower()
                if any(n in text for n in needles):
                    return True
                tail = text[-overlap:]
    except FileNotFoundError:
        return False
    return False


def _delete_orphan_import_files(cutoff: datetime) -> int:
    from django.core.files.storage import default_storage

    try:
        _dirs, names = default_storage.listdir(IMPORT_FILES_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    paths = [f"{IMPORT_FILES_DIR}/{name}" for name in names]
    known = set()
    for start in range(0, len(paths), 500):
        known.update(UsageImport.objects.filter(file__in=paths[start:start + 500])
                     .values_list("file", flat=True))
    deleted = 0
    for path in paths:
        if path in known:
            continue
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        except (OSError, NotImplementedError) as exc:
            logger.warning("Could not remove an old import file (%s)", type(exc).__name__)
    return deleted


def _delete_in_batches(queryset) -> int:
    """Delete the rows of `queryset` (and what cascades) a batch of ids at a time; returns how
    many rows of its own model went."""
    model, size, last, deleted = queryset.model, batch_size(), 0, 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if ids:
            last = ids[-1]
            _total, per_model = model.objects.filter(pk__in=ids).delete()
            deleted += per_model.get(model._meta.label, 0)
        if len(ids) < size:
            return deleted


def personal_data_anonymise(user: User) -> None:
    """AVG: free-text notes on time logs go; the minutes stay for the figures."""
    TimeSaving.objects.filter(traveller=user).exclude(note="").update(note="")
