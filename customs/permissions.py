"""Who sees what at customs.

Only officers see the queue, the sessions and the questionnaires. Advisers and travellers see
the status, measures and rationale of their own tasks (the task's customs history); someone
else's task is a 404.
"""

from reisbureau.constants import Role
from reisbureau.permissions import Policy, has_any_role

from .models import Submission

OFFICERS = (Role.OFFICER,)
REGISTER_ROLES = (Role.OFFICER, Role.AGENCY_STAFF)
# The register of cleared AI applications names tasks and journeys, no people: the College and
# the Raad read it too (the audit trail, which names people, stays REGISTER_ROLES).
REGISTER_READERS = (*REGISTER_ROLES, Role.COUNCIL)
SUBMITTERS = (Role.ADVISER, Role.AGENCY_STAFF)


def is_officer(user) -> bool:
    return has_any_role(user, Role.OFFICER)


class SubmissionPolicy(Policy):
    model = Submission

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Submission.objects.all()
        if not is_officer(user):
            return qs.none()
        return qs


def can_submit(user, task) -> bool:
    """The journey's own adviser (or agency staff) submits its tasks."""
    return user.is_authenticated and (
        has_any_role(user, Role.AGENCY_STAFF)
        or (task.journey.adviser_id == user.pk and user.has_role(Role.ADVISER)))


def can_see_task_history(user, task) -> bool:
    if not user.is_authenticated:
        return False
    if has_any_role(user, Role.OFFICER, Role.AGENCY_STAFF):
        return True
    if task.journey.adviser_id == user.pk:
        return True
    return any(t.pk == user.pk for t in task.journey.travellers.all())


submissions = SubmissionPolicy()
