from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journeys.constants import TaskKind, Tool
from reisbureau.models import Department, FunctionGroup, Persona
from reisbureau.textlimits import LONG_TEXT, PROMPT, SHORT_TEXT, limited

from .constants import TopicKind, Visibility


class CommunityProfile(models.Model):
    """What a traveller wants from the community; kept off the User model on purpose."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="community_profile")
    wants_weekly_tips = models.BooleanField(_("send me the tip of the week"), default=True)

    class Meta:
        verbose_name = _("community preference")
        verbose_name_plural = _("community preferences")

    def __str__(self):
        return str(self.user)


class Prompt(models.Model):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("prompt"), **limited(PROMPT))
    task_kind = models.CharField(_("kind of task"), max_length=20, choices=TaskKind.choices,
                                 blank=True)
    persona = models.ForeignKey(Persona, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="prompts", verbose_name=_("persona"))
    function_group = models.ForeignKey(
        FunctionGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="prompts",
        verbose_name=_("function group"))
    tool = models.CharField(_("tool"), max_length=30, choices=Tool.choices, blank=True)
    task = models.ForeignKey("journeys.JourneyTask", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="library_prompts",
                             verbose_name=_("cleared task"))
    visibility = models.CharField(_("who may see it"), max_length=20,
                                  choices=Visibility.choices, default=Visibility.EVERYONE)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("department"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="prompts", verbose_name=_("author"))
    forked_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="forks", verbose_name=_("improvement of"))
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    useful_count = models.PositiveIntegerField(_("useful"), default=0)
    copy_count = models.PositiveIntegerField(_("copied"), default=0)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        ordering = ["-created_at", "-pk"]
        # The GIN index on search_vector is PostgreSQL-only: see migration 0002.

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:prompt_detail", args=[self.pk])


class PromptVersion(models.Model):
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("prompt"), **limited(PROMPT))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("prompt version")
        verbose_name_plural = _("prompt versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["prompt", "number"],
                                               name="prompt_version_unique")]

    def __str__(self):
        return f"{self.prompt} v{self.number}"


class PromptVote(models.Model):
    """A traveller marked a prompt useful; once per person."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prompt", "user"],
                                               name="prompt_vote_unique")]

    def __str__(self):
        return f"{self.user} → {self.prompt}"


class PromptFavourite(models.Model):
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="favourites")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="favourite_prompts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prompt", "user"],
                                               name="prompt_favourite_unique")]

    def __str__(self):
        return f"{self.user} ★ {self.prompt}"


class HideableModel(models.Model):
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, **limited(SHORT_TEXT))
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Topic(HideableModel):
    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind.choices,
                            default=TopicKind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"),
                            help_text=_("Markdown: headings, lists, links."), **limited(LONG_TEXT))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="topics", verbose_name=_("author"))
    accepted_reply = models.ForeignKey("Reply", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("accepted answer"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True,
                                            db_index=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_activity_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:topic_detail", args=[self.pk])

    @property
    def body_html(self):
        from reisbureau.markdown import render_markdown

        return render_markdown(self.body)


class Reply(HideableModel):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="topic_replies", verbose_name=_("author"))
    body = models.TextField(_("answer"),
                            help_text=_("Markdown: headings, lists, links."), **limited(LONG_TEXT))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} – {self.topic}"

    def audit_label(self) -> str:
        """The audit trail's description names no person."""
        return f"{self._meta.verbose_name} #{self.pk} – {self.topic}"

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#reactie-{self.pk}"

    @property
    def body_html(self):
        from reisbureau.markdown import render_markdown

        return render_markdown(self.body)


class TopicFollow(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="followed_topics")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"],
                                               name="topic_follow_unique")]

    def __str__(self):
        return f"{self.user} → {self.topic}"


class PostReport(models.Model):
    """Someone reported a topic or a reply; key users and agency staff decide."""

    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="reports")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("reported by"))
    reason = models.TextField(_("reason"), **limited(SHORT_TEXT))
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report of a post")
        verbose_name_plural = _("reports of posts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(topic__isnull=False, reply__isnull=True)
                           | models.Q(topic__isnull=True, reply__isnull=False)),
                name="post_report_one_target"),
            models.UniqueConstraint(fields=["topic", "reporter"], name="report_topic_unique",
                                    condition=models.Q(topic__isnull=False)),
            models.UniqueConstraint(fields=["reply", "reporter"], name="report_reply_unique",
                                    condition=models.Q(reply__isnull=False)),
        ]

    def __str__(self):
        return str(self.topic or self.reply)

    @property
    def post(self):
        return self.topic or self.reply


class WeeklyTip(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("tip"),
                            help_text=_("Markdown: headings, lists, links."), **limited(LONG_TEXT))
    publish_on = models.DateField(_("publish on"), db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tip of the week")
        verbose_name_plural = _("tips of the week")
        ordering = ["-publish_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:tip_detail", args=[self.pk])

    @property
    def body_html(self):
        from reisbureau.markdown import render_markdown

        return render_markdown(self.body)


class TipDelivery(models.Model):
    """One tip sent to one traveller: the unique constraint makes the weekly job safe twice."""

    tip = models.ForeignKey(WeeklyTip, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="tip_deliveries")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tip", "user"],
                                               name="tip_delivery_unique")]

    def __str__(self):
        return f"{self.tip} → {self.user}"
