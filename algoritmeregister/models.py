from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reisbureau.textlimits import SHORT_TEXT, limited

from .constants import AlgorithmStatus, EntryState, PublicationCategory

YEAR_MONTH = RegexValidator(r"^[0-9]{4}-(0[1-9]|1[0-2])$",
                            _("Write the month as year-month, for example 2025-03."))

# The standard's maxima ("Tekst (<2500 tekens)" is at most 2,499 characters).
TEXT = 2_499


def _text(label, limit=TEXT, help_text=""):
    return models.TextField(label, blank=True, help_text=help_text, **limited(limit))


def _link(label, help_text=""):
    return models.URLField(label, max_length=500, blank=True, help_text=help_text)


class RegisterEntry(models.Model):
    """One AI use (a task customs cleared) as a registration in the Algoritmeregister standard.

    The field names are the standard's own. The portal prefills what it knows from the task and
    its customs decision; officers complete the rest, mark the entry ready and publish it. A
    withdrawn entry stays (with who and when), so the register's history is kept."""

    task = models.OneToOneField("journeys.JourneyTask", on_delete=models.PROTECT,
                                related_name="register_entry", verbose_name=_("task"))
    state = models.CharField(_("publication state"), max_length=20, choices=EntryState.choices,
                             default=EntryState.DRAFT, db_index=True)

    # --- Algemene informatie
    name = models.CharField(_("name"), max_length=99)
    description_short = _text(_("short description"), 399,
                              _("Two or three sentences at B1 language level."))
    theme = models.JSONField(_("theme"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AlgorithmStatus.choices,
                              default=AlgorithmStatus.IN_USE)
    start_date = models.CharField(_("start date"), max_length=7, blank=True,
                                  validators=[YEAR_MONTH], help_text=_("Year and month: 2025-03."))
    end_date = models.CharField(_("end date"), max_length=7, blank=True,
                                validators=[YEAR_MONTH],
                                help_text=_("Leave empty while it is in use."))
    contact = models.CharField(
        _("contact"), max_length=254, blank=True,
        help_text=_("A department mailbox or contact form (https://…), never a person's own "
                    "e-mail address."))
    link = _link(_("link to a public page"))
    publication_category = models.CharField(_("publication category"), max_length=50,
                                            choices=PublicationCategory.choices,
                                            default=PublicationCategory.OTHER)
    source_link = _link(_("link to the source register"))
    # --- Verantwoord gebruik
    purpose_and_impact = _text(_("purpose and impact"))
    considerations = _text(_("considerations"),
                           help_text=_("Benefits and drawbacks, the alternatives considered, "
                                       "and why the use is proportionate."))
    human_intervention = _text(_("human intervention"))
    risk_management = _text(_("risk management"))
    legal_basis = _text(_("legal basis"))
    legal_basis_link = _link(_("link to the legal basis"))
    legal_basis_title = models.CharField(_("title of the legal basis"), max_length=99,
                                         blank=True)
    processing_register_link = _link(_("link to the processing register"))
    impact_assessments = _text(_("impact assessments"), SHORT_TEXT,
                               _("The assessments carried out, e.g. DPIA, IAMA."))
    impact_assessment_link = _link(_("link to the impact assessment"))
    impact_assessment_explanation = _text(_("explanation of the impact assessments"))
    # --- Werking
    data = _text(_("data"))
    data_source_link = _link(_("link to the data sources"))
    data_source_title = models.CharField(_("title of the data source"), max_length=499,
                                         blank=True)
    technical_operation = _text(_("technical operation"), 4_999)
    supplier = models.CharField(_("supplier"), max_length=199, blank=True)
    source_code_link = _link(_("link to the source code"))
    # --- Metadata
    search_terms = _text(_("search terms"), SHORT_TEXT, _("Separated by commas."))

    # --- The workflow: who moved it, when
    ready_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("marked ready by"))
    ready_at = models.DateTimeField(_("marked ready at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True,
                                        db_index=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("withdrawn by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = _text(_("reason for withdrawal"), SHORT_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["state", "name", "id"], name="register_state_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("algoritmeregister:detail", args=[self.pk])

    @property
    def source_id(self) -> str:
        """`source_id` in the standard: the portal's own reference."""
        return f"reisbureau-taak-{self.task_id}"
