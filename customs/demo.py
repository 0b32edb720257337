"""Demo customs for "Gemeente Voorbeeldstad": the measure catalogue, exclusion rules, two past
sessions and the next one, decisions on the demo journeys' tasks and one task on the next
session's agenda. Idempotent: a task is submitted once and decided once.

The privacy officer (douane@) and the security officer (beveiliging@) get their specialism;
a high-risk task, its DPIA and IAMA done, waits for the security officer to confirm the
privacy officer's proposal (four eyes).

The adviser submits the tasks the journeys demo planned for customs, and the officer decides
them, through the services; the decisions are then dated back to the past sessions (only the
clock moves). Customs sits above journeys, so it then lets the journeys demo take the cleared
tasks into use (`journeys.demo.seed_after_customs`).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from journeys import demo as journeys_demo
from journeys import services as journey_services
from journeys import services as journeys_services
from journeys.constants import TaskStatus
from journeys.models import JourneyTask, StandardJourney
from reisbureau.demo import demo_email
from reisbureau.models import User

from . import assessments, four_eyes, services
from .constants import (AssessmentStatus, Decision, Specialism, SubmissionReason,
                        SubmissionStatus)
from .models import CustomsSession, ExclusionRule, Measure, OfficerProfile, Submission

MEASURES = [
    ("Alleen op een laptop van de gemeente, nooit op een eigen apparaat",
     "Copilot alleen gebruiken op een beheerde werkplek van de gemeente."),
    ("Geen persoonsgegevens invoeren", "Namen, adressen en BSN's blijven buiten de prompt."),
    ("Uitkomst altijd door een medewerker laten controleren",
     "Een medewerker leest de uitkomst na voordat die gebruikt wordt."),
    ("Vermeld dat de tekst met AI is gemaakt",
     "Teksten voor inwoners noemen dat AI hielp bij het schrijven."),
]

RULES = [
    {"title": "Gevoelige gesprekken in het sociaal domein",
     "description": "Gesprekken met cliënten over werk, inkomen, zorg of jeugd worden niet met "
                    "AI opgenomen of samengevat.",
     "when_social_domain": True, "keywords": "gesprek, gesprekken, cliënt, keukentafel"},
    {"title": "Besluiten over inwoners met bijzondere persoonsgegevens",
     "description": "AI bereidt geen besluiten voor over inwoners op basis van bijzondere "
                    "persoonsgegevens of het BSN.",
     "when_special_categories": True, "when_affects_decisions": True},
]

# The demo's high-risk task (planned in journeys.demo), waiting for the second officer.
HIGH_RISK_TASK = "Inspraakreacties van inwoners ordenen"

# The AI Act decision aid for Copilot as the demo uses it: the municipality deploys a
# general-purpose AI system for internal work (minimal risk, AI literacy, Art. 4).
COPILOT_INTERNAL = {"role": "deployer", "system_type": "gpai_system", "exemption": "none",
                    "prohibited": ["none"], "annex_i": "no", "annex_iii": ["none"],
                    "transparency": ["none"]}

SAFE = {"personal_data": False, "special_categories": False, "data_subjects": [],
        "social_domain": False, "affects_decisions": False, "output_to_citizens": False,
        "profiling": False, "device": "municipal", "hosting": "eea", "human_check": True,
        "ai_act_answers": COPILOT_INTERNAL}


def _sessions(today):
    weekday = settings.REISBUREAU["CUSTOMS_WEEKDAY"]
    cadence = settings.REISBUREAU["CUSTOMS_CADENCE_DAYS"]
    if not CustomsSession.objects.exists():
        upcoming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        for weeks_back in (2, 1):  # the planner with an earlier "today" plans past sessions
            services.session_plan(today=upcoming - timedelta(days=cadence * weeks_back))
    past = list(CustomsSession.objects.filter(date__lt=today).order_by("date"))
    return past, services.session_plan(today=today)


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def _submit(task, adviser, target) -> Submission:
    answers = dict(SAFE)
    if target == TaskStatus.EXCLUDED:
        answers.update(personal_data=True, social_domain=True, data_subjects=["citizens"])
    if target == TaskStatus.AT_CUSTOMS:
        # A draft text that is published later: generated text, Art. 50(2).
        answers.update(personal_data=True, data_subjects=["colleagues"], ai_act_answers={
            **COPILOT_INTERNAL, "transparency": ["synthetic"], "transparency_exception": "no"})
    if task.work_task == HIGH_RISK_TASK:
        answers.update(data_subjects=["citizens"], affects_decisions=True,
                       ai_act_answers=COPILOT_INTERNAL)
        task = journey_services.task_update(
            task=task, actor=adviser, data_involved="Namen, adressen en zienswijzen van "
            "insprekers", approach="Copilot ordent de reacties per onderwerp; de behandelaar "
            "leest elke reactie zelf en stelt de nota van beantwoording op.")
    return services.submission_create(task=task, actor=adviser, answers=answers)


def _record(submission, officer, **decision):
    """One officer, or (high risk) the privacy officer proposes and the security one confirms."""
    if not four_eyes.needs_two(submission):
        return services.decision_record(submission=submission, officer=officer, **decision)
    proposal = four_eyes.decision_propose(submission=submission, officer=officer, **decision)
    return four_eyes.proposal_confirm(
        proposal=proposal, officer=User.objects.get(email=demo_email("beveiliging")))


def _decide(submission, officer, target, measures, session) -> None:
    decision = {TaskStatus.EXCLUDED: Decision.EXCLUDED,
                TaskStatus.CLEARED_WITH_MEASURES: Decision.CLEARED_WITH_MEASURES,
                }.get(target, Decision.CLEARED)
    if measures and decision == Decision.CLEARED:  # tested or adopted with measures
        decision = Decision.CLEARED_WITH_MEASURES
    _record(
        submission, officer, decision=decision,
        measures=list(Measure.objects.filter(title__in=measures)),
        rationale="Besproken in de douanezitting.")
    # Decided at a past session: only the clock moves back (and the agenda it was on). The
    # decision row itself is append-only (its model refuses updates), so it keeps today's date.
    decided, submitted = _at(session.date), _at(session.date - timedelta(days=6))
    Submission.objects.filter(pk=submission.pk).update(session=session, submitted_at=submitted)
    JourneyTask.objects.filter(pk=submission.task_id).update(submitted_at=submitted,
                                                             cleared_at=decided)


# The pre-cleared excursion's customs passport: cleared once, with these measures.
PASSPORT_MEASURES = ["Uitkomst altijd door een medewerker laten controleren",
                     "Vermeld dat de tekst met AI is gemaakt"]


def _passport(officer, session) -> None:
    """Agency staff request the pre-cleared excursion's customs passport and submit its task;
    the officer clears it with measures, which reaches the open journey planned from it."""
    agency = User.objects.get(email=demo_email("beheer"))
    standard = StandardJourney.objects.filter(title=journeys_demo.PRE_CLEARED).first()
    if standard is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # its title, as the agency sees it
        journey = journeys_services.passport_request(actor=agency, standard_journey=standard)
    for task in journey.tasks.filter(status=TaskStatus.DRAFT):
        answers = dict(SAFE, output_to_citizens=True, data_subjects=["citizens"])
        submission = services.submission_create(task=task, actor=agency, answers=answers)
        _decide(submission, officer, TaskStatus.CLEARED_WITH_MEASURES, PASSPORT_MEASURES,
                session)
        JourneyTask.objects.filter(cleared_under=task).update(cleared_at=_at(session.date))


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    officer = User.objects.get(email=demo_email("douane"))
    adviser = User.objects.get(email=demo_email("adviseur"))
    _specialisms()
    for title, description in MEASURES:
        if not Measure.objects.filter(title__iexact=title).exists():
            services.measure_save(actor=officer, title=title, description=description)
    for rule in RULES:
        if not ExclusionRule.objects.filter(title__iexact=rule["title"]).exists():
            services.exclusion_rule_save(actor=officer, **rule)
    past, upcoming = _sessions(timezone.localdate())
    earlier = past[0] if past else upcoming
    last = past[-1] if past else upcoming

    for task, target, measures in journeys_demo.customs_plan():
        # The plan's own submission: a later re-review (the demo's objections send tasks
        # back) waits for the officers, also when the demo is loaded again.
        submission = Submission.objects.filter(
            task=task, reason=SubmissionReason.NEW).order_by("-pk").first()
        if submission is None and task.status == TaskStatus.DRAFT:
            submission = _submit(task, adviser, target)
        if submission is not None and submission.status == SubmissionStatus.OPEN \
                and target != TaskStatus.AT_CUSTOMS:
            session = earlier if target == TaskStatus.ADOPTED else last
            _decide(submission, officer, target, measures, session)
    _passport(officer, last)
    _high_risk_waiting(officer)
    journeys_demo.seed_after_customs()


def _specialisms() -> None:
    for local, specialism in (("douane", Specialism.PRIVACY),
                              ("beveiliging", Specialism.SECURITY)):
        OfficerProfile.objects.get_or_create(user=User.objects.get(email=demo_email(local)),
                                             defaults={"specialism": specialism})


def _high_risk_waiting(officer) -> None:
    """A task whose output affects decisions about residents: high risk, a DPIA and an IAMA.
    Both are done; the privacy officer proposed to clear it with measures, and it waits for
    the security officer (beveiliging@) to confirm or object."""
    submission = Submission.objects.filter(task__work_task=HIGH_RISK_TASK,
                                           status=SubmissionStatus.OPEN).first()
    if submission is None or submission.proposals.exists():
        return
    references = {"dpia": "DPIA-2025-014", "iama": "https://intranet.voorbeeldstad.example/iama/7"}
    for assessment in submission.assessments.all():
        assessments.assessment_update(
            assessment=assessment, actor=officer, status=AssessmentStatus.DONE,
            owner=assessment.owner, due_date=assessment.due_date,
            reference=references[assessment.kind])
    four_eyes.decision_propose(
        submission=submission, officer=officer, decision=Decision.CLEARED_WITH_MEASURES,
        measures=list(Measure.objects.filter(title__in=[
            "Geen persoonsgegevens invoeren",
            "Uitkomst altijd door een medewerker laten controleren"])),
        rationale="DPIA en IAMA afgerond; namen en adressen blijven buiten de prompt.")
