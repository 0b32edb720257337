"""The three-month evaluation of a journey: started by hand or by the daily job, reminded
weekly, completed with a verdict per task."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.batching import in_batches
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.services import notification_build, notifications_send_many

from ..constants import JourneyStatus, TaskStatus, Verdict
from ..models import Evaluation, EvaluationTaskVerdict, Journey, JourneyTraveller
from ._common import _locked_journey, _notify_people, _require_journey_owner
from .journeys import _set_status
from .tasks import _adopt, _drop

def evaluation_create(*, journey: Journey, actor: User | None = None,
                      due_on: date | None = None) -> Evaluation | None:
    """travelling → evaluating, with the evaluation. Returns None when it exists already."""
    with transaction.atomic():
        journey = _locked_journey(journey)
        if actor is not None:
            _require_journey_owner(journey, actor)
        if Evaluation.objects.filter(journey=journey).exists():
            if actor is None:
                return None
            raise DomainError(_("This journey already has its evaluation."))
        if journey.status != JourneyStatus.TRAVELLING:
            raise DomainError(_("Only a travelling journey can be evaluated."))
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    journey=journey, due_on=due_on or timezone.localdate())
        except IntegrityError:  # a parallel run made it: nothing to do
            return None
        _set_status(journey, JourneyStatus.EVALUATING, actor, "journey.evaluation_started")
        subject, body = _evaluation_message(journey)
        _notify_people(journey, subject, url=evaluation.get_absolute_url(), body=body)
        return evaluation


def _evaluation_message(journey: Journey) -> tuple[str, str]:
    """What the adviser and travellers are told when an evaluation starts (by hand or job)."""
    return (_("Time for the three-month evaluation of “%(title)s”") % {"title": journey.title},
            _("Which tasks work, where is the resistance, which lessons do we keep?"))


def _people_of(journeys: list[Journey]) -> dict[int, list[User]]:
    """The adviser and travellers of each journey (selected with its adviser), by pk, in one
    query: `_notify_people` for a batch of journeys."""
    people = {j.pk: {j.adviser_id: j.adviser} for j in journeys}
    memberships = JourneyTraveller.objects.filter(journey_id__in=people).select_related(
        "traveller")
    for membership in memberships:
        people[membership.journey_id][membership.traveller_id] = membership.traveller
    return {pk: [user for _pk, user in sorted(found.items())] for pk, found in people.items()}


def evaluations_create_due(*, today: date | None = None) -> int:
    """The daily job: evaluations of journeys that started EVALUATION_DELAY_DAYS ago.

    Works a batch of journeys at a time (locked, so a parallel run or an adviser starting the
    evaluation by hand waits and then finds the journey no longer travelling); each batch takes
    the same handful of queries whatever its size. Returns how many evaluations were created.
    """
    today = today or timezone.localdate()
    delay = timedelta(days=settings.REISBUREAU["EVALUATION_DELAY_DAYS"])
    due = Journey.objects.filter(status=JourneyStatus.TRAVELLING, started_at__lte=today - delay,
                                 evaluation__isnull=True)
    return in_batches(due.select_for_update(of=("self",)).select_related("adviser"),
                      lambda journeys: _evaluations_start(journeys, delay))


def _evaluations_start(journeys: list[Journey], delay: timedelta) -> int:
    """travelling → evaluating for a batch of locked journeys, as `evaluation_create` does
    for one: the evaluation, the status, the audit entry, the adviser and travellers told."""
    evaluations = Evaluation.objects.bulk_create(
        [Evaluation(journey=j, due_on=j.started_at + delay) for j in journeys])
    Journey.objects.filter(pk__in=[j.pk for j in journeys]).update(
        status=JourneyStatus.EVALUATING, updated_at=timezone.now())
    people = _people_of(journeys)
    entries, notifications = [], []
    for journey, evaluation in zip(journeys, evaluations, strict=True):
        journey.status = JourneyStatus.EVALUATING
        entries.append(audit_entry(
            actor=None, action="journey.evaluation_started", target=journey,
            data={"from": JourneyStatus.TRAVELLING, "to": JourneyStatus.EVALUATING}))
        subject, body = _evaluation_message(journey)
        notifications += [
            notification_build(recipient=person, subject=subject, body=body,
                               url=evaluation.get_absolute_url())
            for person in people[journey.pk]]
    audit_log_many(entries)
    notifications_send_many(notifications)
    return len(evaluations)


def evaluations_remind(*, now=None) -> int:
    """Weekly reminders for evaluations that are still open, a batch at a time."""
    now = now or timezone.now()
    week_ago = now - timedelta(days=7)
    due = Evaluation.objects.filter(completed_at__isnull=True).alias(
        last=Coalesce("last_reminded_at", "created_at")).filter(last__lte=week_ago)
    return in_batches(due.select_for_update(of=("self",)).select_related("journey__adviser"),
                      lambda evaluations: _evaluations_remind(evaluations, now))


def _evaluations_remind(evaluations: list[Evaluation], now) -> int:
    Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(last_reminded_at=now)
    people = _people_of([e.journey for e in evaluations])
    entries, notifications = [], []
    for evaluation in evaluations:
        evaluation.last_reminded_at = now
        subject = _("Reminder: the evaluation of “%(title)s” is waiting") % {
            "title": evaluation.journey.title}
        notifications += [
            notification_build(recipient=person, subject=subject,
                               url=evaluation.get_absolute_url())
            for person in people[evaluation.journey_id]]
        entries.append(audit_entry(actor=None, action="evaluation.reminded", target=evaluation))
    notifications_send_many(notifications)
    audit_log_many(entries)
    return len(evaluations)


def evaluation_complete(*, evaluation: Evaluation, actor: User, verdicts: dict[int, str],
                        works_well: str, resistance: str, lessons: str) -> Evaluation:
    """Record the verdict per task and the lessons; evaluating → completed."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().select_related("journey").get(
            pk=evaluation.pk)
        journey = _locked_journey(evaluation.journey)
        _require_journey_owner(journey, actor)
        if evaluation.completed_at or journey.status != JourneyStatus.EVALUATING:
            raise DomainError(_("This evaluation has already been completed."))
        tasks = {t.pk: t for t in journey.tasks.select_for_update().exclude(
            status__in=[TaskStatus.EXCLUDED, TaskStatus.DROPPED])}
        if set(verdicts) != set(tasks):
            raise DomainError(_("Give a verdict for every task."))
        if any(v not in Verdict.values for v in verdicts.values()):
            raise DomainError(_("Unknown verdict."))
        for task_id, verdict in verdicts.items():
            task = tasks[task_id]
            EvaluationTaskVerdict.objects.create(evaluation=evaluation, task=task,
                                                 verdict=verdict)
            if verdict == Verdict.ADOPT and task.status != TaskStatus.ADOPTED:
                _adopt(task, actor)
            elif verdict == Verdict.DROP:
                _drop(task, actor)
        evaluation.works_well, evaluation.resistance, evaluation.lessons = (
            works_well, resistance, lessons)
        evaluation.completed_at, evaluation.completed_by = timezone.now(), actor
        evaluation.save(update_fields=["works_well", "resistance", "lessons", "completed_at",
                                       "completed_by"])
        audit_log(actor=actor, action="evaluation.completed", target=evaluation,
                  data={"verdicts": {str(k): v for k, v in verdicts.items()}})
        _set_status(journey, JourneyStatus.COMPLETED, actor, "journey.completed")
        _notify_people(journey, _("“%(title)s” is completed: write the travel report")
                       % {"title": journey.title}, url=journey.get_absolute_url())
        return evaluation
