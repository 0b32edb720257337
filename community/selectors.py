"""Every non-trivial read of the community, with select/prefetch done."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from journeys import selectors as journey_selectors
from reisbureau.queries import count_of

from . import permissions
from .constants import PromptSort
from .models import (
    CommunityProfile,
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVote,
    Reply,
    Topic,
    TopicFollow,
    WeeklyTip,
)

SORT_ORDER = {
    PromptSort.USEFUL: ("-useful_count", "-created_at", "-pk"),
    PromptSort.NEW: ("-created_at", "-pk"),
    PromptSort.COPIED: ("-copy_count", "-created_at", "-pk"),
}


def prompt_base(user):
    # The linked task and the original of a fork are prefetched for the rows shown, not
    # joined: a search ranks every match before LIMIT, and joining 30,000 tasks and every
    # prompt to each match cost more than the search itself.
    return Prompt.objects.select_related("author", "persona", "function_group").prefetch_related(
        "task__journey", "forked_from"
    ).annotate(
        is_favourite=Exists(PromptFavourite.objects.filter(prompt=OuterRef("pk"), user=user)),
        is_useful_to_me=Exists(PromptVote.objects.filter(prompt=OuterRef("pk"), user=user)),
    )


def prompt_search(user, *, query: str = "", sort: str = "", task_kind: str = "",
                  tool: str = "", persona_id=None, function_group_id=None, mine: bool = False,
                  favourites: bool = False):
    """The library: full-text search (PostgreSQL, Dutch stemming; icontains on SQLite),
    filters and a sort order. Without a query, "relevant" means most useful.

    The lists show a prompt's author, persona and function group, not its task or original
    (the prompt's own page does): the authors are prefetched for the rows shown, not joined,
    since a search ranks every match before LIMIT and the join hashed all the agency's
    employees for it. The search vector itself is never shown, so it is not read."""
    qs = permissions.prompts.visible(user, prompt_base(user).select_related(None)
                                     .select_related("persona", "function_group")
                                     .prefetch_related(None).prefetch_related("author")
                                     .defer("search_vector"))
    if mine:
        qs = qs.filter(author=user)
    if favourites:
        qs = qs.filter(is_favourite=True)
    if task_kind:
        qs = qs.filter(task_kind=task_kind)
    if tool:
        qs = qs.filter(tool=tool)
    if persona_id:
        qs = qs.filter(persona_id=persona_id)
    if function_group_id:
        qs = qs.filter(function_group_id=function_group_id)
    query = (query or "").strip()
    ranked = False
    if query:
        if connection.vendor == "postgresql":
            search = SearchQuery(query, config="dutch", search_type="websearch")
            qs = qs.filter(search_vector=search).annotate(
                rank=SearchRank(F("search_vector"), search))
            ranked = True
        else:
            for word in query.split()[:8]:
                qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if sort in SORT_ORDER:
        return qs.order_by(*SORT_ORDER[sort])
    if ranked:
        return qs.order_by("-rank", "-useful_count", "-pk")
    return qs.order_by(*SORT_ORDER[PromptSort.USEFUL])


def prompt_versions(prompt: Prompt):
    return prompt.versions.select_related("created_by").order_by("-number")


def prompt_forks(user, prompt: Prompt):
    return permissions.prompts.visible(user, prompt.forks.select_related("author")).order_by(
        "-useful_count", "-pk")


def my_prompts(user):
    return Prompt.objects.filter(author=user).select_related("persona", "function_group")\
        .order_by("-created_at", "-pk")


def prompts_for_export(user):
    """My prompts, oldest first, so an import keeps their order."""
    return my_prompts(user).order_by("created_at", "pk")


def linkable_tasks(user):
    return journey_selectors.usable_tasks_for(user)


def topic_list(user, *, kind: str = ""):
    qs = permissions.topics.visible(user, Topic.objects.select_related("author").annotate(
        reply_count=count_of(Reply.objects.filter(is_hidden=False), "topic")))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-last_activity_at", "-pk")


def topic_detail_qs(user):
    return Topic.objects.select_related("author", "accepted_reply__author", "hidden_by")


def topic_replies(topic: Topic):
    return topic.replies.select_related("author", "hidden_by").order_by("created_at", "pk")


def is_following(topic: Topic, user) -> bool:
    return TopicFollow.objects.filter(topic=topic, user=user).exists()


def open_reports():
    return PostReport.objects.filter(resolved_at__isnull=True).select_related(
        "reporter", "topic__author", "reply__author", "reply__topic").order_by("created_at", "pk")


def recent_reports(limit: int = 5):
    """Published travel reports, shown on the board too (read through journeys)."""
    return journey_selectors.reports()[:limit]


def published_tips():
    return WeeklyTip.objects.filter(published_at__isnull=False).select_related("author")\
        .order_by("-publish_on", "-pk")


def scheduled_tips():
    return WeeklyTip.objects.filter(published_at__isnull=True).select_related("author")\
        .order_by("publish_on", "pk")


def current_tip():
    return published_tips().first()


def wants_weekly_tips(user) -> bool:
    profile = CommunityProfile.objects.filter(user=user).first()
    return profile.wants_weekly_tips if profile else True




def activity_summary(*, since) -> dict:
    """For the governance report: how alive the community is (counts only, no names)."""
    return {
        "topics": Topic.objects.filter(created_at__gte=since, is_hidden=False).count(),
        "replies": Reply.objects.filter(created_at__gte=since, is_hidden=False).count(),
        "prompts": Prompt.objects.filter(created_at__gte=since, is_published=True).count(),
    }
