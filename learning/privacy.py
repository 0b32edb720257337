"""Learning's part of the AVG export and of forgetting a departed employee."""

from .models import (
    KeyUserProfile,
    Promptathon,
    PromptathonSubmission,
    PromptathonVote,
    TeamMembership,
    ToolkitPage,
    TrainingRegistration,
    TrainingSession,
)

# Which link to the person each export key holds (reisbureau.privacy checks every user link).
COVERS = {
    "learning.TrainingSession.trainer": "trainings_given",
    "learning.TrainingRegistration.user": "training_registrations",
    "learning.Promptathon.created_by": "promptathons_created",
    "learning.TeamMembership.user": "promptathon_teams",
    "learning.PromptathonSubmission.submitted_by": "promptathon_submissions",
    "learning.PromptathonVote.user": "promptathon_votes",
    "learning.KeyUserProfile.user": "key_user_expertise",
    "learning.KeyUserProfile.appointed_by": "key_users_appointed",
    "learning.ToolkitPage.updated_by": "toolkit_pages_updated",
}


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
        # Work done in a role.
        "trainings_given": list(TrainingSession.objects.filter(trainer=user)
                                .values_list("title", flat=True)),
        "promptathons_created": list(Promptathon.objects.filter(created_by=user)
                                     .values_list("title", flat=True)),
        "key_users_appointed": KeyUserProfile.objects.filter(appointed_by=user).count(),
        "toolkit_pages_updated": list(ToolkitPage.objects.filter(updated_by=user)
                                      .values_list("title", flat=True)),
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
