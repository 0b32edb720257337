"""Who may see and change what in learning: trainings, promptathons and toolkit pages are for
every employee who is signed in; the AI-literacy register for managers and agency staff. Agency
staff plan trainings, organise promptathons, appoint key users and keep the toolkit; a
training's trainer (or agency staff) records attendance. The services ask these functions."""

from reisbureau.constants import Role
from reisbureau.permissions import Policy
from reisbureau.permissions import is_agency_staff as is_agency

from .models import Promptathon, ToolkitPage, TrainingSession

# --- Learning ----------------------------------------------------------------------------

REGISTER_ROLES = (Role.MANAGER, Role.AGENCY_STAFF)


class SignedInPolicy(Policy):
    """Trainings, promptathons and toolkit pages are for every employee who is signed in."""

    def visible(self, user, qs=None):
        qs = qs if qs is not None else self.model._default_manager.all()
        return qs if user.is_authenticated else qs.none()


class TrainingPolicy(SignedInPolicy):
    model = TrainingSession


class PromptathonPolicy(SignedInPolicy):
    model = Promptathon


class ToolkitPagePolicy(SignedInPolicy):
    model = ToolkitPage


def can_record_attendance(user, session: TrainingSession) -> bool:
    return is_agency(user) or bool(user.is_authenticated and session.trainer_id == user.pk)


trainings = TrainingPolicy()
promptathons = PromptathonPolicy()
toolkit_pages = ToolkitPagePolicy()
