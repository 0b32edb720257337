from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_MINUTES_PER_WEEK = 2400  # 40 hours: more than a full working week is not a real figure


class Frequency(models.TextChoices):
    SEVERAL_DAILY = "several_daily", _("Several times a day")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class TaskKind(models.TextChoices):
    ROUTINE = "routine", _("Routine (summaries, minutes)")
    COMPLEX = "complex", _("Complex (policy analysis)")


class StandardJourneyKind(models.TextChoices):
    EXCURSION = "excursion", _("Excursion (one or two tasks)")
    FULL = "full", _("Full journey")


class JourneyStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    TRAVELLING = "travelling", _("Travelling")
    EVALUATING = "evaluating", _("Evaluating")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_JOURNEY_STATUSES = (
    JourneyStatus.PLANNING, JourneyStatus.TRAVELLING, JourneyStatus.EVALUATING,
)


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AT_CUSTOMS = "at_customs", _("At customs")
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_MEASURES = "cleared_with_measures", _("Cleared with measures")
    EXCLUDED = "excluded", _("Excluded")
    SENT_BACK = "sent_back", _("Sent back")
    TESTING = "testing", _("Testing")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")


CLEARED_STATUSES = (TaskStatus.CLEARED, TaskStatus.CLEARED_WITH_MEASURES)
EDITABLE_TASK_STATUSES = (TaskStatus.DRAFT, TaskStatus.SENT_BACK)
# A task running under its standard journey's customs passport follows the passport's
# decisions while in use, and after a send-back (so a new clearance brings it back).
PASSPORT_FOLLOWING_STATUSES = (*CLEARED_STATUSES, TaskStatus.TESTING, TaskStatus.ADOPTED,
                               TaskStatus.SENT_BACK)


class ClearanceDecision(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_MEASURES = "cleared_with_measures", _("Cleared with measures")
    EXCLUDED = "excluded", _("Excluded")


class Tool(models.TextChoices):
    WORD = "copilot_word", _("Copilot in Word")
    TEAMS = "copilot_teams", _("Copilot in Teams")
    OUTLOOK = "copilot_outlook", _("Copilot in Outlook")
    EXCEL = "copilot_excel", _("Copilot in Excel")
    POWERPOINT = "copilot_powerpoint", _("Copilot in PowerPoint")
    CHAT = "copilot_chat", _("Copilot Chat")
    OTHER = "other", _("Other approved tool")


class Outcome(models.TextChoices):
    WORKS = "works", _("Works")
    PARTLY = "partly", _("Works partly")
    FAILS = "fails", _("Does not work")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")


class Verdict(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    ADJUST = "adjust", _("Adjust")
    DROP = "drop", _("Drop")
