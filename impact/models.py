from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from journeys.constants import MAX_MINUTES_PER_WEEK
from reisbureau.models import Department, FunctionGroup, Persona
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, limited

from .constants import (
    ImportFormat,
    ImportMode,
    ImportSource,
    ImportStatus,
    InterviewTheme,
    ObjectionKind,
    ObjectionStatus,
    QuestionKind,
    SurveyWave,
)


class TimeSaving(models.Model):
    """Minutes a traveller saved on one of their journey tasks on one day."""

    traveller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="time_savings", verbose_name=_("traveller"))
    task = models.ForeignKey("journeys.JourneyTask", on_delete=models.CASCADE,
                             related_name="time_savings", verbose_name=_("task"))
    date = models.DateField(_("date"))
    week_start = models.DateField(editable=False)
    minutes = models.PositiveIntegerField(
        _("minutes saved"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_WEEK)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("time saving")
        verbose_name_plural = _("time savings")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["week_start"], name="timesaving_week_idx"),
            models.Index(fields=["traveller", "date"], name="timesaving_traveller_idx"),
            models.Index(fields=["date"], name="timesaving_date_idx"),
        ]

    def __str__(self):
        return f"{self.date} {self.minutes} min"


class RollupDirtyWeek(models.Model):
    """A week whose roll-up must be rebuilt because an entry in it changed."""

    week_start = models.DateField(unique=True)


class WeeklyRollup(models.Model):
    """Minutes saved per week, department and function group (persona NULL: all employees;
    persona set: the employees with that persona). Kept by a scheduled job."""

    week_start = models.DateField(db_index=True)
    department = models.ForeignKey(Department, null=True, on_delete=models.CASCADE,
                                   related_name="+")
    function_group = models.ForeignKey(FunctionGroup, null=True, on_delete=models.CASCADE,
                                       related_name="+")
    persona = models.ForeignKey(Persona, null=True, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveBigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)
    travellers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["persona", "week_start"], name="rollup_persona_idx")]

    def __str__(self):
        return f"{self.week_start}: {self.minutes}"


class RollupDirtyMonth(models.Model):
    """A calendar month whose activity roll-up must be rebuilt (time logged or usage imported)."""

    month = models.DateField(unique=True)


class UserMonthActivity(models.Model):
    """Per employee and calendar month: the last day with imported AI usage and the last day
    with time saved logged. Kept by the roll-up job; "active in the last 28 days" reads this
    (at most employees × 2 rows) instead of millions of entries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    month = models.DateField()
    last_usage_day = models.DateField(null=True, blank=True)
    last_log_day = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "user"],
                                               name="user_month_activity_unique")]


class MonthlyActivityRollup(models.Model):
    """Distinct active employees per month, department and function group (persona NULL: all;
    persona set: the employees with that persona), by source. Kept by the roll-up job."""

    month = models.DateField(db_index=True)
    department = models.ForeignKey(Department, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    function_group = models.ForeignKey(FunctionGroup, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="+")
    persona = models.ForeignKey(Persona, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    usage_users = models.PositiveIntegerField(default=0)
    loggers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["persona", "month"], name="activity_persona_idx")]


class RollupRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    weeks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, **limited(DESCRIPTION))
    is_default = models.BooleanField(_("default AI sentiment survey"), default=False)
    is_open = models.BooleanField(_("open to every traveller"), default=False, help_text=_(
        "Travellers find it under their surveys and may answer it once."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-is_default", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["is_default"],
                                               condition=models.Q(is_default=True),
                                               name="survey_one_default")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impact:survey_detail", args=[self.pk])


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class SurveyInvitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    traveller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="survey_invitations")
    journey = models.ForeignKey("journeys.Journey", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    wave = models.CharField(max_length=10, choices=SurveyWave.choices)
    sent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "traveller", "journey", "wave"],
                                               name="survey_invitation_unique")]

    def __str__(self):
        return f"{self.survey} – {self.get_wave_display()}"


class SurveyResponse(models.Model):
    """One filled-in survey. The respondent is stored so they can see their own answers and
    answer once; no view shows it to anyone else, and results are aggregates only."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="survey_responses")
    invitation = models.OneToOneField(SurveyInvitation, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="response")
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return str(self.survey)


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE,
                                 related_name="answers")
    scale_value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, **limited(DESCRIPTION))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="survey_answer_unique")]


class Interview(models.Model):
    """Notes of a workplace interview. Only advisers and agency staff see them."""

    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("interviewer"))
    held_on = models.DateField(_("held on"))
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("department"))
    function_group = models.ForeignKey(FunctionGroup, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("function group"))
    subject = models.CharField(_("workplace or team"), max_length=200)
    themes = models.JSONField(_("themes"), default=list)
    notes = models.TextField(_("notes"), **limited(LONG_TEXT))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workplace interview")
        verbose_name_plural = _("workplace interviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.subject} ({self.held_on})"

    @property
    def theme_labels(self):
        labels = dict(InterviewTheme.choices)
        return [labels.get(t, t) for t in self.themes]


class Objection(models.Model):
    """A legal or ethical objection against a task, prompt or post (generic target)."""

    target_kind = models.CharField(_("about"), max_length=30)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("about"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=ObjectionKind.choices)
    description = models.TextField(_("objection"), **limited(DESCRIPTION))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="objections", verbose_name=_("raised by"))
    status = models.CharField(_("status"), max_length=20, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN, db_index=True)
    answer = models.TextField(_("answer"), blank=True, **limited(DESCRIPTION))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("handled by"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="objection_target_idx")]

    def __str__(self):
        return self.target_label

    def get_absolute_url(self):
        return reverse("impact:objection_detail", args=[self.pk])


class UsageImport(models.Model):
    # Empty for the scheduled import from Microsoft Graph (impact/graph_usage.py).
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices,
                              default=ImportSource.UPLOAD)
    # Blank once the import is finished: the stored upload is deleted then (AVG).
    file = models.FileField(upload_to="impact/imports/", blank=True)
    filename = models.CharField(_("file"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    mode = models.CharField(_("when rows have errors"), max_length=20,
                            choices=ImportMode.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_records = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # Counted when an import is done (NULL: an import from before they were counted). Rows read
    # (total_rows) = imported + already present + with errors (error_count) + without activity.
    rows_imported = models.PositiveIntegerField(null=True, blank=True)
    rows_present = models.PositiveIntegerField(null=True, blank=True)
    rows_without_activity = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Restartable runs (impact/importer.py): the job reached the broker at `queued_at`; a worker
    # claimed it at `started_at` (also the token of that run) and proves it is alive by
    # `heartbeat_at`; a run without a heartbeat for IMPORT_LEASE_SECONDS is taken over.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The error list (it names e-mail addresses) is removed by the retention job.
    errors_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("usage import")
        verbose_name_plural = _("usage imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("impact:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.SAVING)

    @property
    def is_stalled(self) -> bool:
        """A run whose worker stopped giving signs of life: the sweep takes it over."""
        if not self.is_running:
            return False
        lease = timedelta(seconds=settings.REISBUREAU["IMPORT_LEASE_SECONDS"])
        return self.heartbeat_at is None or self.heartbeat_at < timezone.now() - lease

    @property
    def is_queued(self) -> bool:
        """Uploaded, not yet picked up by a worker."""
        return self.status == ImportStatus.PENDING

    @property
    def state_display(self) -> str:
        if self.is_queued:
            return gettext("Waiting to be processed")
        if self.is_stalled:
            return gettext("Interrupted, will be resumed")
        return self.get_status_display()

    @property
    def can_retry(self) -> bool:
        """Staff may start it again: it failed (and the file is still there) or it stalled."""
        return bool(self.file) and (self.status == ImportStatus.FAILED or self.is_stalled)

    @property
    def row_errors(self) -> list:
        return [e for e in self.errors if not e.get("note")]

    @property
    def row_notes(self) -> list:
        """Remarks on rows that were imported (e.g. an employee on two rows of an export)."""
        return [e for e in self.errors if e.get("note")]

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, round(100 * self.processed_rows / self.total_rows))


class UsageRecord(models.Model):
    """An employee used an AI tool on a day (from an import)."""

    usage_import = models.ForeignKey(UsageImport, on_delete=models.CASCADE,
                                     related_name="records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="ai_usage")
    date = models.DateField()
    tool = models.CharField(max_length=80)
    actions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "date", "tool"],
                                               name="usage_record_unique")]
        indexes = [models.Index(fields=["date"], name="usage_date_idx")]

    def __str__(self):
        return f"{self.user_id} {self.date} {self.tool}"


class ProgressReport(models.Model):
    """A progress report on the four steps for the College and the Raad, as published for a
    period: the figures are frozen at publication (aggregates only, no person's name) and
    never recomputed, so a later report can be compared with it."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    # Who published it is for the audit trail; the report itself never shows a name.
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        ordering = ["-period_end", "-published_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(
            condition=models.Q(period_end__gte=models.F("period_start")),
            name="progress_report_period_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impact:progress_report_detail", kwargs={"pk": self.pk})
