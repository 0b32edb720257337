"""Community's part of the AVG export and of forgetting a departed employee."""

from .constants import Visibility
from .models import (
    CommunityProfile,
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVote,
    PromptVersion,
    Reply,
    TipDelivery,
    Topic,
    TopicFollow,
    WeeklyTip,
)

COVERS = {
    "community.CommunityProfile.user": "wants_weekly_tips",
    "community.Prompt.author": "prompts",
    "community.PromptVersion.created_by": "prompt_versions_written",
    "community.PromptVote.user": "useful_votes",
    "community.PromptFavourite.user": "favourites",
    "community.Topic.author": "topics",
    "community.Topic.hidden_by": "posts_hidden",
    "community.Reply.author": "replies",
    "community.Reply.hidden_by": "posts_hidden",
    "community.TopicFollow.user": "followed_topics",
    "community.PostReport.reporter": "reports_made",
    "community.WeeklyTip.author": "tips_written",
    "community.TipDelivery.user": "tips_received",
}


def export(user) -> dict:
    profile = CommunityProfile.objects.filter(user=user).first()
    return {
        "wants_weekly_tips": profile.wants_weekly_tips if profile else None,
        "prompts": [
            {"title": p.title, "text": p.text, "visibility": p.visibility,
             "version": p.version, "created_at": p.created_at.isoformat()}
            for p in Prompt.objects.filter(author=user).order_by("created_at")
        ],
        "useful_votes": list(PromptVote.objects.filter(user=user)
                             .values_list("prompt__title", flat=True)),
        "favourites": list(PromptFavourite.objects.filter(user=user)
                           .values_list("prompt__title", flat=True)),
        "topics": [
            {"kind": t.kind, "title": t.title, "body": t.body,
             "created_at": t.created_at.isoformat()}
            for t in Topic.objects.filter(author=user).order_by("created_at")
        ],
        "replies": [
            {"topic": r.topic.title, "body": r.body, "created_at": r.created_at.isoformat()}
            for r in Reply.objects.filter(author=user).select_related("topic")
            .order_by("created_at")
        ],
        "followed_topics": list(TopicFollow.objects.filter(user=user)
                                .values_list("topic__title", flat=True)),
        "reports_made": [
            {"reason": r.reason, "created_at": r.created_at.isoformat()}
            for r in PostReport.objects.filter(reporter=user).order_by("created_at")
        ],
        # Work done in a role.
        "prompt_versions_written": [
            {"prompt": v.prompt.title, "version": v.number}
            for v in PromptVersion.objects.filter(created_by=user).select_related("prompt")
        ],
        "posts_hidden": [
            *({"topic": t.title, "reason": t.hidden_reason}
              for t in Topic.objects.filter(hidden_by=user)),
            *({"reply_on": r.topic.title, "reason": r.hidden_reason}
              for r in Reply.objects.filter(hidden_by=user).select_related("topic")),
        ],
        "tips_written": list(WeeklyTip.objects.filter(author=user).values_list("title", flat=True)),
        "tips_received": list(TipDelivery.objects.filter(user=user)
                              .values_list("tip__title", flat=True)),
    }


def anonymise(user) -> None:
    """Private prompts are the person's own notes and go; shared prompts and posts stay as the
    community's knowledge, now under an anonymous author. Preferences and follows go."""
    Prompt.objects.filter(author=user, visibility=Visibility.PRIVATE).delete()
    TopicFollow.objects.filter(user=user).delete()
    CommunityProfile.objects.filter(user=user).delete()
    PostReport.objects.filter(reporter=user).update(reason="")
