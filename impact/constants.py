from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIVE_WINDOW_DAYS = 28  # Copilot's definition: at least one action in the last 28 days
SURVEY_WAVES = {"1m": 30, "3m": 90}  # days after a journey starts
SURVEY_SEND_WINDOW_DAYS = 30  # a wave missed by more than this is not sent late
SURVEY_REMINDER_DAYS = 7
IMPORT_BATCH_SIZE = 2000
IMPORT_MAX_STORED_ERRORS = 500
IMPORT_MAX_ATTEMPTS = 3  # a run killed this often (memory, time limit) fails for good
IMPORT_MAX_COLUMNS = 100  # a Copilot usage export has 13; anything far wider is not one
# The app columns of Microsoft 365's Copilot usage export ("<app> Copilot Last Activity Date";
# "<app> Last Activity Date" in some versions), each with the tool name the portal stores.
# Only these become tools: a column outside the list is skipped, never a new tool.
M365_APPS = {
    "microsoft teams": "Microsoft Teams",
    "teams": "Microsoft Teams",
    "word": "Word",
    "excel": "Excel",
    "powerpoint": "PowerPoint",
    "outlook": "Outlook",
    "onenote": "OneNote",
    "loop": "Loop",
    "copilot chat": "Copilot Chat",
    "microsoft 365 copilot chat": "Copilot Chat",
    "microsoft whiteboard": "Microsoft Whiteboard",
    "whiteboard": "Microsoft Whiteboard",
}


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Five-point scale")
    CHOICE = "choice", _("Choice")
    OPEN = "open", _("Open question")


class SurveyWave(models.TextChoices):
    ONE_MONTH = "1m", _("One month after the start")
    THREE_MONTHS = "3m", _("Three months after the start")
    OPEN = "open", _("Open survey")


class InterviewTheme(models.TextChoices):
    WORKS_WELL = "works_well", _("Works well")
    RESISTANCE = "resistance", _("Resistance")
    CONCERN = "concern", _("Ethical or legal concern")
    IDEA = "idea", _("Idea")


class ObjectionKind(models.TextChoices):
    LEGAL = "legal", _("Legal")
    ETHICAL = "ethical", _("Ethical")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONSIDERING = "considering", _("Under consideration")
    RESOLVED = "resolved", _("Resolved")


class ImportFormat(models.TextChoices):
    M365 = "m365", _("Microsoft 365 Copilot usage export")
    GENERIC = "generic", _("Generic CSV (e-mail, date, tool, actions)")


class ImportSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    GRAPH = "graph", _("Microsoft Graph")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Refuse the whole file when a row has an error")
    SKIP_BAD_ROWS = "skip_bad_rows", _("Import the good rows, skip the bad ones")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking rows")
    SAVING = "saving", _("Saving")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


FINISHED_IMPORT_STATUSES = (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)

# The statements of Copilot's sentiment survey, plus overall satisfaction.
DEFAULT_SURVEY_TITLE = _("AI sentiment")
SENTIMENT_STATEMENTS = [
    _("Using AI improves the quality of my work."),
    _("Using AI takes less mental effort on repetitive tasks."),
    _("Using AI lets me finish tasks faster."),
    _("Using AI makes me more productive."),
    _("Overall, how satisfied are you with AI in your work?"),
]
SCALE_LABELS = [
    (1, _("Strongly disagree")), (2, _("Disagree")), (3, _("Neutral")), (4, _("Agree")),
    (5, _("Strongly agree")),
]
