from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journeys.constants import Tool
from reisbureau.constants import choice_label
from reisbureau.textlimits import DESCRIPTION, SHORT_TEXT, limited

from . import aiact
from .constants import (
    AiActCategory,
    AssessmentKind,
    AssessmentStatus,
    Decision,
    Device,
    Hosting,
    ProposalStatus,
    RiskLevel,
    Specialism,
    SubmissionReason,
    SubmissionStatus,
)


class Measure(models.Model):
    """A condition under which a task may run, picked from the catalogue by officers."""

    title = models.CharField(_("measure"), max_length=200, unique=True)
    description = models.TextField(_("explanation"), blank=True, **limited(DESCRIPTION))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measure catalogue")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ExclusionRule(models.Model):
    """A kind of task never allowed. It matches when all its conditions hold."""

    title = models.CharField(_("exclusion rule"), max_length=200, unique=True)
    description = models.TextField(_("explanation"), blank=True, **limited(DESCRIPTION))
    when_social_domain = models.BooleanField(_("when the task is in the social domain"),
                                             default=False)
    when_special_categories = models.BooleanField(
        _("when special categories of personal data or the BSN are involved"), default=False)
    when_affects_decisions = models.BooleanField(
        _("when the output affects decisions about people"), default=False)
    when_private_device = models.BooleanField(_("when a private device may be used"),
                                              default=False)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True,
        help_text=_("Comma-separated. The rule matches only when one of them is in the task's "
                    "description (leave empty to match on the conditions alone)."))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exclusion rule")
        verbose_name_plural = _("exclusion rules")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.split(",") if k.strip()]


class CustomsSession(models.Model):
    """A biweekly customs session (douanezitting)."""

    date = models.DateField(_("date"), unique=True)
    reminded_at = models.DateTimeField(_("officers reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("customs session")
        verbose_name_plural = _("customs sessions")
        ordering = ["date"]

    def __str__(self):
        return str(_("Customs session of %(date)s") % {"date": self.date.strftime("%d-%m-%Y")})

    def get_absolute_url(self):
        return reverse("customs:session_detail", args=[self.pk])


class Submission(models.Model):
    """A task as submitted to customs: a snapshot of the task and the adviser's answers."""

    task = models.ForeignKey("journeys.JourneyTask", on_delete=models.PROTECT,
                             related_name="customs_submissions", verbose_name=_("task"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=SubmissionReason.choices,
                              default=SubmissionReason.NEW)
    # Why a task in use came back (the objection, the rule, the weeks without saving).
    reason_detail = models.CharField(_("why it came back"), max_length=300, blank=True)
    snapshot = models.JSONField(_("the task as submitted"), default=dict)
    session = models.ForeignKey(CustomsSession, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="submissions",
                                verbose_name=_("customs session"))
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.OPEN, db_index=True)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    carried_over = models.PositiveSmallIntegerField(_("times carried over"), default=0)

    # The questionnaire (pre-scan DPIA and AI Act decision aid)
    personal_data = models.BooleanField(_("personal data"), default=False)
    special_categories = models.BooleanField(_("special categories or BSN"), default=False)
    data_subjects = models.JSONField(_("data subjects"), default=list, blank=True)
    social_domain = models.BooleanField(_("social domain"), default=False)
    affects_decisions = models.BooleanField(_("affects decisions about people"), default=False)
    output_to_citizens = models.BooleanField(_("output reaches citizens"), default=False)
    profiling = models.BooleanField(_("scores, profiles or reads emotions"), default=False)
    device = models.CharField(_("device"), max_length=20, choices=Device.choices,
                              default=Device.MUNICIPAL)
    hosting = models.CharField(_("where the tool runs and stores data"), max_length=20,
                               choices=Hosting.choices, default=Hosting.EEA)
    human_check = models.BooleanField(_("output checked by a person"), default=True)
    # The AI Act decision aid (customs.aiact_questions): question id -> answer id(s). Empty
    # for submissions from before it.
    ai_act_answers = models.JSONField(_("answers to the AI Act decision aid"), default=dict,
                                      blank=True)

    # The proposal computed from the answers
    proposed_risk = models.CharField(_("proposed risk level"), max_length=20,
                                     choices=RiskLevel.choices, default=RiskLevel.LOW)
    dpia_needed = models.BooleanField(_("DPIA needed"), default=False)
    proposed_ai_act = models.CharField(_("proposed AI Act category"), max_length=20,
                                       choices=AiActCategory.choices,
                                       default=AiActCategory.MINIMAL)
    proposal = models.JSONField(_("reasons of the proposal"), default=dict, blank=True)
    # customs.aiact.Outcome.as_dict(): category, roles, reasons and duties with articles.
    ai_act_outcome = models.JSONField(_("AI Act outcome"), default=dict, blank=True)
    matched_rules = models.ManyToManyField(ExclusionRule, blank=True, related_name="+",
                                           verbose_name=_("matching exclusion rules"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # At most one open submission per task: a second submit (double click, parallel
            # job) fails instead of queuing the task twice.
            models.UniqueConstraint(fields=["task"], condition=models.Q(status="open"),
                                    name="customs_one_open_submission_per_task"),
        ]
        indexes = [
            # The queue: open items, overdue first, oldest first (selectors.queue).
            models.Index(fields=["-is_overdue", "submitted_at", "id"],
                         condition=models.Q(status="open"), name="submission_queue_idx"),
            # A session's agenda in its order (selectors.session_agenda).
            models.Index(fields=["session", "status", "-is_overdue", "submitted_at", "id"],
                         name="submission_agenda_idx"),
        ]

    def __str__(self):
        return self.snapshot.get("work_task") or str(self.task_id)

    def get_absolute_url(self):
        return reverse("customs:submission_detail", args=[self.pk])

    # The labels the queue and the agenda show on every row (reisbureau.constants.choice_label).
    @property
    def risk_label(self):
        return choice_label(RiskLevel, self.proposed_risk)

    @property
    def ai_act_label(self):
        return choice_label(AiActCategory, self.proposed_ai_act)

    @property
    def reason_label(self):
        return choice_label(SubmissionReason, self.reason)

    @property
    def ai_act_refusal(self) -> str | None:
        """Why no officer can clear this submission (a prohibited AI practice), or None."""
        return aiact.clearance_refusal(self)

    @property
    def ai_act_answer_rows(self) -> list:
        return aiact.answer_rows(self.ai_act_answers)

    @property
    def ai_act_articles(self) -> str:
        """The articles behind the AI Act outcome, for the decision history."""
        return ", ".join(dict.fromkeys(
            r["article"] for r in (self.ai_act_outcome or {}).get("reasons", [])
            if r.get("article")))


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("A customs decision is never changed; record a new one."))

    def delete(self):
        raise ValidationError(_("A customs decision is never changed; record a new one."))


class CustomsDecision(models.Model):
    """Append-only: a new decision supersedes the old; neither is edited or deleted."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT,
                                      related_name="decision", verbose_name=_("submission"))
    task = models.ForeignKey("journeys.JourneyTask", on_delete=models.PROTECT,
                             related_name="customs_decisions", verbose_name=_("task"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("officer"))
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    rationale = models.TextField(_("rationale"), blank=True, **limited(DESCRIPTION))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, db_index=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by",
                                      verbose_name=_("supersedes"))
    tool = models.CharField(_("tool at decision time"), max_length=30, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("customs decision")
        verbose_name_plural = _("customs decisions")
        ordering = ["-decided_at", "-pk"]
        # "The latest decision of this task" (history, register, re-review) is a top-1 read.
        indexes = [models.Index(fields=["task", "-decided_at", "-id"],
                                name="decision_task_latest_idx")]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.submission}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A customs decision is never changed; record a new one."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A customs decision is never changed; record a new one."))


class ToolChange(models.Model):
    """An officer's note that an AI tool itself changed (a new model, new data handling, new
    terms): every task in use with that tool goes back to customs (step 4 of the seed)."""

    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices)
    description = models.TextField(_("what changed"), **limited(SHORT_TEXT))
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("announced by"))
    announced_at = models.DateTimeField(_("announced at"), auto_now_add=True, db_index=True)
    tasks_queued = models.PositiveIntegerField(_("tasks sent back to customs"), default=0)

    class Meta:
        verbose_name = _("tool change")
        verbose_name_plural = _("tool changes")
        ordering = ["-announced_at", "-pk"]

    def __str__(self):
        return f"{self.tool} ({self.announced_at:%Y-%m-%d})"


class OfficerProfile(models.Model):
    """What customs knows about one officer: the specialism the step plan names them for.
    Set by agency staff in the admin; the role itself stays the core's."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="officer_profile", verbose_name=_("officer"))
    specialism = models.CharField(_("specialism"), max_length=20, choices=Specialism.choices)

    class Meta:
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")
        ordering = ["user__email"]

    def __str__(self):
        return f"{self.user}: {self.get_specialism_display()}"


class ImpactAssessment(models.Model):
    """A DPIA or an IAMA the proposal of a submission asks for: tracked work, not a flag.
    Clearing the task waits until it is done or recorded as not needed, with the reason."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT,
                                   related_name="assessments", verbose_name=_("submission"))
    task = models.ForeignKey("journeys.JourneyTask", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("task"))
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))
    status = models.CharField(_("status"), max_length=20, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.TO_DO)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    reference = models.CharField(_("document (link or document number)"), max_length=500,
                                 blank=True)
    not_needed_reason = models.TextField(_("why it is not needed"), blank=True,
                                         **limited(SHORT_TEXT))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        ordering = ["submission_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["submission", "kind"],
                                               name="customs_one_assessment_per_kind")]
        indexes = [models.Index(fields=["status", "due_date"], name="assessment_open_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.submission}"

    @property
    def is_settled(self) -> bool:
        return self.status in (AssessmentStatus.DONE, AssessmentStatus.NOT_NEEDED)

    def get_absolute_url(self):
        return reverse("customs:assessment", args=[self.pk])


class DecisionProposal(models.Model):
    """Four eyes on a high-risk task: the first officer's decision, waiting for an officer of
    the other specialism to confirm it (then the CustomsDecision is written) or object."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT,
                                   related_name="proposals", verbose_name=_("submission"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("proposed by"))
    specialism = models.CharField(_("specialism"), max_length=20, choices=Specialism.choices)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    rationale = models.TextField(_("rationale"), blank=True, **limited(DESCRIPTION))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("second officer"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    objection = models.TextField(_("objection"), blank=True, **limited(SHORT_TEXT))
    result = models.OneToOneField(CustomsDecision, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="proposal",
                                  verbose_name=_("decision"))

    class Meta:
        verbose_name = _("decision proposal")
        verbose_name_plural = _("decision proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["submission"], condition=models.Q(status="pending"),
            name="customs_one_pending_proposal_per_submission")]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.submission}"
