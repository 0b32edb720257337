"""Every write of the community. Keyword-only, one transaction each, audited.

Journeys is reached only through its selectors and constants: a prompt links to a cleared task
by reading it, never by writing it.
"""

import json
import re
from datetime import date, timedelta

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from journeys import selectors as journey_selectors
from journeys.constants import TaskKind, TaskStatus, Tool
from reisbureau.audit import audit_log
from reisbureau.constants import Role
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import FunctionGroup, Persona, TeamsEvent, User
from reisbureau.batching import in_batches
from reisbureau.services import (
    notification_build,
    notification_send,
    notifications_remove_link,
    notifications_send_many,
)
from reisbureau.teams import teams_card, teams_notify
from reisbureau.textlimits import LONG_TEXT, text_too_long
from reisbureau.uploads import check_size

from . import permissions
from .permissions import is_moderator
from .constants import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MAX_IMPORT_PROMPTS,
    TopicKind,
    Visibility,
)
from .models import (
    CommunityProfile,
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVersion,
    PromptVote,
    Reply,
    TipDelivery,
    Topic,
    TopicFollow,
    WeeklyTip,
)

# {{onderwerp}}, {{ naam }}, {{datum_vergadering}}: letters, digits, _ and -; nothing else.
VARIABLE_RE = re.compile(r"\{\{\s*([^\W\d][\w-]{0,49})\s*\}\}")
PROMPT_FIELDS = ("title", "text", "task_kind", "persona", "function_group", "tool", "task",
                 "visibility")


# --- Prompt variables --------------------------------------------------------------------

def prompt_variables(text: str) -> list[str]:
    """The variable names in a prompt, each once, in the order they first appear."""
    seen: list[str] = []
    for match in VARIABLE_RE.finditer(text or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def prompt_fill(text: str, values: dict[str, str]) -> str:
    """The finished prompt: every variable replaced by its value (once; values are literal)."""
    missing = [name for name in prompt_variables(text) if not (values.get(name) or "").strip()]
    if missing:
        raise DomainError(_("Fill in every variable. Missing: %(names)s.")
                          % {"names": ", ".join(missing)})
    return VARIABLE_RE.sub(lambda m: values[m.group(1)].strip(), text)


# --- Prompts -----------------------------------------------------------------------------

def _update_search_vector(prompt: Prompt) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite searches with icontains (selectors.prompt_search)
    Prompt.objects.filter(pk=prompt.pk).update(
        search_vector=SearchVector("title", weight="A", config="dutch")
        + SearchVector("text", weight="B", config="dutch"))


def _check_task(task, actor: User, *, publish: bool) -> None:
    if task is None:
        return
    if publish and task.status == TaskStatus.EXCLUDED:
        raise DomainError(_("This prompt is linked to a task that customs excluded; it cannot "
                            "be published."))
    allowed = journey_selectors.usable_tasks_for(actor).filter(pk=task.pk).exists()
    if not allowed and task.status != TaskStatus.EXCLUDED:
        raise DomainError(_("Link a task that customs cleared on one of your journeys."))


def _check_prompt_fields(fields: dict) -> dict:
    fields = dict(fields)
    unknown = set(fields) - set(PROMPT_FIELDS)
    if unknown:
        raise DomainError(_("This field cannot be changed here."))
    fields["title"] = (fields.get("title") or "").strip()
    fields["text"] = (fields.get("text") or "").strip()
    if not fields["title"] or not fields["text"]:
        raise DomainError(_("A prompt needs a title and a text."))
    for name in ("task_kind", "tool"):
        fields[name] = fields.get(name) or ""
    fields["visibility"] = fields.get("visibility") or Visibility.EVERYONE
    if fields["visibility"] not in Visibility.values:
        raise DomainError(_("Choose who may see the prompt."))
    return fields


def _save_version(prompt: Prompt, actor: User) -> PromptVersion:
    return PromptVersion.objects.create(prompt=prompt, number=prompt.version, title=prompt.title,
                                        text=prompt.text, created_by=actor)


def prompt_create(*, author: User, title: str, text: str, publish: bool = True,
                  forked_from: Prompt | None = None, **fields) -> Prompt:
    fields = _check_prompt_fields({"title": title, "text": text, **fields})
    _check_task(fields.get("task"), author, publish=publish)
    with transaction.atomic():
        prompt = Prompt(author=author, department=author.department, is_published=publish,
                        forked_from=forked_from, version=1, **fields)
        _clean(prompt)
        prompt.save()
        _save_version(prompt, author)
        _update_search_vector(prompt)
        audit_log(actor=author, action="prompt.forked" if forked_from else "prompt.created",
                  target=prompt, data={"visibility": prompt.visibility,
                                       "forked_from": forked_from.pk if forked_from else None})
        return prompt


def prompt_update(*, prompt: Prompt, actor: User, **fields) -> Prompt:
    """Every edit is a new version; the old text stays in the history."""
    if prompt.author_id != actor.pk:
        raise DomainError(_("Only the author changes a prompt. Improve it instead: that makes "
                            "your own copy."))
    with transaction.atomic():
        prompt = Prompt.objects.select_for_update().get(pk=prompt.pk)
        fields = _check_prompt_fields({f: fields.get(f, getattr(prompt, f))
                                       for f in PROMPT_FIELDS})
        _check_task(fields.get("task"), actor, publish=prompt.is_published)
        changed = [f for f in PROMPT_FIELDS if getattr(prompt, f) != fields[f]]
        if not changed:
            return prompt
        for name in PROMPT_FIELDS:
            setattr(prompt, name, fields[name])
        if prompt.visibility == "department":
            prompt.department = actor.department
        prompt.version += 1
        _clean(prompt)
        prompt.save()
        _save_version(prompt, actor)
        _update_search_vector(prompt)
        audit_log(actor=actor, action="prompt.updated", target=prompt,
                  data={"version": prompt.version, "fields": changed})
        return prompt


def prompt_fork(*, prompt: Prompt, actor: User, **fields) -> Prompt:
    """"Improve": a new prompt of the actor's own that keeps the link to the original."""
    if prompt.author_id == actor.pk:
        raise DomainError(_("This is your own prompt: edit it instead of improving it."))
    values = {f: getattr(prompt, f) for f in PROMPT_FIELDS}
    values.update(fields)
    task = values.get("task")
    if task is not None and not journey_selectors.usable_tasks_for(actor).filter(
            pk=task.pk).exists():
        values["task"] = None  # the link to someone else's task is not the improver's to make
    return prompt_create(author=actor, forked_from=prompt, **values)


def prompt_set_published(*, prompt: Prompt, actor: User, published: bool) -> Prompt:
    if prompt.author_id != actor.pk:
        raise DomainError(_("Only the author publishes or withdraws a prompt."))
    with transaction.atomic():
        prompt = Prompt.objects.select_for_update().get(pk=prompt.pk)
        if published and prompt.task is not None and prompt.task.status == TaskStatus.EXCLUDED:
            raise DomainError(_("This prompt is linked to a task that customs excluded; it "
                                "cannot be published."))
        if prompt.is_published == published:
            return prompt
        prompt.is_published = published
        prompt.save(update_fields=["is_published", "updated_at"])
        audit_log(actor=actor, action="prompt.published" if published else "prompt.withdrawn",
                  target=prompt)
        return prompt


def prompt_mark_useful(*, prompt: Prompt, user: User) -> Prompt:
    if prompt.author_id == user.pk:
        raise DomainError(_("You cannot mark your own prompt as useful."))
    try:
        with transaction.atomic():
            PromptVote.objects.create(prompt=prompt, user=user)
            Prompt.objects.filter(pk=prompt.pk).update(useful_count=F("useful_count") + 1)
    except IntegrityError:
        raise DomainError(_("You already marked this prompt as useful.")) from None
    prompt.refresh_from_db(fields=["useful_count"])
    return prompt


def prompt_toggle_favourite(*, prompt: Prompt, user: User) -> bool:
    """Returns whether the prompt is a favourite now."""
    with transaction.atomic():
        deleted, _details = PromptFavourite.objects.filter(prompt=prompt, user=user).delete()
        if deleted:
            return False
        PromptFavourite.objects.get_or_create(prompt=prompt, user=user)
        return True


def prompt_record_copy(*, prompt: Prompt) -> None:
    Prompt.objects.filter(pk=prompt.pk).update(copy_count=F("copy_count") + 1)


# --- Import and export -------------------------------------------------------------------

def prompts_export(prompts) -> str:
    rows = [{
        "title": p.title, "text": p.text, "task_kind": p.task_kind, "tool": p.tool,
        "persona": p.persona.name if p.persona else "",
        "function_group": p.function_group.name if p.function_group else "",
        "visibility": p.visibility,
    } for p in prompts]
    return json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "prompts": rows},
                      ensure_ascii=False, indent=2)


def _import_row(index: int, row) -> dict:
    def fail(message):
        raise DomainError(_("Prompt %(n)s in the file: %(problem)s")
                          % {"n": index, "problem": message})

    if not isinstance(row, dict):
        fail(_("this is not a prompt."))
    values = {}
    for key in ("title", "text", "task_kind", "tool", "persona", "function_group",
                "visibility"):
        value = row.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(_("“%(field)s” must be text.") % {"field": key})
        values[key] = value.strip()
    if not values["title"] or not values["text"]:
        fail(_("a title and a text are required."))
    if len(values["title"]) > 200:
        fail(_("the title is longer than 200 characters."))
    if values["task_kind"] and values["task_kind"] not in TaskKind.values:
        fail(_("unknown kind of task."))
    if values["tool"] and values["tool"] not in Tool.values:
        fail(_("unknown tool."))
    values["visibility"] = values["visibility"] or Visibility.PRIVATE
    if values["visibility"] not in Visibility.values:
        fail(_("unknown visibility."))
    for key, model in (("persona", Persona), ("function_group", FunctionGroup)):
        name = values.pop(key)
        values[key] = None
        if name:
            values[key] = model.objects.filter(name__iexact=name).first()
            if values[key] is None:
                fail(_("“%(name)s” is not known here.") % {"name": name})
    return values


def prompts_import(*, author: User, data: bytes) -> list[Prompt]:
    """All prompts of the file, or none: the whole file is checked before anything is saved."""
    check_size(len(data), kind="json")
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(_("The file is not valid JSON.")) from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise DomainError(_("The file is not a prompt export of the Reisbureau."))
    rows = payload.get("prompts")
    if not isinstance(rows, list) or not rows:
        raise DomainError(_("The file contains no prompts."))
    if len(rows) > MAX_IMPORT_PROMPTS:
        raise DomainError(_("A file may hold at most %(max)s prompts.")
                          % {"max": MAX_IMPORT_PROMPTS})
    cleaned = [_import_row(i, row) for i, row in enumerate(rows, start=1)]
    with transaction.atomic():
        prompts = [prompt_create(author=author, **values) for values in cleaned]
        audit_log(actor=author, action="prompt.imported", target=author,
                  data={"count": len(prompts)})
        return prompts


# --- Community board ---------------------------------------------------------------------

def _check_body(body: str, what: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a text for your %(what)s.") % {"what": what})
    if len(body) > LONG_TEXT:
        raise DomainError(text_too_long(LONG_TEXT))
    return body


def topic_create(*, author: User, kind: str, title: str, body: str) -> Topic:
    if kind not in TopicKind.values:
        raise DomainError(_("Choose a kind: question, success story or tip."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("A topic needs a title."))
    body = _check_body(body, _("topic"))
    with transaction.atomic():
        topic = Topic(author=author, kind=kind, title=title, body=body)
        _clean(topic)
        topic.save()
        TopicFollow.objects.get_or_create(topic=topic, user=author)
        audit_log(actor=author, action="topic.created", target=topic, data={"kind": kind})
        return topic


def reply_create(*, topic: Topic, author: User, body: str) -> Reply:
    """A reply; everyone following the topic (except the writer) is notified."""
    body = _check_body(body, _("answer"))
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.is_hidden:
            raise DomainError(_("This topic has been hidden; you cannot reply to it."))
        reply = Reply(topic=topic, author=author, body=body)
        _clean(reply)
        reply.save()
        topic.last_activity_at = timezone.now()
        topic.save(update_fields=["last_activity_at"])
        audit_log(actor=author, action="topic.replied", target=topic, data={"reply": reply.pk})
        followers = User.objects.filter(followed_topics__topic=topic, is_active=True).exclude(
            pk=author.pk)
        for follower in followers:
            notification_send(
                recipient=follower,
                subject=_("New reply to “%(title)s”") % {"title": topic.title},
                body=_("%(name)s replied on the community board.") % {"name": author},
                url=reply.get_absolute_url(), about=author)
        return reply


def reply_accept(*, topic: Topic, reply: Reply, actor: User) -> Topic:
    """The asker marks another traveller's reply as the accepted answer."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.author_id != actor.pk:
            raise DomainError(_("Only the person who asked the question accepts an answer."))
        if topic.kind != TopicKind.QUESTION:
            raise DomainError(_("Only a question has an accepted answer."))
        if reply.topic_id != topic.pk or reply.is_hidden:
            raise DomainError(_("This answer does not belong to this question."))
        if reply.author_id == actor.pk:
            raise DomainError(_("You cannot accept your own answer."))
        if topic.accepted_reply_id == reply.pk:
            return topic
        topic.accepted_reply = reply
        topic.save(update_fields=["accepted_reply"])
        audit_log(actor=actor, action="topic.answer_accepted", target=topic,
                  data={"reply": reply.pk})
        if reply.author.is_active:
            notification_send(
                recipient=reply.author,
                subject=_("Your answer to “%(title)s” was accepted") % {"title": topic.title},
                url=reply.get_absolute_url())
        return topic


def topic_follow(*, topic: Topic, user: User, follow: bool) -> bool:
    if follow:
        TopicFollow.objects.get_or_create(topic=topic, user=user)
    else:
        TopicFollow.objects.filter(topic=topic, user=user).delete()
    return follow


def post_report(*, reporter: User, reason: str, topic: Topic | None = None,
                reply: Reply | None = None) -> PostReport:
    if (topic is None) == (reply is None):
        raise DomainError(_("Report one post."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why you report this post."))
    post = topic or reply
    if post.is_hidden:
        raise DomainError(_("This post has already been hidden."))
    try:
        with transaction.atomic():
            report = PostReport.objects.create(topic=topic, reply=reply, reporter=reporter,
                                               reason=reason[:2000])
            audit_log(actor=reporter, action="post.reported", target=post,
                      data={"report": report.pk})
    except IntegrityError:
        raise DomainError(_("You already reported this post.")) from None
    return report


def post_hide(*, actor: User, reason: str, topic: Topic | None = None,
              reply: Reply | None = None):
    """Key users and agency staff hide a post; the reason is kept and the reports handled."""
    if not is_moderator(actor):
        raise DomainError(_("Only key users and agency staff hide posts."))
    if (topic is None) == (reply is None):
        raise DomainError(_("Hide one post."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for hiding this post."))
    model = Topic if topic is not None else Reply
    with transaction.atomic():
        post = model.objects.select_for_update().get(pk=(topic or reply).pk)
        if post.is_hidden:
            raise DomainError(_("This post has already been hidden."))
        post.is_hidden, post.hidden_reason = True, reason
        post.hidden_by, post.hidden_at = actor, timezone.now()
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        if model is Reply:
            Topic.objects.filter(accepted_reply=post).update(accepted_reply=None)
        reports = PostReport.objects.filter(resolved_at__isnull=True)
        reports = reports.filter(topic=post) if model is Topic else reports.filter(reply=post)
        reports.update(resolved_at=timezone.now())
        audit_log(actor=actor, action="post.hidden", target=post, data={"reason": reason})
        # Notifications that led to the post no longer link to a page their readers cannot
        # open; they say it was removed (a hidden topic takes its replies with it).
        if model is Topic:
            notifications_remove_link(
                url=post.get_absolute_url(), with_anchors=True,
                note=gettext_noop("This topic was removed by a moderator."))
        else:
            notifications_remove_link(
                url=post.get_absolute_url(),
                note=gettext_noop("This reply was removed by a moderator."))
        return post


def report_dismiss(*, report: PostReport, actor: User) -> PostReport:
    if not is_moderator(actor):
        raise DomainError(_("Only key users and agency staff handle reports."))
    with transaction.atomic():
        report = PostReport.objects.select_for_update().get(pk=report.pk)
        if report.resolved_at:
            raise DomainError(_("This report has already been handled."))
        report.resolved_at = timezone.now()
        report.save(update_fields=["resolved_at"])
        audit_log(actor=actor, action="post.report_dismissed", target=report.post,
                  data={"report": report.pk})
        return report


# --- Weekly tips -------------------------------------------------------------------------

def tip_save(*, actor: User, title: str, body: str, publish_on: date,
             tip: WeeklyTip | None = None) -> WeeklyTip:
    if not permissions.can_write_tips(actor):
        raise DomainError(_("Only agency staff write tips of the week."))
    if tip is not None and tip.published_at:
        raise DomainError(_("A tip that has been sent cannot be changed."))
    if not isinstance(publish_on, date):
        raise DomainError(_("Choose the date on which the tip is published."))
    if tip is None and publish_on < timezone.localdate():
        raise DomainError(_("Schedule the tip for today or later."))
    year, week, _weekday = publish_on.isocalendar()
    clash = [t for t in WeeklyTip.objects.filter(
        publish_on__year__in=[year - 1, year, year + 1]).exclude(pk=getattr(tip, "pk", None))
        if t.publish_on.isocalendar()[:2] == (year, week)]
    if clash:
        raise DomainError(_("There is already a tip for that week: “%(title)s”.")
                          % {"title": clash[0].title})
    with transaction.atomic():
        tip = tip or WeeklyTip(author=actor)
        tip.title, tip.body, tip.publish_on = (title or "").strip(), (body or "").strip(), \
            publish_on
        _clean(tip)
        tip.save()
        audit_log(actor=actor, action="tip.saved", target=tip,
                  data={"publish_on": publish_on.isoformat()})
        return tip


def preference_set(*, user: User, wants_weekly_tips: bool) -> CommunityProfile:
    profile, _created = CommunityProfile.objects.get_or_create(user=user)
    if profile.wants_weekly_tips != wants_weekly_tips:
        profile.wants_weekly_tips = wants_weekly_tips
        profile.save(update_fields=["wants_weekly_tips"])
        audit_log(actor=user, action="community.tips_preference", target=user,
                  data={"wants_weekly_tips": wants_weekly_tips})
    return profile


def tip_recipients(tip: WeeklyTip):
    return User.objects.filter(is_active=True, groups__name=Role.TRAVELLER).exclude(
        community_profile__wants_weekly_tips=False).exclude(
        tip_deliveries__tip=tip).distinct().order_by("pk")


def tip_deliver(*, tip: WeeklyTip, user: User) -> bool:
    """Send one tip to one traveller at most once (the delivery row is the proof)."""
    try:
        with transaction.atomic():
            TipDelivery.objects.create(tip=tip, user=user)
            notification_send(
                recipient=user, subject=_("Tip of the week: %(title)s") % {"title": tip.title},
                body=tip.body, url=tip.get_absolute_url())
    except IntegrityError:
        return False
    return True


def tips_publish_due(*, today: date | None = None) -> dict:
    """Weekly: publish the tips whose date has come and send them to travellers who want them.

    Safe to run twice: a tip is published once, and each traveller gets each tip once.
    """
    today = today or timezone.localdate()
    published = 0
    with transaction.atomic():
        due = list(WeeklyTip.objects.select_for_update().filter(
            publish_on__lte=today, published_at__isnull=True))
        for tip in due:
            tip.published_at = timezone.now()
            tip.save(update_fields=["published_at"])
            audit_log(actor=None, action="tip.published", target=tip)
            teams_notify(event=TeamsEvent.WEEKLY_TIP, key=str(tip.pk),
                         card=lambda tip=tip: teams_card(
                             title=_("Tip of the week: %(title)s") % {"title": tip.title},
                             text=Truncator(tip.body).chars(600), url=tip.get_absolute_url(),
                             link_text=_("Read the tip")))
            published += 1
    sent = 0
    recent = WeeklyTip.objects.filter(published_at__isnull=False,
                                      publish_on__gt=today - timedelta(days=7))
    for tip in recent:
        sent += tip_deliver_all(tip=tip)
    return {"published": published, "sent": sent}


def tip_deliver_all(*, tip: WeeklyTip) -> int:
    """Send a tip to every traveller who wants it and has not had it, a batch at a time.

    Each batch locks the tip row first, so two runs at once take turns and the second finds
    the first's deliveries; the delivery rows (unique per tip and traveller) stay the proof.
    """
    return in_batches(
        tip_recipients(tip).only("pk", "email"), lambda users: _tip_deliver_batch(tip, users),
        lock=lambda: WeeklyTip.objects.select_for_update().filter(pk=tip.pk).first())


def _tip_deliver_batch(tip: WeeklyTip, users: list[User]) -> int:
    try:
        with transaction.atomic():
            TipDelivery.objects.bulk_create([TipDelivery(tip=tip, user=user) for user in users])
    except IntegrityError:  # delivered meanwhile by another path: one at a time, as before
        return sum(tip_deliver(tip=tip, user=user) for user in users)
    subject = _("Tip of the week: %(title)s") % {"title": tip.title}
    notifications_send_many([
        notification_build(recipient=user, subject=subject, body=tip.body,
                           url=tip.get_absolute_url())
        for user in users])
    return len(users)
