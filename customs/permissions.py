"""Who sees what at customs.

Only officers see the queue, the sessions and the questionnaires. Advisers and travellers see
the status, measures and rationale of their own tasks (the task's customs history); someone
else's task is a 404. The services ask these same functions (`can_submit`, `is_officer`,
`can_import_catalogue`), so the submit page and `submission_create` hold one rule.
"""

from reisbureau.constants import Role
from reisbureau.permissions import Policy, has_any_role, is_agency_staff

from .models import DecisionProposal, ImpactAssessment, Submission

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
    """The journey's own adviser, holding the adviser role, submits its tasks; agency staff may
    too (they may change any journey). Another adviser, an officer or a traveller may not."""
    return is_agency_staff(user) or (
        user.is_authenticated and task.journey.adviser_id == user.pk
        and user.has_role(Role.ADVISER))


def can_reopen_for_retest(user, task) -> bool:
    """A dropped task offered for a new test: its journey's adviser and travellers (and agency
    staff, who may change any journey) take up the offer; anyone else gets a 404."""
    if not user.is_authenticated:
        return False
    if is_agency_staff(user) or task.journey.adviser_id == user.pk:
        return True
    return any(t.pk == user.pk for t in task.journey.travellers.all())


def can_import_catalogue(user) -> bool:
    """Measures and exclusion rules from a toolkit pack: officers and agency staff."""
    return has_any_role(user, Role.OFFICER, Role.AGENCY_STAFF)


def can_see_task_history(user, task) -> bool:
    if not user.is_authenticated:
        return False
    if has_any_role(user, Role.OFFICER, Role.AGENCY_STAFF):
        return True
    if task.journey.adviser_id == user.pk:
        return True
    return any(t.pk == user.pk for t in task.journey.travellers.all())


class AssessmentPolicy(Policy):
    """A DPIA or IAMA: every officer, and its owner (often the adviser who submitted); for
    anyone else it does not exist (404)."""

    model = ImpactAssessment

    def visible(self, user, qs=None):
        qs = qs if qs is not None else ImpactAssessment.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_officer(user):
            return qs
        return qs.filter(owner=user)


def can_update_assessment(user, assessment) -> bool:
    return is_officer(user) or (user.is_authenticated and assessment.owner_id == user.pk)


class ProposalPolicy(Policy):
    model = DecisionProposal

    def visible(self, user, qs=None):
        qs = qs if qs is not None else DecisionProposal.objects.all()
        return qs if is_officer(user) else qs.none()


def can_see_passport_dependents(user, task) -> bool:
    """Which tasks (journeys, advisers) run under a standard journey's passport task: officers
    and agency staff, who keep the passport."""
    return has_any_role(user, Role.OFFICER, Role.AGENCY_STAFF)


submissions = SubmissionPolicy()
assessments = AssessmentPolicy()
proposals = ProposalPolicy()
