"""Community's part of the AVG export and of forgetting a departed employee."""

from .constants import Visibility
from .models import (
    CommunityProfile,
    KeyUserProfile,
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVote,
    Promptathon,
    PromptathonSubmission,
    PromptathonVote,
    PromptVersion,
    Reply,
    TeamMembership,
    TipDelivery,
    ToolkitPage,
    Topic,
    TopicFollow,
    TrainingRegistration,
    TrainingSession,
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
    "community.TrainingSession.trainer": "trainings_given",
    "community.TrainingRegistration.user": "training_registrations",
    "community.Promptathon.created_by": "promptathons_created",
    "community.TeamMembership.user": "promptathon_teams",
    "community.PromptathonSubmission.submitted_by": "promptathon_submissions",
    "community.PromptathonVote.user": "promptathon_votes",
    "community.KeyUserProfile.user": "key_user_expertise",
    "community.KeyUserProfile.appointed_by": "key_users_appointed",
    "community.ToolkitPage.updated_by": "toolkit_pages_updated",
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
        "training_registrations": [
            {"training": r.session.title, "starts_at": r.session.starts_at.isoformat(),
             "status": r.status, "registered_at": r.created_at.isoformat()}
            for r in TrainingRegistration.objects.filter(user=user).select_related("session")
            .order_by("created_at")
        ],
        "promptathon_teams": [
            {"promptathon": m.team.promptathon.title, "team": m.team.name}
            for m in TeamMembership.objects.filter(user=user).select_related("team__promptathon")
        ],
        "promptathon_submissions": [
            {"challenge": s.challenge.title, "prompt": s.prompt, "result": s.result}
            for s in PromptathonSubmission.objects.filter(submitted_by=user)
            .select_related("challenge")
        ],
        "promptathon_votes": list(PromptathonVote.objects.filter(user=user)
                                  .values_list("challenge__title", flat=True)),
        "key_user_expertise": getattr(KeyUserProfile.objects.filter(user=user).first(),
                                      "expertise", None),
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
        "trainings_given": list(TrainingSession.objects.filter(trainer=user)
                                .values_list("title", flat=True)),
        "promptathons_created": list(Promptathon.objects.filter(created_by=user)
                                     .values_list("title", flat=True)),
        "key_users_appointed": KeyUserProfile.objects.filter(appointed_by=user).count(),
        "toolkit_pages_updated": list(ToolkitPage.objects.filter(updated_by=user)
                                      .values_list("title", flat=True)),
    }


def anonymise(user) -> None:
    """Private prompts are the person's own notes and go; shared prompts and posts stay as the
    community's knowledge, now under an anonymous author. Preferences and follows go."""
    Prompt.objects.filter(author=user, visibility=Visibility.PRIVATE).delete()
    TopicFollow.objects.filter(user=user).delete()
    CommunityProfile.objects.filter(user=user).delete()
    PostReport.objects.filter(reporter=user).update(reason="")
    # Attended trainings stay (counts in the register). Seats in coming trainings are cancelled
    # through the service, so the waiting list moves up; the rest of the open entries go.
    from django.utils import timezone

    from . import learning

    for registration in TrainingRegistration.objects.filter(
            user=user, status__in=("registered", "waiting"),
            session__starts_at__gt=timezone.now()).select_related("session"):
        learning.training_cancel(session=registration.session, user=user)
    TrainingRegistration.objects.filter(user=user, status__in=("registered", "waiting")).delete()
    KeyUserProfile.objects.filter(user=user).delete()
