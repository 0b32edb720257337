from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Learning: trainings, promptathons, toolkit -------------------------------------------

PACK_FORMAT = "reisbureau-toolkit"
PACK_SCHEMA_VERSION = 2


class TrainingKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    ADVANCED = "advanced", _("Advanced")
    TOOL = "tool", _("Per tool")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class LiteracyLevel(models.TextChoices):
    NONE = "none", _("Not trained yet")
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")


class LiteracyStatus(models.TextChoices):
    """Against the literacy requirements (AI Act Art. 4) that apply to a person."""

    MEETS = "meets", _("Meets the requirement")
    DUE = "due", _("Due for renewal")
    LACKS = "lacks", _("Lacks a required training")
    NONE = "none", _("No requirement")


# A required training is "due" this many days before it expires (and after).
LITERACY_DUE_DAYS = 30
