"""Every POST view, fed empty and garbage input, answers with a page (a Dutch message), never a
500, and saves nothing when it refuses.

The URLconf is walked, so a new view is fed garbage too; a URL with arguments must be declared in
OBJECTS (how to find an object for it in the demo municipality). For every URL the first demo
role that may open it posts: nothing, unknown choices and text where numbers go, huge numbers,
negative numbers, impossible dates and over-long text, into every field the page's forms name.
Each post runs in a savepoint that is rolled back, so the posts do not see each other.
"""

import re
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from algoritmeregister.models import RegisterEntry
from community.models import (
    PostReport,
    Prompt,
    Reply,
    Topic,
    WeeklyTip,
)
from customs.models import (
    CustomsSession,
    DecisionProposal,
    ExclusionRule,
    ImpactAssessment,
    Measure,
    Submission,
)
from impact.models import LicenceCheck, Objection, ProgressReport, Survey, TimeSaving, UsageImport
from journeys.constants import TaskStatus
from learning.models import (
    LiteracyRequirement,
    Promptathon,
    PromptathonChallenge,
    PromptathonSubmission,
    PromptathonTeam,
    ToolkitPage,
    Training,
    TrainingSession,
)
from journeys.models import (
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    StandardJourney,
    TravelReport,
)
from reisbureau.models import AgencyStaffing, Department, User

# Whose turn it is to post: the first of these that may open the page.
ROLES = ["beheer", "adviseur", "douane", "manager", "reiziger"]
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/", "health/", "static/", "media/", "__")


def _first(model, **filters):
    obj = model.objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {model.__name__} matching {filters}"
    return obj


def _api_token():
    """A token of the first poster (agency staff), so its revoke form is reached."""
    from datetime import timedelta

    from django.utils import timezone

    from api import services as api_services

    owner = User.objects.get(email=f"{ROLES[0]}@voorbeeldstad.example")
    token, _key = api_services.token_create(
        user=owner, name="Power BI", expires_on=timezone.localdate() + timedelta(days=30))
    return token


def _journey():
    return _first(Journey, adviser__email="adviseur@voorbeeldstad.example")


def _task(**filters):
    return _first(JourneyTask, journey__adviser__email="adviseur@voorbeeldstad.example",
                  **filters)


def _task_kwargs(**filters):
    task = _task(**filters)
    return {"pk": task.journey_id, "task_pk": task.pk}


def _topic_with_reply():
    return _first(Reply).topic


def _people_import():
    """The demo has no HR import: an uploaded one waiting for its preview to be applied."""
    from reisbureau.models import PeopleImport, User

    staff = User.objects.filter(groups__name="agency_staff").order_by("pk").first()
    return PeopleImport.objects.order_by("pk").first() or PeopleImport.objects.create(
        uploaded_by=staff, filename="hr.csv",
        rows=[{"row": 2, "email": "nieuw@voorbeeldstad.example", "name": "Nieuwe Collega"}])


def _teams_channel():
    """The demo connects no Teams channel (its webhook would be a real address): one here."""
    from reisbureau.models import TeamsChannel, User
    from reisbureau.teams import channel_save

    staff = User.objects.filter(groups__name="agency_staff").order_by("pk").first()
    return TeamsChannel.objects.order_by("pk").first() or channel_save(
        actor=staff, name="AI-nieuws", events=["weekly_tip"],
        webhook_url="https://prod-00.westeurope.logic.azure.com/workflows/x")


OBJECTS = {
    "calendar_feed_ics": lambda: {"token": "onbekend"},
    "journeys:inventory_convert": lambda: {"pk": _first(InventoryEntry).pk},
    "journeys:request_handle": lambda: {"pk": _first(JourneyRequest).pk},
    "journeys:standard_detail": lambda: {"pk": _first(StandardJourney).pk},
    "journeys:standard_edit": lambda: {"pk": _first(StandardJourney).pk},
    "journeys:standard_start": lambda: {"pk": _first(StandardJourney).pk},
    "journeys:standard_passport": lambda: {"pk": _first(StandardJourney).pk},
    "journeys:report_detail": lambda: {"pk": _first(TravelReport).pk},
    "journeys:detail": lambda: {"pk": _journey().pk},
    "journeys:edit": lambda: {"pk": _journey().pk},
    "journeys:add_traveller": lambda: {"pk": _journey().pk},
    "journeys:join": lambda: {"pk": _first(Journey, is_open=True).pk},
    "journeys:leave": lambda: {"pk": _first(Journey, is_open=True).pk},
    "journeys:action": lambda: {"pk": _journey().pk, "action": "starten"},
    "journeys:task_add": lambda: {"pk": _journey().pk},
    "journeys:task_edit": lambda: _task_kwargs(),
    "journeys:task_test": lambda: _task_kwargs(status=TaskStatus.TESTING),
    "journeys:task_acknowledge": lambda: _task_kwargs(
        status=TaskStatus.CLEARED_WITH_MEASURES),
    "journeys:task_action": lambda: {**_task_kwargs(), "action": "omhoog"},
    "journeys:evaluation": lambda: {"pk": _journey().pk},
    "journeys:report_write": lambda: {"pk": _journey().pk},
    "customs:submit_task": lambda: {"task_pk": _task(status=TaskStatus.DRAFT).pk},
    "customs:task_history": lambda: {"task_pk": _task().pk},
    "customs:retest_reopen": lambda: {"task_pk": _task().pk},
    "customs:session_detail": lambda: {"pk": _first(CustomsSession).pk},
    "customs:submission_detail": lambda: {"pk": _first(Submission).pk},
    "customs:decide": lambda: {"pk": _first(Submission, status="open").pk},
    "customs:decide_form": lambda: {"pk": _first(Submission, status="open").pk},
    "customs:measure_edit": lambda: {"pk": _first(Measure).pk},
    "customs:assessment": lambda: {"pk": _first(ImpactAssessment).pk},
    "customs:proposal_confirm": lambda: {"pk": _first(DecisionProposal, status="pending").pk},
    "customs:proposal_object": lambda: {"pk": _first(DecisionProposal, status="pending").pk},
    "customs:rule_edit": lambda: {"pk": _first(ExclusionRule).pk},
    "customs:register_export": lambda: {"fmt": "csv"},
    "algoritmeregister:detail": lambda: {"pk": _first(RegisterEntry).pk},
    "algoritmeregister:edit": lambda: {"pk": _first(RegisterEntry, state="draft").pk},
    "algoritmeregister:transition": lambda: {"pk": _first(RegisterEntry, state="draft").pk,
                                             "action": "gereed"},
    "community:prompt_detail": lambda: {"pk": _first(Prompt).pk},
    "community:prompt_edit": lambda: {"pk": _first(Prompt).pk},
    "community:prompt_improve": lambda: {"pk": _first(Prompt).pk},
    "community:prompt_copied": lambda: {"pk": _first(Prompt).pk},
    "community:prompt_action": lambda: {"pk": _first(Prompt).pk, "action": "nuttig"},
    "community:report_dismiss": lambda: {"pk": _first(PostReport).pk},
    "community:topic_detail": lambda: {"pk": _first(Topic).pk},
    "community:topic_reply": lambda: {"pk": _first(Topic).pk},
    "community:topic_follow": lambda: {"pk": _first(Topic).pk},
    "community:topic_accept": lambda: {"pk": _topic_with_reply().pk,
                                       "reply_pk": _first(Reply).pk},
    "community:post_report": lambda: {"kind": "onderwerp", "pk": _first(Topic).pk},
    "community:post_hide": lambda: {"kind": "onderwerp", "pk": _first(Topic).pk},
    "community:tip_detail": lambda: {"pk": _first(WeeklyTip).pk},
    "community:tip_edit": lambda: {"pk": _first(WeeklyTip).pk},
    "learning:training_detail": lambda: {"pk": _first(TrainingSession).pk},
    "learning:training_offer_edit": lambda: {"pk": _first(Training).pk},
    "learning:literacy_requirement_edit": lambda: {"pk": _first(LiteracyRequirement).pk},
    "learning:literacy_requirement_delete": lambda: {"pk": _first(LiteracyRequirement).pk},
    "learning:training_register": lambda: {"pk": _first(TrainingSession).pk},
    "learning:training_cancel": lambda: {"pk": _first(TrainingSession).pk},
    "learning:training_attendance": lambda: {"pk": _first(TrainingSession).pk},
    "learning:promptathon_detail": lambda: {"pk": _first(Promptathon).pk},
    "learning:team_create": lambda: {"pk": _first(Promptathon).pk},
    "learning:winners_publish": lambda: {"pk": _first(Promptathon).pk},
    "learning:team_join": lambda: {"pk": _first(PromptathonTeam).pk},
    "learning:submission_save": lambda: {"pk": _first(PromptathonChallenge).pk},
    "learning:vote_cast": lambda: {"pk": _first(PromptathonSubmission).pk},
    "learning:key_user_dismiss": lambda: {"pk": _first(User, is_key_user=True).pk},
    "learning:toolkit_page": lambda: {"pk": _first(ToolkitPage).pk},
    "learning:toolkit_edit": lambda: {"pk": _first(ToolkitPage).pk},
    "impact:saving_edit": lambda: {"pk": _first(TimeSaving).pk},
    "impact:journey_savings": lambda: {"journey_pk": _journey().pk},
    "impact:survey_detail": lambda: {"pk": _first(Survey).pk},
    "impact:survey_answer": lambda: {"pk": _first(Survey).pk},
    "impact:objection_detail": lambda: {"pk": _first(Objection).pk},
    "impact:licence_check_answer": lambda: {"pk": _first(LicenceCheck).pk},
    "impact:import_detail": lambda: {"pk": _first(UsageImport).pk},
    "impact:import_retry": lambda: {"pk": _first(UsageImport).pk},
    "impact:progress_report_detail": lambda: {"pk": _first(ProgressReport).pk},
    "impact:progress_report_csv": lambda: {"pk": _first(ProgressReport).pk},
    "impact:progress_report_pdf": lambda: {"pk": _first(ProgressReport).pk},
    "reisbureau:people_import_detail": lambda: {"pk": _people_import().pk},
    "reisbureau:people_import_apply": lambda: {"pk": _people_import().pk},
    "reisbureau:licence_release": lambda: {
        "user_id": _first(User, licence__isnull=False).pk},
    "reisbureau:person_detail": lambda: {"pk": _first(User, email__startswith="medewerker").pk},
    "reisbureau:person_anonymise": lambda: {
        "pk": _first(User, email__startswith="medewerker").pk},
    "reisbureau:staffing_edit": lambda: {"pk": _first(AgencyStaffing).pk},
    "reisbureau:staffing_delete": lambda: {"pk": _first(AgencyStaffing).pk},
    "reisbureau:teams_channel_edit": lambda: {"pk": _teams_channel().pk},
    "reisbureau:teams_channel_delete": lambda: {"pk": _teams_channel().pk},
    "reisbureau:catalogue": lambda: {"kind": "afdelingen"},
    "reisbureau:catalogue_new": lambda: {"kind": "afdelingen"},
    "reisbureau:catalogue_edit": lambda: {"kind": "afdelingen", "pk": _first(Department).pk},
    "api_token_revoke": lambda: {"pk": _api_token().pk},
}

GARBAGE = {
    "unknown choice / text for a number": "bestaat-niet",
    "huge number": "9" * 30,
    "negative number": "-5",
    "impossible date": "2026-02-31",
    "over-long text": "x" * 20_000,
    "empty": "",
}
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)
ERROR_MARKERS = ("utrecht-form-field-error-message", "utrecht-alert--error",
                 "portal-message--error", 'role="alert"')


def _routes(resolver=None, prefix="", namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            if not route.startswith(SKIPPED_PREFIXES):
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern


class _Rollback(Exception):
    pass


@contextmanager
def _savepoint():
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in ("reisbureau", "journeys", "customs", "community", "impact",
                                     "api")}


def _may_open(response):
    if response.status_code in (403, 404):
        return False
    return not (response.status_code == 302
                and response["Location"].startswith("/accounts/login/"))


@pytest.fixture
def seeded(db):
    from community import services as community_services

    call_command("seed_demo")
    # The demo has no reported post: report one, so the moderation form is fed too.
    community_services.post_report(
        reporter=User.objects.get(email="reiziger@voorbeeldstad.example"),
        reason="Onjuist", topic=Topic.objects.order_by("pk").first())


def test_every_url_with_arguments_is_declared():
    missing = [name for name, pattern in _routes()
               if pattern.regex.groups and name not in OBJECTS]
    assert missing == [], "declare in OBJECTS how to find an object for these URLs"


def test_every_post_view_survives_garbage(client, seeded):
    failures, reached = [], []
    users = {role: User.objects.get(email=f"{role}@voorbeeldstad.example") for role in ROLES}
    for name, pattern in _routes():
        url = reverse(name, kwargs=OBJECTS[name]() if pattern.regex.groups else None)
        role = None
        for candidate in ROLES:  # a POST-only view (405 on GET) is posted to by the first role
            client.force_login(users[candidate])
            with _savepoint():
                opened = client.get(url)
            if _may_open(opened):
                role = candidate
                break
        if role is None:
            continue
        reached.append(name)
        fields = set(FIELD.findall(opened.content.decode(errors="replace"))) \
            - {"csrfmiddlewaretoken"} if opened.status_code == 200 else set()
        fields |= {"title", "body", "minutes", "seats", "date"}  # for POST-only views too
        payloads = {"nothing": {}} | {
            label: {field: value for field in fields} for label, value in GARBAGE.items()}
        before = _counts()  # every post is rolled back, so this holds before each of them
        for label, data in payloads.items():
            with _savepoint():
                try:
                    response = client.post(url, data)
                except Exception as exc:  # noqa: BLE001 - a 500 in the making
                    failures.append(f"{name} as {role}, {label}: {type(exc).__name__}: {exc}")
                    continue
                if response.status_code >= 500:
                    failures.append(f"{name} as {role}, {label}: {response.status_code}")
                    continue
                body = response.content.decode(errors="replace")
                if response.status_code == 200 and any(m in body for m in ERROR_MARKERS) \
                        and "<html" in body:
                    assert 'lang="nl"' in body, name
                    after = _counts()
                    changed = {k: (v, after[k]) for k, v in before.items() if after[k] != v}
                    if changed:
                        failures.append(f"{name} as {role}, {label}: refused but saved "
                                        f"{changed}")
    assert failures == [], "\n".join(failures)
    # The walk reaches the forms of every app (not only pages without arguments).
    assert len(reached) > 120, sorted(set(OBJECTS) - set(reached))


def test_a_pk_beyond_the_integer_range_is_an_invalid_choice(db):
    from reisbureau.forms import PersonForm

    form = PersonForm({"personas": ["9" * 30]})
    assert not form.is_valid()
    assert "personas" in form.errors
