"""Surveys: the default AI sentiment survey, surveys staff build, answers, and the waves of
invitations and reminders."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys import selectors as journey_selectors
from reisbureau.audit import audit_log
from reisbureau.batching import in_batches
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.services import notification_build, notifications_send_many

from ..constants import (
    DEFAULT_SURVEY_TITLE,
    SENTIMENT_STATEMENTS,
    SURVEY_REMINDER_DAYS,
    SURVEY_SEND_WINDOW_DAYS,
    SURVEY_WAVES,
    QuestionKind,
)
from ..models import Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from ..permissions import can_build_surveys
from .savings import dashboard_invalidate


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
    if not can_build_surveys(actor):
        raise DomainError(_("Only agency staff build surveys."))
    with transaction.atomic():
        survey = Survey(title=title.strip(), intro=intro, is_open=is_open, created_by=actor)
        _clean(survey)
        survey.save()
        audit_log(actor=actor, action="impact.survey_created", target=survey)
        return survey


def survey_add_question(*, survey: Survey, actor: User, kind: str, text: str,
                        choices: list[str] | None = None) -> SurveyQuestion:
    if not can_build_surveys(actor):
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
            uninvited, lambda memberships, wave=wave: surveys_invite(
                survey=survey, wave=wave, memberships=memberships),
            lock=lambda: Survey.objects.select_for_update().filter(pk=survey.pk).first())
    return sent


def surveys_invite(*, survey: Survey, wave: str, memberships: list) -> int:
    """Invite the travellers of some journey memberships to a wave of a survey, in bulk: one
    invitation per survey, traveller, journey and wave (who has one already is skipped) and a
    notification each. The daily job calls it a batch at a time; the demo calls it for the
    waves its journeys had before it was built. A fixed number of queries per call."""
    if wave not in SURVEY_WAVES:
        raise DomainError(_("Choose one of the survey's waves."))
    invited = set(SurveyInvitation.objects.filter(
        survey=survey, wave=wave, traveller_id__in={m.traveller_id for m in memberships},
        journey_id__in={m.journey_id for m in memberships}).values_list(
        "traveller_id", "journey_id"))
    fresh, seen = [], set()
    for m in memberships:
        key = (m.traveller_id, m.journey_id)
        if key not in invited and key not in seen:
            seen.add(key)
            fresh.append(m)
    now = timezone.now()
    SurveyInvitation.objects.bulk_create([
        SurveyInvitation(survey=survey, traveller_id=m.traveller_id, journey_id=m.journey_id,
                         wave=wave, sent_at=now)
        for m in fresh])
    url = reverse("impact:survey_answer", args=[survey.pk])
    when = _("a month ago") if wave == "1m" else _("three months ago")
    notifications_send_many([
        notification_build(
            recipient=m.traveller, subject=_("How is AI working for you? A short survey"),
            body=_("Your journey “%(journey)s” started %(wave)s. Five statements, two minutes, "
                   "anonymous.") % {"journey": m.journey.title, "wave": when},
            url=url)
        for m in fresh])
    return len(fresh)


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
