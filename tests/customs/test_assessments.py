"""DPIA and IAMA as tracked work: made from the proposal, clearance waits for them, every change
audited, and the session reminder lists the open ones (customs.assessments)."""

import datetime as dt

import pytest

from customs import assessments, services, tasks
from customs.constants import AssessmentStatus, Decision, RiskLevel, SubmissionReason
from customs.models import ImpactAssessment, Submission
from journeys.constants import TaskStatus
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, Notification
from tests.customs.factories import SAFE_ANSWERS, OfficerFactory, SubmissionFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

pytestmark = pytest.mark.django_db

# Output that affects decisions about residents: high risk, a DPIA and an IAMA.
HIGH_RISK = {**SAFE_ANSWERS, "personal_data": True, "data_subjects": ["citizens"],
             "affects_decisions": True}
# Decisions about colleagues without personal data: low risk, an IAMA only (AI Act high risk).
IAMA_ONLY = {**SAFE_ANSWERS, "data_subjects": ["colleagues"], "affects_decisions": True,
             # AI Act decision aid: Annex III point 4 (employment), no exception: high risk.
             "ai_act_answers": {**SAFE_ANSWERS["ai_act_answers"], "annex_iii": ["4a"],
                                "annex_iii_profiling": "no", "annex_iii_exception": "none"}}


def _submit(adviser, answers, **task):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), **task)
    return services.submission_create(task=task, actor=adviser, answers=answers)


def _settle(assessment, actor, status=AssessmentStatus.DONE, **kw):
    return assessments.assessment_update(
        assessment=assessment, actor=actor, status=status, owner=assessment.owner,
        due_date=assessment.due_date, **kw)


def test_the_proposal_decides_which_assessments_are_recorded(adviser):
    high = _submit(adviser, HIGH_RISK)
    assert high.proposed_risk == RiskLevel.HIGH and high.dpia_needed
    rows = list(high.assessments.order_by("kind"))
    assert [a.kind for a in rows] == ["dpia", "iama"]
    for a in rows:
        assert (a.status, a.owner, a.task_id) == ("to_do", adviser, high.task_id)
        assert a.due_date == high.session.date
    assert AuditEntry.objects.filter(action="customs.assessment_required").count() == 2

    iama = _submit(adviser, IAMA_ONLY)
    assert iama.proposed_risk == RiskLevel.LOW and not iama.dpia_needed
    assert list(iama.assessments.values_list("kind", flat=True)) == ["iama"]
    assert not _submit(adviser, SAFE_ANSWERS).assessments.exists()


def test_a_rereview_batch_records_them_too_with_the_previous_owner(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), cleared=True)
    earlier = SubmissionFactory(task=task, status="decided", **HIGH_RISK, dpia_needed=True,
                                proposed_risk=RiskLevel.HIGH)
    owner = OfficerFactory()
    ImpactAssessment.objects.create(submission=earlier, task=task, kind="dpia", owner=owner,
                                    status="done", reference="DPIA-1")
    [submission] = services._RereviewQueue().add([task], {task.pk: SubmissionReason.EXPIRED})
    fresh = {a.kind: a for a in submission.assessments.all()}
    assert set(fresh) == {"dpia", "iama"}
    # Done for the old snapshot is not done for this one; the owner carries over.
    assert fresh["dpia"].status == "to_do" and fresh["dpia"].owner == owner
    assert fresh["iama"].owner is None


def test_clearing_waits_until_done_or_not_needed_with_a_reason(adviser, officer):
    submission = _submit(adviser, IAMA_ONLY)
    iama = submission.assessments.get()
    with pytest.raises(DomainError, match="IAMA"):
        services.decision_record(submission=submission, officer=officer,
                                 decision=Decision.CLEARED)
    with pytest.raises(DomainError, match="waarom|why"):
        _settle(iama, officer, AssessmentStatus.NOT_NEEDED)
    with pytest.raises(DomainError, match="document"):
        _settle(iama, officer, AssessmentStatus.DONE)
    _settle(iama, officer, AssessmentStatus.IN_PROGRESS)
    with pytest.raises(DomainError):
        services.decision_record(submission=submission, officer=officer,
                                 decision=Decision.CLEARED_WITH_MEASURES,
                                 extra_measures="Controle", rationale="Met maatregel")
    assert submission.task.__class__.objects.get(pk=submission.task_id).status == \
        TaskStatus.AT_CUSTOMS
    _settle(iama, officer, AssessmentStatus.NOT_NEEDED,
            not_needed_reason="De uitkomst is alleen een leeslijst, geen besluit.")
    services.decision_record(submission=submission, officer=officer, decision=Decision.CLEARED)
    assert Submission.objects.get(pk=submission.pk).status == "decided"


def test_excluding_or_sending_back_never_waits(adviser, officer):
    submission = _submit(adviser, IAMA_ONLY)
    services.decision_record(submission=submission, officer=officer,
                             decision=Decision.SENT_BACK, rationale="Welke besluiten?")


def test_a_submission_from_before_tracking_still_waits_for_its_dpia(officer):
    # No rows (submitted before this feature, or a factory): the proposal flags still count.
    submission = SubmissionFactory(dpia_needed=True)
    with pytest.raises(DomainError, match="DPIA"):
        services.decision_record(submission=submission, officer=officer,
                                 decision=Decision.CLEARED)


def test_every_change_is_audited_and_a_new_owner_is_told(adviser, officer):
    iama = _submit(adviser, IAMA_ONLY).assessments.get()
    colleague = OfficerFactory()
    assessments.assessment_update(assessment=iama, actor=officer, status="in_progress",
                                  owner=colleague, due_date=dt.date(2030, 1, 1))
    entry = AuditEntry.objects.get(action="customs.assessment_updated")
    assert entry.actor == officer
    assert entry.data["from"] == "to_do" and entry.data["to"] == "in_progress"
    assert set(entry.data["changed"]) == {"status", "owner", "due_date"}
    assert entry.data["owner"] == colleague.pk
    note = Notification.objects.get(recipient=colleague)
    assert "IAMA" in note.subject and note.url == iama.get_absolute_url()
    # Saving without a change writes nothing.
    iama.refresh_from_db()
    _settle(iama, officer, "in_progress")
    assert AuditEntry.objects.filter(action="customs.assessment_updated").count() == 1


def test_the_owner_updates_but_only_an_officer_hands_it_on(adviser, traveller, officer):
    iama = _submit(adviser, IAMA_ONLY).assessments.get()
    assert iama.owner == adviser
    _settle(iama, adviser, "done", reference="https://intranet.example/iama/1")
    iama.refresh_from_db()
    assert iama.status == "done" and iama.reference.endswith("/iama/1")
    with pytest.raises(DomainError, match="douanier draagt|officer hands"):
        assessments.assessment_update(assessment=iama, actor=adviser, status="done",
                                      owner=officer, due_date=None, reference="x")
    with pytest.raises(DomainError):
        _settle(iama, traveller, "in_progress")
    with pytest.raises(DomainError, match="owner|eigenaar"):
        assessments.assessment_update(assessment=iama, actor=officer, status="done",
                                      owner=traveller, due_date=None, reference="x")


# --- Reminders in the session rhythm -------------------------------------------------------

@pytest.fixture
def cadence(settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "CUSTOMS_CADENCE_DAYS": 14,
                           "CUSTOMS_WEEKDAY": 1, "CUSTOMS_REMINDER_DAYS_BEFORE": 3}


def test_the_session_reminder_lists_open_assessments_and_tells_their_owners(
        time_machine, cadence, adviser):
    officer = OfficerFactory()
    time_machine.move_to(dt.datetime(2026, 1, 7, 5, tzinfo=dt.timezone.utc), tick=False)
    open_one = _submit(adviser, IAMA_ONLY, work_task="Roosters indelen")
    settled = _submit(adviser, IAMA_ONLY, work_task="Verlof plannen")
    _settle(settled.assessments.get(), officer, "not_needed", not_needed_reason="Geen besluit")
    time_machine.move_to(dt.datetime(2026, 1, 10, 5, tzinfo=dt.timezone.utc), tick=False)
    assert tasks.run_customs_sessions()["reminded"] is True

    body = Notification.objects.get(recipient=officer).body
    assert "1 effectbeoordeling staat nog open" in body or "1 impact assessment" in body
    assert "IAMA" in body and "Roosters indelen" in body
    assert body.count("Verlof plannen") == 1  # on the agenda, not among the open assessments
    mine = Notification.objects.get(recipient=adviser)
    assert "13-01-2026" in mine.subject and "Roosters indelen" in mine.body
    assert "Verlof plannen" not in mine.body
    assert mine.url == open_one.assessments.get().get_absolute_url()
    # Once a session: a second run tells nobody again.
    assert tasks.run_customs_sessions()["reminded"] is False
    assert Notification.objects.filter(recipient=adviser).count() == 1
