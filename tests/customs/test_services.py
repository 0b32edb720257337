"""Customs services: submission, every decision path, the refusals, immutability, re-review."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from customs import services
from customs.constants import Decision, RiskLevel, SubmissionReason, SubmissionStatus
from customs.models import CustomsDecision, Submission
from journeys.constants import JourneyStatus, TaskStatus, Tool
from journeys.models import JourneyTask
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.customs.factories import (
    SAFE_ANSWERS,
    CustomsDecisionFactory,
    ExclusionRuleFactory,
    MeasureFactory,
    OfficerFactory,
    SubmissionFactory,
)
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db


# --- Submission ----------------------------------------------------------------------------

def test_submission_keeps_a_snapshot_and_joins_the_next_session(adviser, traveller):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser, travellers=[traveller]),
                              work_task="Notulen maken", tool=Tool.TEAMS)
    submission = services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    task.refresh_from_db()
    assert task.status == TaskStatus.AT_CUSTOMS
    assert submission.snapshot["work_task"] == "Notulen maken"
    assert submission.snapshot["tool"] == Tool.TEAMS
    assert submission.session.date >= timezone.localdate()
    assert submission.proposed_risk == RiskLevel.LOW
    assert AuditEntry.objects.filter(action="customs.submitted").exists()
    JourneyTask.objects.filter(pk=task.pk).update(work_task="Iets anders")
    submission.refresh_from_db()
    assert submission.snapshot["work_task"] == "Notulen maken"


def test_submission_flags_a_matching_exclusion_rule(adviser):
    rule = ExclusionRuleFactory(title="Gevoelige gesprekken", keywords="gesprek")
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser),
                              work_task="Gesprekken met cliënten samenvatten")
    submission = services.submission_create(
        task=task, actor=adviser, answers={**SAFE_ANSWERS, "social_domain": True})
    assert list(submission.matched_rules.all()) == [rule]
    assert submission.proposed_risk == RiskLevel.EXCLUDED


def test_only_the_journeys_adviser_submits(adviser, make_user):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    with pytest.raises(DomainError):
        services.submission_create(task=task, actor=make_user("adviser"), answers=SAFE_ANSWERS)
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT and not Submission.objects.exists()


# One submit rule for the page and the service (customs.permissions.can_submit): who submits a
# task of a journey planned by `planner`. "former adviser" is the journey's adviser who no longer
# holds the adviser role: the page never offered them the form, and now the service refuses too.
SUBMITTERS = [
    ("the journey's adviser", True),
    ("another adviser", False),
    ("agency staff", True),
    ("officer", False),
    ("traveller of the journey", False),
    ("former adviser", False),
]


def submit_case(who, make_user):
    """(task, actor) for one row of SUBMITTERS."""
    if who == "former adviser":
        planner = make_user("traveller")
        return JourneyTaskFactory(journey=JourneyFactory(adviser=planner)), planner
    planner, member = make_user("adviser", "traveller"), make_user("traveller")
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=planner, travellers=[member]))
    actor = {
        "the journey's adviser": lambda: planner,
        "another adviser": lambda: make_user("adviser", "traveller"),
        "agency staff": lambda: make_user("agency_staff", "traveller"),
        "officer": lambda: make_user("officer", "traveller"),
        "traveller of the journey": lambda: member,
    }[who]()
    return task, actor


@pytest.mark.parametrize(("who", "may"), SUBMITTERS)
def test_the_service_lets_submit_exactly_whom_the_page_shows_the_form(who, may, make_user):
    from customs.permissions import can_submit

    task, actor = submit_case(who, make_user)
    assert can_submit(actor, task) is may
    if may:
        services.submission_create(task=task, actor=actor, answers=SAFE_ANSWERS)
        assert Submission.objects.get().submitted_by == actor
    else:
        with pytest.raises(DomainError, match="Alleen de reisadviseur van deze reis"):
            services.submission_create(task=task, actor=actor, answers=SAFE_ANSWERS)
        task.refresh_from_db()
        assert task.status == TaskStatus.DRAFT and not Submission.objects.exists()


def test_a_task_at_customs_cannot_be_submitted_twice(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    with pytest.raises(DomainError, match="kan niet worden ingediend"):
        services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    assert Submission.objects.count() == 1


# --- Decisions -----------------------------------------------------------------------------

@pytest.fixture
def submission(adviser, traveller):
    journey = JourneyFactory(adviser=adviser, travellers=[traveller])
    return SubmissionFactory(task=JourneyTaskFactory(journey=journey, at_customs=True))


@pytest.mark.parametrize("decision, status", [
    (Decision.CLEARED, TaskStatus.CLEARED),
    (Decision.EXCLUDED, TaskStatus.EXCLUDED),
    (Decision.SENT_BACK, TaskStatus.SENT_BACK),
])
def test_decision_paths_move_the_task_through_journeys(submission, officer, decision, status):
    record = services.decision_record(submission=submission, officer=officer,
                                      decision=decision, rationale="Besproken")
    submission.refresh_from_db()
    task = JourneyTask.objects.get(pk=submission.task_id)
    assert task.status == status and task.clearance_rationale == "Besproken"
    assert submission.status == SubmissionStatus.DECIDED and record.officer == officer
    entry = AuditEntry.objects.get(action="customs.decided")
    assert entry.data["decision"] == decision and entry.actor == officer


def test_cleared_with_measures_from_the_catalogue_and_free_text(submission, officer,
                                                                 traveller):
    laptop, check = MeasureFactory(title="Alleen op een gemeentelaptop"), MeasureFactory(
        title="Uitkomst laten controleren")
    record = services.decision_record(
        submission=submission, officer=officer, decision=Decision.CLEARED_WITH_MEASURES,
        measures=[laptop, check], extra_measures="Geen namen invoeren\n\n",
        rationale="Met maatregelen")
    task = JourneyTask.objects.get(pk=submission.task_id)
    expected = ["Alleen op een gemeentelaptop", "Uitkomst laten controleren",
                "Geen namen invoeren"]
    assert record.measures == expected and task.measures == expected
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES
    told = Notification.objects.get(recipient=traveller)
    assert "Alleen op een gemeentelaptop" in told.body
    assert Notification.objects.filter(recipient=submission.task.journey.adviser).exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"decision": Decision.EXCLUDED, "rationale": "  "}, "onderbouwing"),
    ({"decision": Decision.SENT_BACK, "rationale": ""}, "onderbouwing"),
    ({"decision": Decision.CLEARED_WITH_MEASURES, "rationale": "",
      "extra_measures": "Geen namen"}, "onderbouwing"),
    ({"decision": Decision.CLEARED_WITH_MEASURES, "rationale": "x"}, "maatregel"),
    ({"decision": Decision.CLEARED, "rationale": "x", "extra_measures": "Iets"}, "maatregel"),
    ({"decision": "approved", "rationale": "x"}, "Onbekend"),
])
def test_bad_decisions_are_refused_in_dutch_and_change_nothing(submission, officer, kwargs,
                                                              message):
    with pytest.raises(DomainError, match=message):
        services.decision_record(submission=submission, officer=officer, **kwargs)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN
    assert not CustomsDecision.objects.exists()
    assert JourneyTask.objects.get(pk=submission.task_id).status == TaskStatus.AT_CUSTOMS


def test_a_decided_submission_is_refused_and_names_who_decided(submission, officer):
    services.decision_record(submission=submission, officer=officer,
                             decision=Decision.CLEARED, rationale="In orde")
    other = OfficerFactory()
    with pytest.raises(DomainError, match="al besloten"):
        services.decision_record(submission=submission, officer=other,
                                 decision=Decision.EXCLUDED, rationale="Toch niet")
    assert CustomsDecision.objects.count() == 1


def test_the_planner_never_decides_even_as_officer(submission, adviser):
    from django.contrib.auth.models import Group

    adviser.groups.add(Group.objects.get(name="officer"))
    adviser.__dict__.pop("role_names", None)
    with pytest.raises(DomainError, match="andere douanier"):
        services.decision_record(submission=submission, officer=adviser,
                                 decision=Decision.CLEARED, rationale="Eigen taak")
    assert not CustomsDecision.objects.exists()


def test_a_non_officer_cannot_decide(submission, make_user):
    with pytest.raises(DomainError):
        services.decision_record(submission=submission, officer=make_user("manager"),
                                 decision=Decision.CLEARED, rationale="x")


def test_a_stale_snapshot_is_refused(submission, officer):
    JourneyTask.objects.filter(pk=submission.task_id).update(tool=Tool.OTHER,
                                                             tool_other="ChatGPT")
    with pytest.raises(DomainError, match="opnieuw indienen"):
        services.decision_record(submission=submission, officer=officer,
                                 decision=Decision.CLEARED, rationale="x")
    assert not CustomsDecision.objects.exists()


def test_an_officer_in_english_decides_on_a_task_submitted_in_dutch(officer):
    from django.utils import translation

    submission = SubmissionFactory(task=JourneyTaskFactory(at_customs=True, tool=Tool.OTHER))
    # The label is stored in Dutch, as the adviser saw it; in English it reads differently.
    assert submission.snapshot["tool_label"] == "Ander goedgekeurd hulpmiddel"
    with translation.override("en"):
        decision = services.decision_record(submission=submission, officer=officer,
                                            decision=Decision.CLEARED, rationale="In orde")
    assert decision.pk


def test_a_new_decision_supersedes_the_old_and_history_stays(submission, officer, adviser):
    first = services.decision_record(submission=submission, officer=officer,
                                     decision=Decision.SENT_BACK, rationale="Meer info")
    task = JourneyTask.objects.get(pk=submission.task_id)
    again = services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    second = services.decision_record(submission=again, officer=officer,
                                      decision=Decision.CLEARED, rationale="Nu goed")
    assert second.supersedes == first
    assert list(CustomsDecision.objects.filter(task=task).order_by("decided_at", "pk")) == [
        first, second]


# --- One face, one lock, one audit entry a step -------------------------------------------

def _new_entries(before):
    return list(AuditEntry.objects.filter(pk__gt=before).exclude(
        action="customs.session_planned").values_list("action", "data"))


def test_submitting_writes_one_audit_entry_with_the_tasks_move(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    services.session_plan()
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    submission = services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    [(action, data)] = _new_entries(before)
    assert action == "customs.submitted"
    assert data == {"task": task.pk, "journey": task.journey_id, "from": TaskStatus.DRAFT,
                    "to": TaskStatus.AT_CUSTOMS, "risk": submission.proposed_risk,
                    "session": submission.session.date.isoformat()}


@pytest.mark.parametrize("reason, status, decision, to", [
    (SubmissionReason.NEW, TaskStatus.AT_CUSTOMS, Decision.CLEARED, TaskStatus.CLEARED),
    (SubmissionReason.NEW, TaskStatus.AT_CUSTOMS, Decision.SENT_BACK, TaskStatus.SENT_BACK),
    (SubmissionReason.EXPIRED, TaskStatus.ADOPTED, Decision.CLEARED, TaskStatus.ADOPTED),
    (SubmissionReason.TOOL_CHANGED, TaskStatus.TESTING, Decision.EXCLUDED,
     TaskStatus.EXCLUDED),
])
def test_deciding_writes_one_audit_entry_with_the_tasks_move(adviser, officer, reason, status,
                                                            decision, to):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), status=status)
    submission = SubmissionFactory(task=task, reason=reason)
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    record = services.decision_record(submission=submission, officer=officer,
                                      decision=decision, rationale="Besproken")
    [(action, data)] = _new_entries(before)
    assert action == "customs.decided"
    assert data == {"task": task.pk, "journey": task.journey_id, "from": status, "to": to,
                    "decision": decision, "measures": [], "rationale": "Besproken",
                    "supersedes": None}
    assert record.task_id == task.pk
    assert JourneyTask.objects.get(pk=task.pk).status == to


def _first_task_query(ctx):
    return next(q["sql"] for q in ctx.captured_queries if "journeys_journeytask" in q["sql"])


def test_submitting_and_deciding_lock_the_task_before_reading_it(adviser, officer):
    from django.test.utils import CaptureQueriesContext

    task = JourneyTask.objects.get(pk=JourneyTaskFactory(
        journey=JourneyFactory(adviser=adviser)).pk)
    with CaptureQueriesContext(connection) as submitted:
        submission = services.submission_create(task=task, actor=adviser,
                                                answers=SAFE_ANSWERS)
    with CaptureQueriesContext(connection) as decided:
        services.decision_record(submission=Submission.objects.get(pk=submission.pk),
                                 officer=officer, decision=Decision.CLEARED,
                                 rationale="In orde")
    for ctx in (submitted, decided):
        reads = [q["sql"] for q in ctx.captured_queries
                 if q["sql"].startswith("SELECT") and 'FROM "journeys_journeytask"' in q["sql"]]
        assert len(reads) == 1, reads  # read once, locked
        assert _first_task_query(ctx) == reads[0]
        if connection.vendor == "postgresql":
            assert "FOR UPDATE" in reads[0]


# --- Immutability --------------------------------------------------------------------------

def test_a_decision_has_no_update_or_delete_path(officer):
    record = CustomsDecisionFactory(officer=officer)
    record.rationale = "Herschreven"
    for attempt in (record.save, record.delete,
                    lambda: CustomsDecision.objects.filter(pk=record.pk).update(rationale="x"),
                    lambda: CustomsDecision.objects.filter(pk=record.pk).delete()):
        with pytest.raises(ValidationError):
            attempt()
    assert CustomsDecision.objects.get(pk=record.pk).rationale == "In orde"


def test_the_admin_cannot_change_or_delete_a_decision(rf, make_user):
    from django.contrib import admin

    from customs.models import CustomsDecision as Model

    request = rf.get("/")
    request.user = make_user(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[Model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="The database trigger exists on PostgreSQL only")
def test_postgres_refuses_raw_update_and_delete_of_a_decision(officer):
    from django.db.utils import IntegrityError

    record = CustomsDecisionFactory(officer=officer)
    for sql in ("UPDATE customs_customsdecision SET rationale = 'x' WHERE id = %s",
                "DELETE FROM customs_customsdecision WHERE id = %s"):
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [record.pk])
    assert CustomsDecision.objects.get(pk=record.pk).rationale == "In orde"


# --- Concurrency (PostgreSQL) --------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises all writers; row locks need PostgreSQL")
def test_two_officers_deciding_at_once_one_decision_counts(adviser, traveller):
    from django.db import connections

    submission = SubmissionFactory(task=JourneyTaskFactory(
        journey=JourneyFactory(adviser=adviser, travellers=[traveller]), at_customs=True))
    officers = [OfficerFactory(), OfficerFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(officer, decision):
        try:
            barrier.wait()
            services.decision_record(submission=submission, officer=officer,
                                     decision=decision, rationale="Gelijktijdig")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(o, d)) for o, d in
               zip(officers, [Decision.CLEARED, Decision.EXCLUDED])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert any("al besloten" in o for o in outcomes if o != "ok")
    assert CustomsDecision.objects.filter(submission=submission).count() == 1


# --- Re-review -----------------------------------------------------------------------------

def _cleared_task(adviser, officer, **task_kwargs):
    journey = JourneyFactory(adviser=adviser, status=JourneyStatus.TRAVELLING)
    task = JourneyTaskFactory(journey=journey, **task_kwargs)
    services.decision_record(
        submission=services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS),
        officer=officer, decision=Decision.CLEARED, rationale="In orde")
    return JourneyTask.objects.get(pk=task.pk)


def test_rereview_after_the_decision_ages(time_machine, adviser, officer, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "REREVIEW_MONTHS": 12}
    start = dt.datetime(2026, 1, 6, 9, tzinfo=dt.timezone.utc)
    time_machine.move_to(start, tick=False)
    task = _cleared_task(adviser, officer)
    time_machine.move_to(start + dt.timedelta(days=364), tick=False)
    assert services.rereviews_queue() == {"expired": 0, "tool_changed": 0}
    time_machine.move_to(start + dt.timedelta(days=366), tick=False)
    assert services.rereviews_queue() == {"expired": 1, "tool_changed": 0}
    assert services.rereviews_queue() == {"expired": 0, "tool_changed": 0}
    again = Submission.objects.get(status=SubmissionStatus.OPEN)
    assert again.reason == SubmissionReason.EXPIRED and again.task_id == task.pk
    # The task stays in use until customs decides again; then the new decision counts.
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.CLEARED
    services.decision_record(submission=again, officer=officer, decision=Decision.EXCLUDED,
                             rationale="Niet meer verantwoord")
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.EXCLUDED
    assert CustomsDecision.objects.filter(task=task).count() == 2


def test_rereview_when_the_tool_changes(adviser, officer):
    task = _cleared_task(adviser, officer, tool=Tool.WORD)
    JourneyTask.objects.filter(pk=task.pk).update(status=TaskStatus.ADOPTED)
    assert services.rereviews_queue() == {"expired": 0, "tool_changed": 0}
    JourneyTask.objects.filter(pk=task.pk).update(tool=Tool.CHAT)
    assert services.rereviews_queue() == {"expired": 0, "tool_changed": 1}
    again = Submission.objects.get(status=SubmissionStatus.OPEN)
    assert again.reason == SubmissionReason.TOOL_CHANGED
    assert again.snapshot["tool"] == Tool.CHAT
    services.decision_record(submission=again, officer=officer,
                             decision=Decision.CLEARED_WITH_MEASURES,
                             extra_measures="Geen persoonsgegevens", rationale="Nieuwe tool")
    task.refresh_from_db()
    assert task.status == TaskStatus.ADOPTED and task.measures == ["Geen persoonsgegevens"]
    assert services.rereviews_queue() == {"expired": 0, "tool_changed": 0}


# --- Catalogue -----------------------------------------------------------------------------

def test_officers_maintain_measures_and_rules(officer, adviser):
    measure = services.measure_save(actor=officer, title="Geen persoonsgegevens invoeren")
    with pytest.raises(DomainError, match="catalogus"):
        services.measure_save(actor=officer, title="geen persoonsgegevens invoeren")
    with pytest.raises(DomainError):
        services.measure_save(actor=adviser, title="Iets")
    services.measure_save(actor=officer, measure=measure, title=measure.title, is_active=False)
    measure.refresh_from_db()
    assert not measure.is_active
    with pytest.raises(DomainError, match="voorwaarde"):
        services.exclusion_rule_save(actor=officer, title="Leeg")
    rule = services.exclusion_rule_save(actor=officer, title="Sociaal domein",
                                        when_social_domain=True, keywords="gesprek")
    assert rule.keyword_list == ["gesprek"]
    assert AuditEntry.objects.filter(action="customs.exclusion_rule_saved").exists()


def test_an_announced_tool_change_sends_every_task_in_use_with_that_tool_back(adviser, officer):
    word = _cleared_task(adviser, officer, tool=Tool.WORD)
    adopted = _cleared_task(adviser, officer, tool=Tool.WORD)
    JourneyTask.objects.filter(pk=adopted.pk).update(status=TaskStatus.ADOPTED)
    other = _cleared_task(adviser, officer, tool=Tool.TEAMS)
    change = services.tool_change_announce(actor=officer, tool=Tool.WORD,
                                           description="Nieuw taalmodel, opslag in de VS")
    assert change.tasks_queued == 2
    queued = set(Submission.objects.filter(status=SubmissionStatus.OPEN,
                                           reason=SubmissionReason.TOOL_CHANGED)
                 .values_list("task_id", flat=True))
    assert queued == {word.pk, adopted.pk} and other.pk not in queued
    # still in use until customs decides again; announcing twice queues nothing twice
    assert JourneyTask.objects.get(pk=adopted.pk).status == TaskStatus.ADOPTED
    assert services.tool_change_announce(actor=officer, tool=Tool.WORD,
                                         description="Nogmaals").tasks_queued == 0
    assert AuditEntry.objects.filter(action="customs.tool_changed").count() == 2


def test_only_officers_announce_a_tool_change_with_a_description(adviser, officer):
    with pytest.raises(DomainError):
        services.tool_change_announce(actor=adviser, tool=Tool.WORD, description="x")
    with pytest.raises(DomainError):
        services.tool_change_announce(actor=officer, tool=Tool.WORD, description="  ")
    with pytest.raises(DomainError):
        services.tool_change_announce(actor=officer, tool="typemachine", description="x")
