"""The access matrix: every URL pattern of the portal against every role, with the outcome of a GET.

`tests/test_access_matrix.py` walks it with the Django test client and checks that it covers the
whole URLconf; `tests/browser/test_accessibility_everywhere.py` visits every page it says answers
200 and runs axe on it. Objects come from the demo municipality (`manage.py seed_demo`); each
row's kwargs pick an object the roles that may see it can see (the demo traveller's own journey,
prompt, time log, ...). Someone else's objects are checked in `tests/test_object_access.py`.

Outcomes: 200 (the page), LOGIN (redirect to /accounts/login/), 403, 404, 405 (POST only), or
a path the request is redirected to.
"""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "traveller", "adviser", "officer", "manager", "agency_staff", "council")

# The demo account that plays each role (with exactly that one role, see `prepare_users`).
DEMO_ACCOUNTS = {
    "traveller": "reiziger@voorbeeldstad.example",
    "adviser": "adviseur@voorbeeldstad.example",
    "officer": "douane@voorbeeldstad.example",
    "manager": "manager@voorbeeldstad.example",
    "agency_staff": "beheer@voorbeeldstad.example",
    "council": "raad@voorbeeldstad.example",
}

LOGIN = "login"

# The read API (`/api/`, names `api:…`) answers JSON with 401 instead of a login redirect: it
# has its own table of every endpoint × role in tests/api/test_access.py, which fails for an
# `api:` URL without a row there. The token page (`api_tokens`) is a page and is here.
# Not ours to prove: Django's admin, Django's language switch and django-allauth's account, MFA
# and social-account views (allauth tests those; the login/MFA flows have their own tests in
# tests/reisbureau/test_accounts.py).
EXCLUDED_NAME_PREFIXES = ("admin:", "account_", "mfa_", "socialaccount_", "openid_connect_",
                          "api:")
EXCLUDED_NAMES = ("set_language",)
# allauth's deprecated, unnamed aliases of its social-account pages, and the admin's catch-all.
EXCLUDED_UNNAMED_ROUTES = ("accounts/social/", "admin/")

# Pages whose 200 is a download (calendar, CSV, JSON), not an HTML page.
DOWNLOADS = {
    "customs:sessions_ics", "customs:register_export", "community:prompt_export",
    "learning:training_calendar", "learning:pack_export", "my_data", "health",
    "impact:progress_report_csv", "impact:progress_report_pdf", "calendar_feed_ics",
}


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[SimpleNamespace], dict]
    outcomes: tuple  # one per role, in the order of ROLES

    def expected(self, role: str):
        return self.outcomes[ROLES.index(role)]


def _no_kwargs(o):
    return {}


def row(*outcomes, kwargs=_no_kwargs):
    assert len(outcomes) == len(ROLES), outcomes
    return Row(kwargs=kwargs, outcomes=outcomes)


L, NF, FB, NA = LOGIN, 404, 403, 405
OK = 200

#                                       anonymous traveller adviser officer manager agency council
MATRIX: dict[str, Row] = {
    # --- the core: start page, licences, notifications, my data, health -----------------------
    "home": row(L, OK, OK, OK, OK, OK, OK),
    "licence_request": row(NA, NA, NA, NA, NA, NA, FB),
    "licence_waitlist_leave": row(NA, NA, NA, NA, NA, NA, FB),
    "notifications": row(L, OK, OK, OK, OK, OK, OK),
    "notifications_mark_read": row(NA, NA, NA, NA, NA, NA, NA),
    "my_data": row(L, OK, OK, OK, OK, OK, OK),
    "calendar_feed": row(L, OK, OK, OK, OK, OK, FB),
    "calendar_feed_renew": row(NA, NA, NA, NA, NA, NA, FB),
    # The secret address is the key: anyone holding it gets the traveller's feed (an unknown
    # or replaced address answers 404, tests/reisbureau/test_calendar_feed.py).
    "calendar_feed_ics": row(OK, OK, OK, OK, OK, OK, OK,
                             kwargs=lambda o: {"token": o.calendar_token}),
    "health": row(OK, OK, OK, OK, OK, OK, OK),
    # --- personal API tokens: everyone their own (the council too: it reads figures) ----------
    "api_tokens": row(L, OK, OK, OK, OK, OK, OK),
    "api_token_revoke": row(NA, NA, NA, NA, NA, NA, NA, kwargs=lambda o: {"pk": o.api_token.pk}),
    # --- the agency: capacity, licences, people, staffing, catalogues --------------------------
    "reisbureau:capacity": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:licences": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:first_start": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:licence_release": row(NA, NA, NA, NA, NA, NA, FB,
                                      kwargs=lambda o: {"user_id": o.traveller.pk}),
    "reisbureau:people": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:people_import": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:people_import_detail": row(L, FB, FB, FB, FB, OK, FB,
                                           kwargs=lambda o: {"pk": o.people_import.pk}),
    "reisbureau:people_import_apply": row(NA, NA, NA, NA, NA, NA, FB,
                                          kwargs=lambda o: {"pk": o.people_import.pk}),
    "reisbureau:person_detail": row(L, FB, FB, FB, FB, OK, FB,
                                    kwargs=lambda o: {"pk": o.traveller.pk}),
    "reisbureau:person_anonymise": row(NA, NA, NA, NA, NA, NA, FB,
                                       kwargs=lambda o: {"pk": o.traveller.pk}),
    "reisbureau:staffing": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:staffing_edit": row(L, FB, FB, FB, FB, OK, FB,
                                    kwargs=lambda o: {"pk": o.staffing.pk}),
    "reisbureau:staffing_delete": row(NA, NA, NA, NA, NA, NA, FB,
                                      kwargs=lambda o: {"pk": o.staffing.pk}),
    "reisbureau:teams_channels": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:teams_channel_edit": row(L, FB, FB, FB, FB, OK, FB,
                                         kwargs=lambda o: {"pk": o.teams_channel.pk}),
    "reisbureau:teams_channel_delete": row(NA, NA, NA, NA, NA, NA, FB,
                                           kwargs=lambda o: {"pk": o.teams_channel.pk}),
    "reisbureau:teams_outbox": row(L, FB, FB, FB, FB, OK, FB),
    "reisbureau:catalogue": row(L, FB, FB, FB, FB, OK, FB, kwargs=lambda o: {"kind": "afdelingen"}),
    "reisbureau:catalogue_new": row(L, FB, FB, FB, FB, OK, FB,
                                    kwargs=lambda o: {"kind": "functiegroepen"}),
    "reisbureau:catalogue_edit": row(L, FB, FB, FB, FB, OK, FB,
                                     kwargs=lambda o: {"kind": "personas", "pk": o.persona.pk}),
    # --- journeys ------------------------------------------------------------------------------
    "journeys:action": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk, "action": "starten"}),
    "journeys:add_traveller": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:detail": row(L, OK, OK, NF, NF, OK, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:edit": row(L, FB, OK, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    # The evaluating journey: the demo traveller is not on it, its adviser and agency staff are.
    "journeys:evaluation": row(L, NF, OK, NF, NF, OK, FB,
        kwargs=lambda o: {"pk": o.evaluating_journey.pk}),
    "journeys:index": row(L, OK, OK, OK, OK, OK, FB),
    "journeys:inventory": row(L, FB, OK, FB, FB, OK, FB),
    "journeys:inventory_convert": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.inventory_entry.pk}),
    "journeys:join": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:leave": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:new": row(L, FB, OK, FB, FB, OK, FB),
    "journeys:planning": row(L, FB, OK, FB, FB, OK, FB),
    "journeys:report_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.travel_report.pk}),
    "journeys:report_write": row(L, OK, OK, NF, NF, OK, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:reports": row(L, OK, OK, OK, OK, OK, FB),
    "journeys:request": row(NA, NA, NA, NA, NA, NA, FB),
    "journeys:request_handle": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey_request.pk}),
    "journeys:requests": row(L, FB, OK, FB, FB, OK, FB),
    "journeys:standard_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.standard_journey.pk}),
    "journeys:standard_edit": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.standard_journey.pk}),
    "journeys:standard_list": row(L, OK, OK, OK, OK, OK, FB),
    "journeys:standard_new": row(L, FB, FB, FB, FB, OK, FB),
    "journeys:standard_start": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.standard_journey.pk}),
    "journeys:standard_passport": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.standard_journey.pk}),
    "journeys:task_action": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk, "action": "omhoog"}),
    "journeys:task_add": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk}),
    "journeys:task_edit": row(L, FB, OK, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}),
    "journeys:task_acknowledge": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}),
    # The test form of a task in testing (the demo traveller is on its journey); POST records.
    "journeys:task_test": row(L, OK, OK, NF, NF, OK, FB,
        kwargs=lambda o: {"pk": o.journey.pk, "task_pk": o.task.pk}),
    "journeys:workshop": row(L, FB, OK, FB, FB, OK, FB),
    # --- customs -------------------------------------------------------------------------------
    # The demo's high-risk DPIA: its owner is the adviser who submitted the task.
    "customs:assessment": row(L, NF, OK, OK, NF, NF, FB,
        kwargs=lambda o: {"pk": o.assessment.pk}),
    "customs:audit": row(L, FB, FB, OK, FB, OK, FB),
    # --- the published register (REGISTER_PUBLIC off: anonymous visitors go to the login) ------
    "algoritmeregister:index": row(L, OK, OK, OK, OK, OK, OK),
    "algoritmeregister:detail": row(L, OK, OK, OK, OK, OK, OK,
        kwargs=lambda o: {"pk": o.register_entry.pk}),
    "algoritmeregister:manage": row(L, FB, FB, OK, FB, FB, FB),
    "algoritmeregister:create_missing": row(NA, NA, NA, NA, NA, NA, FB),
    "algoritmeregister:edit": row(L, FB, FB, OK, FB, FB, FB,
        kwargs=lambda o: {"pk": o.register_entry.pk}),
    "algoritmeregister:transition": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.register_entry.pk, "action": "gereed"}),
    "customs:decide": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.submission.pk}),
    # Without htmx the decision form is on the submission's own page.
    "customs:decide_form": row(L, FB, FB, lambda o: f"/douane/inzendingen/{o.submission.pk}/",
                               FB, FB, FB, kwargs=lambda o: {"pk": o.submission.pk}),
    "customs:index": row(L, FB, OK, OK, FB, OK, FB),
    "customs:measure_edit": row(L, FB, FB, OK, FB, FB, FB,
        kwargs=lambda o: {"pk": o.measure.pk}),
    "customs:measure_new": row(L, FB, FB, OK, FB, FB, FB),
    "customs:measures": row(L, FB, FB, OK, FB, FB, FB),
    "customs:proposal_confirm": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.proposal.pk}),
    "customs:proposal_object": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.proposal.pk}),
    "customs:register": row(L, FB, FB, OK, FB, OK, OK),
    "customs:register_export": row(L, FB, FB, OK, FB, OK, OK,
        kwargs=lambda o: {"fmt": "csv"}),
    "customs:rule_edit": row(L, FB, FB, OK, FB, FB, FB,
        kwargs=lambda o: {"pk": o.rule.pk}),
    "customs:retest_reopen": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"task_pk": o.task.pk}),
    "customs:rule_new": row(L, FB, FB, OK, FB, FB, FB),
    "customs:rules": row(L, FB, FB, OK, FB, FB, FB),
    "customs:session_detail": row(L, FB, FB, OK, FB, FB, FB,
        kwargs=lambda o: {"pk": o.session.pk}),
    "customs:session_next": row(L, FB, FB, lambda o: f"/douane/zittingen/{o.next_session.pk}/",
                                  FB, FB, FB),
    "customs:session_plan": row(NA, NA, NA, NA, NA, NA, FB),
    "customs:sessions": row(L, FB, FB, OK, FB, FB, FB),
    "customs:sessions_ics": row(L, FB, FB, OK, FB, FB, FB),
    "customs:submission_detail": row(L, FB, FB, OK, FB, FB, FB,
        kwargs=lambda o: {"pk": o.submission.pk}),
    "customs:submit_task": row(L, FB, OK, FB, FB, OK, FB,
        kwargs=lambda o: {"task_pk": o.task.pk}),
    "customs:task_history": row(L, OK, OK, OK, NF, OK, FB,
        kwargs=lambda o: {"task_pk": o.task.pk}),
    "customs:tool_changes": row(L, FB, FB, OK, FB, FB, FB),
    # --- community -----------------------------------------------------------------------------
    "community:board": row(L, OK, OK, OK, OK, OK, FB),
    "community:index": row(L, OK, OK, OK, OK, OK, FB),
    "community:moderation": row(L, FB, FB, FB, FB, OK, FB),
    "community:post_hide": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"kind": "reactie", "pk": o.reply.pk}),
    "community:post_report": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"kind": "onderwerp", "pk": o.topic.pk}),
    "community:prompt_action": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.prompt.pk, "action": "nuttig"}),
    "community:prompt_copied": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.prompt.pk}),
    "community:prompt_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.prompt.pk}),
    "community:prompt_edit": row(L, OK, FB, FB, FB, FB, FB,
        kwargs=lambda o: {"pk": o.prompt.pk}),
    "community:prompt_export": row(L, OK, OK, OK, OK, OK, FB),
    "community:prompt_import": row(L, OK, OK, OK, OK, OK, FB),
    # Improving your own prompt is editing it.
    "community:prompt_improve": row(L, lambda o: f"/community/prompts/{o.prompt.pk}/bewerken/",
                                    OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.prompt.pk}),
    "community:prompt_new": row(L, OK, OK, OK, OK, OK, FB),
    "community:prompts": row(L, OK, OK, OK, OK, OK, FB),
    "community:report_dismiss": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.post_report.pk}),
    "community:tip_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.tip.pk}),
    "community:tip_edit": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.tip.pk}),
    "community:tip_new": row(L, FB, FB, FB, FB, OK, FB),
    "community:tip_preference": row(NA, NA, NA, NA, NA, NA, FB),
    "community:tips": row(L, OK, OK, OK, OK, OK, FB),
    "community:topic_accept": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.topic.pk, "reply_pk": o.reply.pk}),
    "community:topic_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.topic.pk}),
    "community:topic_follow": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.topic.pk}),
    "community:topic_new": row(L, OK, OK, OK, OK, OK, FB),
    "community:topic_reply": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.topic.pk}),
    # --- learning (pages under /community/) ----------------------------------------------------
    "learning:key_user_appoint": row(L, FB, FB, FB, FB, OK, FB),
    "learning:key_user_dismiss": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.key_user.user_id}),
    "learning:key_users": row(L, OK, OK, OK, OK, OK, FB),
    "learning:literacy_register": row(L, FB, FB, FB, OK, OK, FB),
    "learning:literacy_requirements": row(L, FB, FB, FB, FB, OK, FB),
    "learning:literacy_requirement_new": row(L, FB, FB, FB, FB, OK, FB),
    "learning:literacy_requirement_edit": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.literacy_requirement.pk}),
    "learning:literacy_requirement_delete": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.literacy_requirement.pk}),
    "learning:pack_export": row(L, FB, FB, FB, FB, OK, FB),
    "learning:pack_import": row(L, FB, FB, FB, FB, OK, FB),
    "learning:promptathon_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.promptathon.pk}),
    "learning:promptathon_new": row(L, FB, FB, FB, FB, OK, FB),
    "learning:promptathons": row(L, OK, OK, OK, OK, OK, FB),
    "learning:submission_save": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.challenge.pk}),
    "learning:team_create": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.promptathon.pk}),
    "learning:team_join": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.team.pk}),
    "learning:toolkit": row(L, OK, OK, OK, OK, OK, FB),
    "learning:toolkit_edit": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.toolkit_page.pk}),
    "learning:toolkit_new": row(L, FB, FB, FB, FB, OK, FB),
    "learning:toolkit_page": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.toolkit_page.pk}),
    "learning:training_attendance": row(L, FB, OK, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.training.pk}),
    "learning:training_calendar": row(L, OK, OK, OK, OK, OK, FB),
    "learning:training_cancel": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.training.pk}),
    "learning:training_detail": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.training.pk}),
    "learning:training_new": row(L, FB, FB, FB, FB, OK, FB),
    "learning:training_offers": row(L, FB, FB, FB, FB, OK, FB),
    "learning:training_offer_new": row(L, FB, FB, FB, FB, OK, FB),
    "learning:training_offer_edit": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.training_offer.pk}),
    "learning:training_register": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.training.pk}),
    "learning:trainings": row(L, OK, OK, OK, OK, OK, FB),
    "learning:vote_cast": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.promptathon_submission.pk}),
    "learning:winners_publish": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.promptathon.pk}),
    # --- impact --------------------------------------------------------------------------------
    "impact:dashboard": row(L, FB, FB, FB, OK, OK, OK),
    "impact:evaluation_report": row(L, FB, OK, FB, OK, OK, FB),
    "impact:governance_report": row(L, FB, FB, FB, OK, OK, OK),
    "impact:import_detail": row(L, FB, FB, FB, FB, OK, FB,
        kwargs=lambda o: {"pk": o.usage_import.pk}),
    "impact:imports": row(L, FB, FB, FB, FB, OK, FB),
    "impact:import_graph": row(NA, NA, NA, NA, NA, NA, FB),
    "impact:import_retry": row(NA, NA, NA, NA, NA, NA, FB,
        kwargs=lambda o: {"pk": o.usage_import.pk}),
    "impact:index": row(L, OK, OK, OK, OK, OK, OK),
    "impact:licence_check_answer": row(L, OK, NF, NF, NF, NF, FB,
        kwargs=lambda o: {"pk": o.licence_check.pk}),
    "impact:licence_reclaim": row(L, FB, FB, FB, FB, OK, FB),
    "impact:licence_reclaim_ask": row(NA, NA, NA, NA, NA, NA, FB),
    "impact:interviews": row(L, FB, OK, FB, FB, OK, FB),
    "impact:journey_savings": row(L, FB, OK, FB, FB, OK, FB,
        kwargs=lambda o: {"journey_pk": o.journey.pk}),
    "impact:objection_detail": row(L, OK, NF, OK, NF, OK, FB,
        kwargs=lambda o: {"pk": o.objection.pk}),
    "impact:objection_new": row(L, OK, OK, OK, OK, OK, FB),
    "impact:objections": row(L, OK, OK, OK, OK, OK, FB),
    "impact:ranking": row(L, FB, FB, FB, OK, OK, OK),
    "impact:saving_edit": row(L, OK, NF, NF, NF, NF, FB,
        kwargs=lambda o: {"pk": o.time_saving.pk}),
    "impact:saving_log": row(NA, NA, NA, NA, NA, NA, FB),
    "impact:savings": row(L, OK, OK, OK, OK, OK, FB),
    "impact:survey_answer": row(L, OK, OK, OK, OK, OK, FB,
        kwargs=lambda o: {"pk": o.survey.pk}),
    "impact:survey_detail": row(L, FB, FB, FB, OK, OK, FB,
        kwargs=lambda o: {"pk": o.survey.pk}),
    "impact:surveys": row(L, FB, FB, FB, OK, OK, FB),
    "impact:progress_reports": row(L, FB, FB, FB, OK, OK, OK),
    "impact:progress_report_publish": row(NA, NA, NA, NA, NA, NA, FB),
    "impact:progress_report_detail": row(L, FB, FB, FB, OK, OK, OK,
        kwargs=lambda o: {"pk": o.progress_report.pk}),
    "impact:progress_report_csv": row(L, FB, FB, FB, OK, OK, OK,
        kwargs=lambda o: {"pk": o.progress_report.pk}),
    "impact:progress_report_pdf": row(L, FB, FB, FB, OK, OK, OK,
        kwargs=lambda o: {"pk": o.progress_report.pk}),

}


# --- objects ------------------------------------------------------------------------------------

def demo_world(django_db_blocker):
    """Generator for a module-scoped fixture: the demo municipality built once, rolled back after.

    Tests that use it also take `db`, so what each test writes is undone by its own savepoint.
    """
    import io

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            users = prepare_users()
            yield users, demo_objects(users)
            transaction.set_rollback(True)


def prepare_users() -> dict:
    """The demo accounts, each holding exactly the one role it plays (no superuser, no staff)."""
    from django.contrib.auth.models import Group

    from reisbureau.models import User

    users = {}
    for role, email in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        user.groups.set([Group.objects.get(name=role)])
        User.objects.filter(pk=user.pk).update(is_superuser=False, is_staff=False)
        user.refresh_from_db()
        users[role] = user
    return users


def demo_objects(users: dict) -> SimpleNamespace:
    """The objects the matrix's URLs point at: ones the demo traveller/adviser own or share."""
    from community.models import PostReport, Prompt, Reply, WeeklyTip
    from learning.models import (KeyUserProfile, LiteracyRequirement, Promptathon,
                                 PromptathonChallenge, PromptathonSubmission, PromptathonTeam,
                                 ToolkitPage, Training, TrainingSession)
    from algoritmeregister.models import RegisterEntry
    from customs.models import (CustomsSession, DecisionProposal, ExclusionRule,
                                ImpactAssessment, Measure, Submission)
    from impact.models import Objection, ProgressReport, Survey, TimeSaving, UsageImport
    from journeys.models import (InventoryEntry, Journey, JourneyRequest, StandardJourney,
                                 TravelReport)
    from django.utils import timezone

    from reisbureau.models import AgencyStaffing, PeopleImport, Persona, TeamsChannel

    traveller = users["traveller"]
    journey = Journey.objects.get(title="Beleidsanalyse Ruimte")
    from datetime import timedelta

    from api import services as api_services

    api_token, _key = api_services.token_create(
        user=traveller, name="Power BI", expires_on=timezone.localdate() + timedelta(days=30))
    task = journey.tasks.order_by("order", "pk").first()
    submission = Submission.objects.filter(task__journey=journey).order_by("pk").first()
    topic_reply = Reply.objects.filter(topic__author=traveller).order_by("pk").first()
    promptathon = Promptathon.objects.order_by("pk").first()
    return SimpleNamespace(
        traveller=traveller,
        calendar_token=_calendar_token(traveller),
        api_token=api_token,
        literacy_requirement=LiteracyRequirement.objects.order_by("pk").first(),
        training_offer=Training.objects.order_by("pk").first(),
        staffing=AgencyStaffing.objects.order_by("pk").first(),
        people_import=PeopleImport.objects.order_by("pk").first() or _people_import(users),
        teams_channel=TeamsChannel.objects.order_by("pk").first() or _teams_channel(users),
        persona=Persona.objects.order_by("pk").first(),
        journey=journey,
        evaluating_journey=Journey.objects.get(title="Klantcontact: snellere antwoorden"),
        next_session=CustomsSession.objects.filter(date__gte=timezone.localdate())
        .order_by("date").first(),
        task=task,
        inventory_entry=InventoryEntry.objects.filter(employee=traveller).first(),
        journey_request=JourneyRequest.objects.order_by("pk").first(),
        standard_journey=StandardJourney.objects.filter(is_published=True).order_by("pk").first(),
        travel_report=TravelReport.objects.filter(published_at__isnull=False).order_by("pk")
        .first(),
        session=submission.session,
        submission=submission,
        measure=Measure.objects.order_by("pk").first(),
        assessment=ImpactAssessment.objects.filter(
            submission__task__work_task="Inspraakreacties van inwoners ordenen", kind="dpia")
        .order_by("pk").first(),
        proposal=DecisionProposal.objects.filter(status="pending").order_by("pk").first(),
        rule=ExclusionRule.objects.order_by("pk").first(),
        prompt=Prompt.objects.filter(author=traveller, visibility="everyone").order_by("pk")
        .first(),
        topic=topic_reply.topic,
        reply=topic_reply,
        post_report=PostReport.objects.order_by("pk").first() or _report(topic_reply),
        tip=WeeklyTip.objects.filter(published_at__isnull=False).order_by("pk").first(),
        training=TrainingSession.objects.order_by("-starts_at").first(),
        promptathon=promptathon,
        team=PromptathonTeam.objects.filter(promptathon=promptathon).order_by("pk").first(),
        challenge=PromptathonChallenge.objects.filter(promptathon=promptathon).order_by("pk")
        .first(),
        promptathon_submission=PromptathonSubmission.objects.order_by("pk").first(),
        key_user=KeyUserProfile.objects.order_by("pk").first(),
        toolkit_page=ToolkitPage.objects.order_by("pk").first(),
        time_saving=TimeSaving.objects.filter(traveller=traveller).order_by("pk").first(),
        survey=Survey.objects.filter(is_open=True).order_by("pk").first(),
        objection=Objection.objects.filter(raised_by=traveller).order_by("pk").first(),
        usage_import=UsageImport.objects.order_by("pk").first(),
        progress_report=ProgressReport.objects.order_by("-period_end", "-pk").first(),
        licence_check=_licence_check(users),
        register_entry=RegisterEntry.objects.filter(state="published").order_by("pk").first(),
    )


def _licence_check(users):
    """The demo traveller's own question "do you still use your licence?" (the demo asks an
    idle holder; the demo traveller is active, so the question is made here)."""
    from impact.models import LicenceCheck

    return LicenceCheck.objects.filter(user=users["traveller"]).first() or (
        LicenceCheck.objects.create(user=users["traveller"], asked_by=users["agency_staff"]))


def _calendar_token(user):
    """The demo traveller's secret calendar address (made through the service)."""
    from reisbureau.calendar_feeds import token_for
    from reisbureau.services import calendar_feed_renew

    return token_for(calendar_feed_renew(user=user).nonce)


def _people_import(users):
    """A previewed HR import (one row: the demo traveller, unchanged)."""
    from reisbureau.models import PeopleImport

    traveller = users["traveller"]
    return PeopleImport.objects.create(
        uploaded_by=users["agency_staff"], filename="hr.csv", total_rows=1,
        rows=[{"row": 2, "email": traveller.email}])


def _teams_channel(users):
    """A connected Teams channel (the demo has none: its webhook would be a real address)."""
    from reisbureau.teams import channel_save

    return channel_save(actor=users["agency_staff"], name="AI-nieuws", events=["weekly_tip"],
                        webhook_url="https://prod-00.westeurope.logic.azure.com/workflows/x")


def _report(reply):
    """The demo has no reported post; one employee reports a reply (through the service)."""
    from community import services
    from reisbureau.models import User

    reporter = User.objects.get(email="medewerker30@voorbeeldstad.example")
    services.post_report(reporter=reporter, reason="Klopt dit wel?", reply=reply)
    from community.models import PostReport

    return PostReport.objects.get(reply=reply, reporter=reporter)


# --- the URLconf ------------------------------------------------------------------------------

def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield name, prefix + str(p.pattern)


def is_excluded(name: str | None, route: str) -> bool:
    if name is None:
        return route.startswith(EXCLUDED_UNNAMED_ROUTES)
    return name.startswith(EXCLUDED_NAME_PREFIXES) or name in EXCLUDED_NAMES


def project_url_names() -> set:
    """Every URL pattern of the URLconf that the matrix must declare (unnamed ones by route)."""
    return {name or route for name, route in _walk(get_resolver().url_patterns)
            if not is_excluded(name, route)}
