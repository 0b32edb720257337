from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_PROMPTS = 200
EXPORT_FORMAT = "reisbureau-prompts"
EXPORT_VERSION = 1


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    DEPARTMENT = "department", _("My department")
    PRIVATE = "private", _("Only me")


class PromptSort(models.TextChoices):
    RELEVANT = "relevant", _("Most relevant")
    USEFUL = "useful", _("Most useful")
    NEW = "new", _("Newest")
    COPIED = "copied", _("Most copied")


class TopicKind(models.TextChoices):
    QUESTION = "question", _("Question")
    SUCCESS = "success", _("Success story")
    TIP = "tip", _("Tip")
