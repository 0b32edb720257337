"""Writes of learning: trainings and attendance, promptathons and key users, toolkit pages.
Keyword-only, one transaction each, audited (as community.services)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.constants import Visibility
from community.services import prompt_create
from journeys.constants import Tool
from journeys.models import StandardJourney
from reisbureau.audit import audit_log
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import FunctionGroup, Persona, TeamsEvent, User
from reisbureau.services import notification_send
from reisbureau.teams import teams_card, teams_notify

from .constants import RegistrationStatus, TrainingKind
from .permissions import can_record_attendance, is_agency
from .models import (
    KeyUserProfile,
    LiteracyRequirement,
    Promptathon,
    PromptathonChallenge,
    PromptathonSubmission,
    PromptathonTeam,
    PromptathonVote,
    TeamMembership,
    ToolkitPage,
    Training,
    TrainingRegistration,
    TrainingSession,
)

SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)


def _require_agency(user, message) -> None:
    if not is_agency(user):
        raise DomainError(message)


# --- Trainings on offer and the literacy requirements (AI Act Art. 4) ----------------------

def training_offer_save(*, actor: User, title: str, kind: str, tool: str = "",
                        description: str = "", persona: Persona | None = None,
                        standard_journey: StandardJourney | None = None,
                        training: Training | None = None) -> Training:
    """A training on offer (held in sessions), optionally aimed at a persona or standard
    journey: their travellers get its sessions suggested first."""
    _require_agency(actor, _("Only agency staff maintain the trainings on offer."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the training a title."))
    if kind not in TrainingKind.values:
        raise DomainError(_("Choose the kind of training."))
    if tool and tool not in Tool.values:
        raise DomainError(_("Choose a known tool."))
    with transaction.atomic():
        clash = Training.objects.filter(title__iexact=title)
        if training is not None:
            training = Training.objects.select_for_update().get(pk=training.pk)
            clash = clash.exclude(pk=training.pk)
        if clash.exists():
            raise DomainError(_("A training with this title exists already."))
        training = training or Training()
        training.title, training.kind, training.tool = title, kind, tool or ""
        training.description = (description or "").strip()
        training.persona, training.standard_journey = persona, standard_journey
        _clean(training)
        training.save()
        audit_log(actor=actor, action="training.offer_saved", target=training,
                  data={"persona": getattr(persona, "pk", None),
                        "standard_journey": getattr(standard_journey, "pk", None)})
        return training


MAX_RENEWAL_MONTHS = 120


def literacy_requirement_save(*, actor: User, trainings, role: str = "",
                              function_group: FunctionGroup | None = None,
                              renewal_months: int | None = None,
                              requirement: LiteracyRequirement | None = None
                              ) -> LiteracyRequirement:
    """Which trainings a role and/or function group must have attended, renewed after how
    many months (empty: never expires). One requirement per role and function group."""
    _require_agency(actor, _("Only agency staff set the literacy requirements."))
    role = role or ""
    if role and role not in Role.values:
        raise DomainError(_("Choose a known role."))
    if not role and function_group is None:
        raise DomainError(_("Choose a role, a function group or both."))
    trainings = list(trainings or [])
    if not trainings:
        raise DomainError(_("Choose at least one required training."))
    if renewal_months is not None and (not isinstance(renewal_months, int)
                                       or not 1 <= renewal_months <= MAX_RENEWAL_MONTHS):
        raise DomainError(_("Renewal is after 1 to %(max)s months, or empty when the training "
                            "does not expire.") % {"max": MAX_RENEWAL_MONTHS})
    with transaction.atomic():
        clash = LiteracyRequirement.objects.filter(role=role, function_group=function_group)
        if requirement is not None:
            requirement = LiteracyRequirement.objects.select_for_update().get(pk=requirement.pk)
            clash = clash.exclude(pk=requirement.pk)
        if clash.exists():
            raise DomainError(_("There is a requirement for this role and function group "
                                "already; change that one."))
        requirement = requirement or LiteracyRequirement()
        requirement.role, requirement.function_group = role, function_group
        requirement.renewal_months = renewal_months
        _clean(requirement)
        requirement.save()
        requirement.trainings.set(trainings)
        audit_log(actor=actor, action="literacy.requirement_saved", target=requirement,
                  data={"role": role, "function_group": getattr(function_group, "pk", None),
                        "trainings": sorted(t.pk for t in trainings),
                        "renewal_months": renewal_months})
        return requirement


def literacy_requirement_delete(*, actor: User, requirement: LiteracyRequirement) -> None:
    _require_agency(actor, _("Only agency staff set the literacy requirements."))
    with transaction.atomic():
        audit_log(actor=actor, action="literacy.requirement_deleted", target=requirement,
                  data={"role": requirement.role,
                        "function_group": requirement.function_group_id})
        requirement.delete()


# --- Trainings ---------------------------------------------------------------------------

def training_save(*, actor: User, title: str, kind: str, starts_at: datetime,
                  ends_at: datetime, seats: int, trainer: User, tool: str = "",
                  description: str = "", location: str = "",
                  training: Training | None = None,
                  session: TrainingSession | None = None) -> TrainingSession:
    """Plan a session (of a training on offer, when given: attending it counts towards the
    literacy requirements that name that training)."""
    _require_agency(actor, _("Only agency staff plan trainings."))
    if kind not in TrainingKind.values:
        raise DomainError(_("Choose the kind of training."))
    if tool and tool not in Tool.values:
        raise DomainError(_("Choose a known tool."))
    if not isinstance(seats, int) or seats < 1:
        raise DomainError(_("A training needs at least one seat."))
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise DomainError(_("A training ends after it starts."))
    with transaction.atomic():
        if session is not None:
            session = TrainingSession.objects.select_for_update().get(pk=session.pk)
            taken = session.registrations.filter(status__in=SEATED).count()
            if seats < taken:
                raise DomainError(ngettext(
                    "%(count)s person is registered already; keep at least one seat.",
                    "%(count)s people are registered already; keep at least that many seats.",
                    taken) % {"count": taken})
        session = session or TrainingSession()
        session.title, session.kind, session.tool = (title or "").strip(), kind, tool or ""
        session.description, session.location = (description or "").strip(), \
            (location or "").strip()
        session.starts_at, session.ends_at, session.seats = starts_at, ends_at, seats
        session.trainer, session.training = trainer, training
        _clean(session)
        session.save()
        audit_log(actor=actor, action="training.saved", target=session,
                  data={"seats": seats, "kind": kind,
                        "training": getattr(training, "pk", None)})
        _move_up(session)
        return session


def _locked_session(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def training_register(*, session: TrainingSession, user: User) -> TrainingRegistration:
    """A seat when one is free, else the waiting list. Registering again after cancelling is
    allowed; registering twice is not."""
    with transaction.atomic():
        session = _locked_session(session)
        if session.starts_at <= timezone.now():
            raise DomainError(_("This training has started; registration is closed."))
        registration = TrainingRegistration.objects.select_for_update().filter(
            session=session, user=user).first()
        if registration and registration.status != RegistrationStatus.CANCELLED:
            raise DomainError(_("You are already registered for this training."))
        taken = session.registrations.filter(status__in=SEATED).count()
        status = RegistrationStatus.REGISTERED if taken < session.seats \
            else RegistrationStatus.WAITING
        if registration is None:
            registration = TrainingRegistration(session=session, user=user)
        registration.status = status
        registration.created_at = timezone.now()
        registration.save()
        audit_log(actor=user, action="training.registered", target=session,
                  data={"status": status})
        return registration


def _move_up(session: TrainingSession) -> list[TrainingRegistration]:
    """Fill free seats from the waiting list, first come first served; tell who moved up."""
    free = session.seats - session.registrations.filter(status__in=SEATED).count()
    if free <= 0:
        return []
    moved = list(session.registrations.select_for_update().filter(
        status=RegistrationStatus.WAITING).select_related("user").order_by(
        "created_at", "pk")[:free])
    for registration in moved:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit_log(actor=None, action="training.moved_up", target=session,
                  data={"user": registration.user_id})
        notification_send(
            recipient=registration.user,
            subject=_("You have a seat at “%(title)s”") % {"title": session.title},
            body=_("A seat came free and you moved up from the waiting list."),
            url=session.get_absolute_url())
    return moved


def training_cancel(*, session: TrainingSession, user: User) -> TrainingRegistration:
    with transaction.atomic():
        session = _locked_session(session)
        registration = TrainingRegistration.objects.select_for_update().filter(
            session=session, user=user).first()
        if registration is None or registration.status not in (
                RegistrationStatus.REGISTERED, RegistrationStatus.WAITING):
            raise DomainError(_("You are not registered for this training."))
        if session.starts_at <= timezone.now():
            raise DomainError(_("This training has started; you can no longer cancel."))
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        audit_log(actor=user, action="training.cancelled", target=session)
        _move_up(session)
        return registration


def training_record_attendance(*, session: TrainingSession, actor: User,
                               attended_ids: list[int]) -> dict:
    """The trainer (or agency staff) records who came; the others with a seat were absent."""
    if not can_record_attendance(actor, session):
        raise DomainError(_("Only the trainer and agency staff record attendance."))
    with transaction.atomic():
        session = _locked_session(session)
        if session.starts_at > timezone.now():
            raise DomainError(_("Record attendance once the training has started."))
        seated = list(session.registrations.select_for_update().filter(status__in=SEATED))
        known = {r.user_id for r in seated}
        attended = {int(pk) for pk in attended_ids}
        if attended - known:
            raise DomainError(_("Only people with a seat can be marked as present."))
        counts = {"attended": 0, "absent": 0}
        for registration in seated:
            status = RegistrationStatus.ATTENDED if registration.user_id in attended \
                else RegistrationStatus.ABSENT
            counts["attended" if status == RegistrationStatus.ATTENDED else "absent"] += 1
            if registration.status != status:
                registration.status = status
                registration.save(update_fields=["status", "updated_at"])
        audit_log(actor=actor, action="training.attendance_recorded", target=session,
                  data=counts)
        return counts


# --- Promptathons ------------------------------------------------------------------------

def promptathon_create(*, actor: User, title: str, held_on, submission_deadline: datetime,
                       voting_closes_at: datetime, team_size: int, challenges: list[str],
                       description: str = "") -> Promptathon:
    _require_agency(actor, _("Only agency staff organise promptathons."))
    challenges = [c.strip() for c in challenges if c and c.strip()]
    if not challenges:
        raise DomainError(_("A promptathon needs at least one challenge."))
    if not isinstance(team_size, int) or team_size < 1:
        raise DomainError(_("A team has at least one member."))
    if not submission_deadline or not voting_closes_at \
            or voting_closes_at <= submission_deadline:
        raise DomainError(_("Voting closes after the submission deadline."))
    with transaction.atomic():
        event = Promptathon(title=(title or "").strip(), description=(description or "").strip(),
                            held_on=held_on, submission_deadline=submission_deadline,
                            voting_closes_at=voting_closes_at, team_size=team_size,
                            created_by=actor)
        _clean(event)
        event.save()
        for order, text in enumerate(challenges, start=1):
            challenge = PromptathonChallenge(promptathon=event, order=order, title=text[:200])
            _clean(challenge)
            challenge.save()
        audit_log(actor=actor, action="promptathon.created", target=event,
                  data={"challenges": len(challenges)})
        teams_notify(event=TeamsEvent.PROMPTATHON_OPEN, key=str(event.pk),
                     card=lambda: teams_card(
                         title=_("Promptathon: %(title)s") % {"title": event.title},
                         text=_("Teams can sign up now."),
                         facts={_("Held on"): date_format(event.held_on),
                                _("Submit before"): date_format(
                                    timezone.localtime(event.submission_deadline),
                                    "DATETIME_FORMAT"),
                                _("Challenges"): len(challenges)},
                         url=event.get_absolute_url(), link_text=_("Sign up a team")))
        return event


def _locked_event(event: Promptathon) -> Promptathon:
    return Promptathon.objects.select_for_update().get(pk=event.pk)


def _require_open(event: Promptathon) -> None:
    if timezone.now() >= event.submission_deadline:
        raise DomainError(_("The submission deadline has passed; teams can no longer change."))


def team_create(*, promptathon: Promptathon, user: User, name: str) -> PromptathonTeam:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give your team a name."))
    with transaction.atomic():
        event = _locked_event(promptathon)
        _require_open(event)
        if TeamMembership.objects.filter(promptathon=event, user=user).exists():
            raise DomainError(_("You are already in a team for this promptathon."))
        if event.teams.filter(name__iexact=name).exists():
            raise DomainError(_("There is already a team with this name."))
        team = PromptathonTeam(promptathon=event, name=name)
        _clean(team)
        team.save()
        TeamMembership.objects.create(team=team, promptathon=event, user=user)
        audit_log(actor=user, action="promptathon.team_created", target=event,
                  data={"team": team.pk})
        return team


def team_join(*, team: PromptathonTeam, user: User) -> TeamMembership:
    with transaction.atomic():
        event = _locked_event(team.promptathon)
        _require_open(event)
        team = PromptathonTeam.objects.select_for_update().get(pk=team.pk)
        if TeamMembership.objects.filter(promptathon=event, user=user).exists():
            raise DomainError(_("You are already in a team for this promptathon."))
        if team.members.count() >= event.team_size:
            raise DomainError(ngettext("This team is full (%(size)s member).",
                                       "This team is full (%(size)s members).",
                                       event.team_size) % {"size": event.team_size})
        try:
            with transaction.atomic():
                membership = TeamMembership.objects.create(team=team, promptathon=event,
                                                           user=user)
        except IntegrityError:
            raise DomainError(_("You are already in a team for this promptathon.")) from None
        audit_log(actor=user, action="promptathon.team_joined", target=event,
                  data={"team": team.pk})
        return membership


def submission_save(*, challenge: PromptathonChallenge, user: User, prompt: str,
                    result: str) -> PromptathonSubmission:
    """A team's prompt and result for one challenge; changed freely until the deadline."""
    prompt, result = (prompt or "").strip(), (result or "").strip()
    if not prompt or not result:
        raise DomainError(_("Submit both the prompt and its result."))
    with transaction.atomic():
        event = _locked_event(challenge.promptathon)
        if timezone.now() >= event.submission_deadline:
            raise DomainError(_("The submission deadline has passed."))
        membership = TeamMembership.objects.filter(promptathon=event, user=user).first()
        if membership is None:
            raise DomainError(_("Join or form a team before you submit."))
        submission = PromptathonSubmission.objects.select_for_update().filter(
            team_id=membership.team_id, challenge=challenge).first() \
            or PromptathonSubmission(team_id=membership.team_id, challenge=challenge)
        submission.prompt, submission.result, submission.submitted_by = prompt, result, user
        _clean(submission)
        submission.save()
        audit_log(actor=user, action="promptathon.submitted", target=event,
                  data={"challenge": challenge.pk, "team": membership.team_id})
        return submission


def vote_cast(*, submission: PromptathonSubmission, user: User) -> PromptathonVote:
    challenge = submission.challenge
    event = challenge.promptathon
    now = timezone.now()
    if now < event.submission_deadline:
        raise DomainError(_("Voting opens when the submission deadline has passed."))
    if now >= event.voting_closes_at:
        raise DomainError(_("Voting has closed."))
    if TeamMembership.objects.filter(team_id=submission.team_id, user=user).exists():
        raise DomainError(_("You cannot vote for your own team."))
    try:
        with transaction.atomic():
            vote = PromptathonVote.objects.create(challenge=challenge, submission=submission,
                                                  user=user)
            audit_log(actor=user, action="promptathon.voted", target=event,
                      data={"challenge": challenge.pk})
    except IntegrityError:
        raise DomainError(_("You have already voted on this challenge.")) from None
    return vote


def winners_publish(*, promptathon: Promptathon, actor: User, winners) -> list:
    """Put the winning prompts in the prompt library in one action; a second run adds nothing.

    `winners` are the winning submissions (selectors.promptathon_results)."""
    _require_agency(actor, _("Only agency staff publish the winning prompts."))
    with transaction.atomic():
        event = _locked_event(promptathon)
        if timezone.now() < event.voting_closes_at:
            raise DomainError(_("Publish the winners after voting has closed."))
        published = []
        for submission in winners:
            submission = PromptathonSubmission.objects.select_for_update().select_related(
                "challenge", "team", "submitted_by").get(pk=submission.pk)
            if submission.published_prompt_id:
                continue
            prompt = prompt_create(
                author=submission.submitted_by, publish=True, visibility=Visibility.EVERYONE,
                title=_("%(challenge)s (winner %(event)s)") % {
                    "challenge": submission.challenge.title, "event": event.title},
                text=submission.prompt)
            submission.published_prompt = prompt
            submission.save(update_fields=["published_prompt"])
            published.append(prompt)
        if not published:
            raise DomainError(_("The winning prompts are already in the prompt library."))
        audit_log(actor=actor, action="promptathon.winners_published", target=event,
                  data={"prompts": [p.pk for p in published]})
        return published


# --- Key users ---------------------------------------------------------------------------

def key_user_appoint(*, actor: User, user: User, expertise: str) -> KeyUserProfile:
    _require_agency(actor, _("Only agency staff appoint key users."))
    expertise = (expertise or "").strip()
    if not expertise:
        raise DomainError(_("Describe what the key user can help with."))
    if not user.is_active:
        raise DomainError(_("This employee is no longer active."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        profile, _created = KeyUserProfile.objects.get_or_create(
            user=user, defaults={"expertise": expertise[:300], "appointed_by": actor})
        profile.expertise = expertise[:300]
        profile.save(update_fields=["expertise"])
        if not user.is_key_user:
            user.is_key_user = True
            user.save(update_fields=["is_key_user"])
        audit_log(actor=actor, action="key_user.appointed", target=user,
                  data={"expertise": profile.expertise})
        return profile


def key_user_dismiss(*, actor: User, user: User) -> None:
    _require_agency(actor, _("Only agency staff appoint key users."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_key_user:
            raise DomainError(_("This employee is not a key user."))
        user.is_key_user = False
        user.save(update_fields=["is_key_user"])
        KeyUserProfile.objects.filter(user=user).delete()
        audit_log(actor=actor, action="key_user.dismissed", target=user)


# --- Toolkit pages -----------------------------------------------------------------------

def toolkit_page_save(*, actor: User, section: str, title: str, body: str, order: int = 0,
                      page: ToolkitPage | None = None) -> ToolkitPage:
    _require_agency(actor, _("Only agency staff maintain the toolkit."))
    title = (title or "").strip()
    if not title or not (body or "").strip() or not (section or "").strip():
        raise DomainError(_("A toolkit page needs a section, a title and a text."))
    with transaction.atomic():
        clash = ToolkitPage.objects.filter(title__iexact=title)
        if page is not None:
            clash = clash.exclude(pk=page.pk)
        if clash.exists():
            raise DomainError(_("A toolkit page with this title exists already."))
        page = page or ToolkitPage()
        page.section, page.title, page.body = section.strip(), title, body.strip()
        page.order, page.updated_by = order or 0, actor
        _clean(page)
        page.save()
        audit_log(actor=actor, action="toolkit.page_saved", target=page)
        return page
