"""Who may see what of impact.

Managers and agency staff see dashboards: aggregates only. A traveller sees only their own
time logs and survey answers; advisers see the time logs of the journeys they advise. Interview
notes are for advisers and agency staff. Objections: handlers (agency staff, officers) see all;
everyone else the ones they raised. The services ask these same functions.
"""

from reisbureau.constants import Role
from reisbureau.permissions import Policy, has_any_role, is_agency_staff

from .models import Interview, Objection, ProgressReport, Survey, TimeSaving, UsageImport

DASHBOARD_ROLES = (Role.MANAGER, Role.AGENCY_STAFF)
INTERVIEW_ROLES = (Role.ADVISER, Role.AGENCY_STAFF)
OBJECTION_HANDLERS = (Role.AGENCY_STAFF, Role.OFFICER)
SURVEY_BUILDERS = (Role.AGENCY_STAFF,)
SURVEY_READERS = (Role.AGENCY_STAFF, Role.MANAGER)
IMPORTERS = (Role.AGENCY_STAFF,)
# The dashboards and the progress reports: aggregates only, so the College and the Raad too.
REPORT_READERS = (Role.MANAGER, Role.AGENCY_STAFF, Role.COUNCIL)
REPORT_PUBLISHERS = (Role.AGENCY_STAFF,)


def can_see_dashboards(user) -> bool:
    return has_any_role(user, *REPORT_READERS)


def can_handle_objections(user) -> bool:
    return has_any_role(user, *OBJECTION_HANDLERS)


def can_interview(user) -> bool:
    return has_any_role(user, *INTERVIEW_ROLES)


def can_build_surveys(user) -> bool:
    return has_any_role(user, *SURVEY_BUILDERS)


def can_publish_progress_reports(user) -> bool:
    return is_agency_staff(user)


def can_reclaim_licences(user) -> bool:
    """The list of idle licences and the question to their holders: agency staff only."""
    return is_agency_staff(user)


def can_import_usage(user) -> bool:
    return has_any_role(user, *IMPORTERS)


class TimeSavingPolicy(Policy):
    """Only the traveller's own entries (advisers read journey logs through a selector)."""

    model = TimeSaving

    def visible(self, user, qs=None):
        qs = qs if qs is not None else TimeSaving.objects.all()
        if not user.is_authenticated:
            return qs.none()
        return qs.filter(traveller=user)


class ObjectionPolicy(Policy):
    model = Objection

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Objection.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if can_handle_objections(user):
            return qs
        return qs.filter(raised_by=user)


class InterviewPolicy(Policy):
    model = Interview

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Interview.objects.all()
        if not can_interview(user):
            return qs.none()
        return qs


class SurveyPolicy(Policy):
    """Every signed-in employee may open a survey to answer it if it is open to them; results
    (aggregates) are for agency staff and managers."""

    model = Survey

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Survey.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if has_any_role(user, *SURVEY_READERS):
            return qs
        from django.db.models import Q

        return qs.filter(Q(is_open=True) | Q(invitations__traveller=user)
                         | Q(responses__respondent=user)).distinct()


class UsageImportPolicy(Policy):
    model = UsageImport

    def visible(self, user, qs=None):
        qs = qs if qs is not None else UsageImport.objects.all()
        if not can_import_usage(user):
            return qs.none()
        return qs


time_savings = TimeSavingPolicy()
objections = ObjectionPolicy()
interviews = InterviewPolicy()
surveys = SurveyPolicy()
imports = UsageImportPolicy()


class ProgressReportPolicy(Policy):
    """Published progress reports: aggregates only, for managers, agency staff and the council."""

    model = ProgressReport

    def visible(self, user, qs=None):
        qs = qs if qs is not None else ProgressReport.objects.all()
        if not has_any_role(user, *REPORT_READERS):
            return qs.none()
        return qs


progress_reports = ProgressReportPolicy()
