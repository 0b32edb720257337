"""Trainings and AI literacy, promptathons, key users and the toolkit.

The tables keep the names they had in the community app (`db_table`): migration 0001 took the
models over in Django's state only, so no row moved."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.models import Prompt
from journeys.constants import Tool
from reisbureau.constants import Role
from reisbureau.models import FunctionGroup, Persona
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, PROMPT, SHORT_TEXT, limited

from .constants import RegistrationStatus, TrainingKind


# --- Learning: trainings and AI literacy -------------------------------------------------

class Training(models.Model):
    """A training as it is offered again and again ("Introductie AI"); each time it is held is
    a TrainingSession. A training may target a persona or a standard journey: travellers with
    that persona or on that journey get its sessions suggested first."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(_("kind of training"), max_length=20, choices=TrainingKind.choices,
                            default=TrainingKind.INTRODUCTION)
    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices, blank=True)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))
    persona = models.ForeignKey(Persona, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="trainings", verbose_name=_("for persona"))
    standard_journey = models.ForeignKey(
        "journeys.StandardJourney", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="trainings", verbose_name=_("for standard journey"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class LiteracyRequirement(models.Model):
    """AI Act Art. 4: the literacy a role and/or function group must have. Everyone holding the
    role (and, when set, in the function group) must have attended every required training,
    and again after `renewal_months` when that is set."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    function_group = models.ForeignKey(
        FunctionGroup, null=True, blank=True, on_delete=models.CASCADE,
        related_name="literacy_requirements", verbose_name=_("function group"))
    trainings = models.ManyToManyField(Training, related_name="requirements",
                                       verbose_name=_("required trainings"))
    renewal_months = models.PositiveSmallIntegerField(
        _("renew after (months)"), null=True, blank=True,
        help_text=_("Empty: the training never expires."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("literacy requirement")
        verbose_name_plural = _("literacy requirements")
        ordering = ["role", "function_group__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="") | models.Q(function_group__isnull=False),
                name="literacy_requirement_has_target"),
            models.CheckConstraint(
                condition=models.Q(renewal_months__isnull=True)
                | models.Q(renewal_months__gte=1, renewal_months__lte=120),
                name="literacy_requirement_renewal_range"),
        ]

    def __str__(self):
        parts = [str(self.get_role_display()) if self.role else "",
                 str(self.function_group) if self.function_group_id else ""]
        return " · ".join(p for p in parts if p)


class TrainingSession(models.Model):
    training = models.ForeignKey(Training, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="sessions", verbose_name=_("training"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of training"), max_length=20, choices=TrainingKind.choices,
                            default=TrainingKind.INTRODUCTION)
    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices, blank=True)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats"))
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="trainings_given", verbose_name=_("trainer"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_trainingsession"
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="training_seats_min"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="training_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:training_detail", args=[self.pk])


class TrainingRegistration(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="training_registrations", verbose_name=_("employee"))
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.REGISTERED, db_index=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "community_trainingregistration"
        verbose_name = _("training registration")
        verbose_name_plural = _("training registrations")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"],
                                               name="training_registration_unique")]

    def __str__(self):
        return f"{self.user} – {self.session}"


# --- Learning: promptathons --------------------------------------------------------------

class Promptathon(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))
    held_on = models.DateField(_("date"))
    submission_deadline = models.DateTimeField(_("submissions close at"))
    voting_closes_at = models.DateTimeField(_("voting closes at"))
    team_size = models.PositiveSmallIntegerField(_("team size"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("organiser"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_promptathon"
        verbose_name = _("promptathon")
        verbose_name_plural = _("promptathons")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(team_size__gte=1),
                                   name="promptathon_team_size_min"),
            models.CheckConstraint(
                condition=models.Q(voting_closes_at__gt=models.F("submission_deadline")),
                name="promptathon_voting_after_deadline"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:promptathon_detail", args=[self.pk])


class PromptathonChallenge(models.Model):
    promptathon = models.ForeignKey(Promptathon, on_delete=models.CASCADE,
                                    related_name="challenges")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("challenge"), max_length=200)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))

    class Meta:
        db_table = "community_promptathonchallenge"
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class PromptathonTeam(models.Model):
    promptathon = models.ForeignKey(Promptathon, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_promptathonteam"
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["promptathon", "name"],
                                               name="promptathon_team_name_unique")]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    """One team per traveller per promptathon (the promptathon is repeated for the constraint)."""

    team = models.ForeignKey(PromptathonTeam, on_delete=models.CASCADE, related_name="members")
    promptathon = models.ForeignKey(Promptathon, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="promptathon_teams")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_teammembership"
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["promptathon", "user"],
                                               name="promptathon_member_unique")]

    def __str__(self):
        return f"{self.user} – {self.team}"


class PromptathonSubmission(models.Model):
    team = models.ForeignKey(PromptathonTeam, on_delete=models.CASCADE,
                             related_name="submissions")
    challenge = models.ForeignKey(PromptathonChallenge, on_delete=models.CASCADE,
                                  related_name="submissions")
    prompt = models.TextField(_("prompt"), **limited(PROMPT))
    result = models.TextField(_("result"), **limited(PROMPT))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)
    published_prompt = models.ForeignKey(Prompt, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "community_promptathonsubmission"
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["challenge__order", "team__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "challenge"],
                                               name="promptathon_submission_unique")]

    def __str__(self):
        return f"{self.team} – {self.challenge}"


class PromptathonVote(models.Model):
    challenge = models.ForeignKey(PromptathonChallenge, on_delete=models.CASCADE,
                                  related_name="votes")
    submission = models.ForeignKey(PromptathonSubmission, on_delete=models.CASCADE,
                                   related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="promptathon_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_promptathonvote"
        constraints = [models.UniqueConstraint(fields=["challenge", "user"],
                                               name="promptathon_vote_unique")]

    def __str__(self):
        return f"{self.user} → {self.submission}"


# --- Learning: key users and the toolkit -------------------------------------------------

class KeyUserProfile(models.Model):
    """What a key user (ambassador) can help with; `User.is_key_user` is the appointment."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="key_user_profile")
    expertise = models.CharField(_("expertise"), max_length=300)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    appointed_at = models.DateTimeField(_("appointed at"), auto_now_add=True)

    class Meta:
        db_table = "community_keyuserprofile"
        verbose_name = _("key user")
        verbose_name_plural = _("key users")

    def __str__(self):
        return str(self.user)


class ToolkitPage(models.Model):
    section = models.CharField(_("section"), max_length=100)
    title = models.CharField(_("title"), max_length=200, unique=True)
    body = models.TextField(_("text"),
                            help_text=_("Markdown: headings, lists, links."), **limited(LONG_TEXT))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "community_toolkitpage"
        verbose_name = _("toolkit page")
        verbose_name_plural = _("toolkit pages")
        ordering = ["section", "order", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:toolkit_page", args=[self.pk])

    @property
    def body_html(self):
        from reisbureau.markdown import render_markdown

        return render_markdown(self.body)


class PackItem(models.Model):
    """What a toolkit pack loaded, per item: the pack's stable key and a hash of the content as
    it was written, so a newer pack version updates only what nobody here has edited since."""

    kind = models.CharField(_("kind"), max_length=30)
    key = models.SlugField(_("key"), max_length=100)
    object_id = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    pack = models.CharField(_("pack"), max_length=100, blank=True)
    pack_version = models.PositiveIntegerField(_("pack version"), default=0)
    source = models.TextField(_("source"), blank=True, **limited(SHORT_TEXT))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("pack item")
        verbose_name_plural = _("pack items")
        constraints = [models.UniqueConstraint(fields=["kind", "key"],
                                               name="learning_pack_item_unique")]
        indexes = [models.Index(fields=["kind", "object_id"], name="learning_pack_item_object")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
