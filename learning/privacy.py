"""Learning's part of the AVG export and of forgetting a departed employee."""

from .models import (
    KeyUserProfile,
    PromptathonSubmission,
    PromptathonVote,
    TeamMembership,
    TrainingRegistration,
)


def export(user) -> dict:
    return {
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
    # Attended trainings stay (counts in the register). Seats in coming trainings are cancelled
    # through the service, so the waiting list moves up; the rest of the open entries go.
    from django.utils import timezone

    from . import services as learning

    for registration in TrainingRegistration.objects.filter(
            user=user, status__in=("registered", "waiting"),
            session__starts_at__gt=timezone.now()).select_related("session"):
        learning.training_cancel(session=registration.session, user=user)
    TrainingRegistration.objects.filter(user=user, status__in=("registered", "waiting")).delete()
    KeyUserProfile.objects.filter(user=user).delete()
