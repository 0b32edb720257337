"""Who may see and change what in learning: trainings, promptathons and toolkit pages are for
every employee who is signed in; the AI-literacy register for managers and agency staff."""

from reisbureau.constants import Role
from reisbureau.permissions import Policy

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


trainings = TrainingPolicy()
promptathons = PromptathonPolicy()
toolkit_pages = ToolkitPagePolicy()
