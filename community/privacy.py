"""Community's part of the AVG export and of forgetting a departed employee."""

from .constants import Visibility
from .models import (
    CommunityProfile,
    KeyUserProfile,
    PostReport,
    Prompt,
    PromptFavourite,
    PromptVote,
    PromptathonSubmission,
    PromptathonVote,
    Reply,
    TeamMembership,
    Topic,
    TopicFollow,
    TrainingRegistration,
)


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
