from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reisbureau.models import FunctionGroup, Persona
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, PROMPT, SHORT_TEXT, limited

from .constants import (
    MAX_MINUTES_PER_WEEK,
    Frequency,
    JourneyStatus,
    RequestStatus,
    StandardJourneyKind,
    TaskKind,
    TaskStatus,
    Outcome,
    Tool,
    Verdict,
)

MINUTES_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_WEEK)]
SAVED_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_MINUTES_PER_WEEK)]


class InventoryEntry(models.Model):
    """A daily task that costs an employee much time: the raw material of journeys."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inventory_entries",
        verbose_name=_("employee"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    minutes_per_week = models.PositiveIntegerField(
        _("minutes a week it takes now"), validators=MINUTES_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    data_touched = models.TextField(_("data it touches"), blank=True, **limited(SHORT_TEXT))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    converted_task = models.ForeignKey(
        "JourneyTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("task on a journey"),
    )

    class Meta:
        verbose_name = _("time-eater")
        verbose_name_plural = _("task inventory")
        ordering = ["-minutes_per_week", "-pk"]
        # The inventory page lists the biggest time-eaters first (selectors.inventory_list).
        indexes = [models.Index(fields=["-minutes_per_week", "-created_at", "-id"],
                                name="inventory_biggest_first_idx")]

    def __str__(self):
        return self.title


class StandardJourney(models.Model):
    """A reusable journey template per persona: a short excursion or a full journey."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, **limited(DESCRIPTION))
    kind = models.CharField(_("kind"), max_length=20, choices=StandardJourneyKind.choices,
                            default=StandardJourneyKind.EXCURSION)
    personas = models.ManyToManyField(Persona, blank=True, related_name="standard_journeys",
                                      verbose_name=_("personas"))
    function_groups = models.ManyToManyField(
        FunctionGroup, blank=True, related_name="standard_journeys",
        verbose_name=_("function groups"))
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standard journey")
        verbose_name_plural = _("standard journeys")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journeys:standard_detail", args=[self.pk])


class StandardTask(models.Model):
    standard_journey = models.ForeignKey(StandardJourney, on_delete=models.CASCADE,
                                         related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    work_task = models.CharField(_("work task"), max_length=200)
    approach = models.TextField(_("approach"), blank=True, **limited(DESCRIPTION))
    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices, default=Tool.CHAT)
    prompts = models.TextField(_("prompts"), blank=True, **limited(PROMPT))
    expected_minutes_saved = models.PositiveIntegerField(
        _("expected minutes saved a week"), default=0, validators=SAVED_VALIDATORS)

    class Meta:
        verbose_name = _("standard task")
        verbose_name_plural = _("standard tasks")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.work_task


class Journey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True, **limited(DESCRIPTION))
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advised_journeys",
        verbose_name=_("travel adviser"),
    )
    travellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="JourneyTraveller", related_name="journeys",
        verbose_name=_("travellers"),
    )
    is_open = models.BooleanField(_("open group journey"), default=False, help_text=_(
        "Travellers can join this journey themselves."))
    seats = models.PositiveSmallIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1),
                                                       MaxValueValidator(500)])
    status = models.CharField(_("status"), max_length=20, choices=JourneyStatus.choices,
                              default=JourneyStatus.PLANNING, db_index=True)
    started_at = models.DateField(_("started on"), null=True, blank=True)
    standard_journey = models.ForeignKey(
        StandardJourney, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="journeys", verbose_name=_("standard journey"),
    )
    # The customs passport (douanepaspoort) of a standard journey: a journey without
    # travellers the agency keeps so customs clears the standard's tasks once, through the
    # ordinary submission and decision. Journeys copied from the standard run under it.
    passport_for = models.OneToOneField(
        StandardJourney, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="passport_journey", verbose_name=_("customs passport of"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journeys:detail", args=[self.pk])


class JourneyTraveller(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="memberships")
    traveller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="journey_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traveller on a journey")
        verbose_name_plural = _("travellers on journeys")
        constraints = [models.UniqueConstraint(fields=["journey", "traveller"],
                                               name="journey_traveller_unique")]

    def __str__(self):
        return f"{self.traveller} – {self.journey}"


class JourneyTask(models.Model):
    """One daily work task turned into an AI application."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    work_task = models.CharField(_("work task"), max_length=200)
    approach = models.TextField(_("approach"), blank=True, **limited(DESCRIPTION))
    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices, default=Tool.CHAT)
    tool_other = models.CharField(_("other approved tool"), max_length=120, blank=True)
    prompts = models.TextField(_("prompts"), blank=True, **limited(PROMPT))
    data_involved = models.TextField(_("data involved"), blank=True, **limited(SHORT_TEXT))
    expected_minutes_saved = models.PositiveIntegerField(
        _("expected minutes saved a week"), default=0, validators=SAVED_VALIDATORS)
    baseline_minutes = models.PositiveIntegerField(
        _("minutes a week it takes now"), null=True, blank=True, validators=SAVED_VALIDATORS)
    status = models.CharField(_("status"), max_length=30, choices=TaskStatus.choices,
                              default=TaskStatus.DRAFT, db_index=True)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    clearance_rationale = models.TextField(_("rationale of customs"), blank=True,
                                           **limited(DESCRIPTION))
    cleared_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A dropped task customs offers for a new test because its tool changed (what changed),
    # until the adviser or a traveller reopens it.
    retest_offer = models.CharField(_("offered for a new test because"), max_length=300,
                                    blank=True)
    retest_offered_at = models.DateTimeField(_("offered for a new test at"), null=True,
                                             blank=True)
    inventory_entry = models.ForeignKey(
        InventoryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
        verbose_name=_("time-eater"),
    )
    # Set while the task runs under the clearance customs gave its standard journey once
    # (the passport's task with the same judged content): its status, measures and rationale
    # follow that task's decisions, and customs reviews the standard, not this copy.
    cleared_under = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT,
        related_name="passport_dependents", verbose_name=_("cleared under the passport task"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["order", "pk"]
        # The prompt library hides prompts on excluded tasks: a subquery over the few excluded
        # tasks, which without this index scans every task (twice per search: the count and
        # the page).
        indexes = [models.Index(fields=["id"], condition=models.Q(status=TaskStatus.EXCLUDED),
                                name="task_excluded_idx")]

    def __str__(self):
        return self.work_task

    def get_absolute_url(self):
        return f"{self.journey.get_absolute_url()}#taak-{self.pk}"

    @property
    def tool_label(self) -> str:
        if self.tool == Tool.OTHER and self.tool_other:
            return self.tool_other
        return self.get_tool_display()


class TaskTest(models.Model):
    task = models.ForeignKey(JourneyTask, on_delete=models.CASCADE, related_name="tests")
    tested_on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    measured_minutes = models.PositiveIntegerField(
        _("measured minutes saved a week"), validators=SAVED_VALIDATORS)
    remarks = models.TextField(_("remarks"), blank=True, **limited(SHORT_TEXT))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("test log")
        ordering = ["tested_on", "pk"]

    def __str__(self):
        return f"{self.task} {self.tested_on}"


class JourneyRequest(models.Model):
    traveller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="journey_requests", verbose_name=_("traveller"))
    message = models.TextField(_("message"), blank=True, **limited(DESCRIPTION))
    standard_journey = models.ForeignKey(
        StandardJourney, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("standard journey"))
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN, db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("handled by"))
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey request")
        verbose_name_plural = _("journey requests")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.traveller} ({self.created_at:%Y-%m-%d})"

    def audit_label(self) -> str:
        """The audit trail's description: no name (the actor is the traveller anyway)."""
        return f"{self._meta.verbose_name} #{self.pk}"


class Evaluation(models.Model):
    """The three-month evaluation of a journey."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="evaluation")
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    works_well = models.TextField(_("what works well"), blank=True, **limited(DESCRIPTION))
    resistance = models.TextField(_("where the resistance is"), blank=True, **limited(DESCRIPTION))
    lessons = models.TextField(_("lessons to keep"), blank=True, **limited(DESCRIPTION))
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("three-month evaluation")
        verbose_name_plural = _("three-month evaluations")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return str(self.journey)

    def get_absolute_url(self):
        return reverse("journeys:evaluation", args=[self.journey_id])


class EvaluationTaskVerdict(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="verdicts")
    task = models.ForeignKey(JourneyTask, on_delete=models.CASCADE, related_name="verdicts")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "task"],
                                               name="evaluation_task_verdict_unique")]

    def __str__(self):
        return f"{self.task}: {self.get_verdict_display()}"


class TravelReport(models.Model):
    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="report")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="travel_reports", verbose_name=_("author"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("report"),
                            help_text=_("Markdown: headings, lists, links."), **limited(LONG_TEXT))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True,
                                        db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("travel report")
        verbose_name_plural = _("travel reports")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journeys:report_detail", args=[self.pk])

    @property
    def body_html(self):
        from reisbureau.markdown import render_markdown

        return render_markdown(self.body)


def measures_fingerprint(measures) -> str:
    """A stable fingerprint of a set of measures: the same measures in another order are the
    same set; any added, removed or reworded measure gives another fingerprint."""
    import hashlib
    import json

    cleaned = sorted({m.strip() for m in (measures or []) if m and m.strip()})
    return hashlib.sha256(json.dumps(cleaned, ensure_ascii=False).encode()).hexdigest()


class MeasureAcknowledgement(models.Model):
    """A traveller confirms having read the measures customs set for a task, once per set of
    measures: when customs changes them, the old confirmation no longer counts."""

    task = models.ForeignKey(JourneyTask, on_delete=models.CASCADE,
                             related_name="acknowledgements", verbose_name=_("task"))
    traveller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="measure_acknowledgements",
                                  verbose_name=_("traveller"))
    measures = models.JSONField(_("measures"), default=list)
    measures_hash = models.CharField(_("fingerprint of the measures"), max_length=64)
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledgement of measures")
        verbose_name_plural = _("acknowledgements of measures")
        ordering = ["acknowledged_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["task", "traveller", "measures_hash"],
            name="measure_acknowledgement_once_per_set")]

    def __str__(self):
        return f"{self.task} ({self.acknowledged_at:%Y-%m-%d})"

    def audit_label(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
