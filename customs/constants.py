from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    EXCLUDED = "excluded", _("Excluded")


class AiActCategory(models.TextChoices):
    MINIMAL = "minimal", _("Minimal risk")
    TRANSPARENCY = "transparency", _("Transparency duty")
    HIGH = "high", _("High risk")
    PROHIBITED = "prohibited", _("Prohibited")
    GPAI_MODEL = "gpai_model", _("General-purpose AI model")
    NOT_AI = "not_ai", _("Not an AI system")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the AI Act")


class DataSubject(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    COLLEAGUES = "colleagues", _("Colleagues")


class Device(models.TextChoices):
    MUNICIPAL = "municipal", _("Only a municipal device")
    PRIVATE = "private", _("Also a private device")


class Hosting(models.TextChoices):
    EEA = "eea", _("Inside the EEA")
    OUTSIDE_EEA = "outside_eea", _("Outside the EEA")
    UNKNOWN = "unknown", _("Unknown")


class Decision(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_MEASURES = "cleared_with_measures", _("Cleared with measures")
    EXCLUDED = "excluded", _("Excluded")
    SENT_BACK = "sent_back", _("Sent back for more information")


class SubmissionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for customs")
    DECIDED = "decided", _("Decided")


class SubmissionReason(models.TextChoices):
    NEW = "new", _("Submitted by the adviser")
    EXPIRED = "expired", _("Re-review: the decision has aged")
    TOOL_CHANGED = "tool_changed", _("Re-review: the tool changed")
    OBJECTION = "objection", _("Re-review: an objection was raised")
    EXCLUSION_RULE = "exclusion_rule", _("Re-review: a new exclusion rule matches")
    ZERO_SAVING = "zero_saving", _("Re-review: no time saved since testing")


class AssessmentKind(models.TextChoices):
    DPIA = "dpia", _("DPIA")
    # The government's Impact Assessment Mensenrechten en Algoritmes.
    IAMA = "iama", _("IAMA")


class AssessmentStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


class Specialism(models.TextChoices):
    PRIVACY = "privacy", _("Privacy officer")
    SECURITY = "security", _("Security officer")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the second officer")
    CONFIRMED = "confirmed", _("Confirmed")
    OBJECTED = "objected", _("Objected")
