"""Demo customs for "Gemeente Voorbeeldstad": the measure catalogue, exclusion rules, two past
sessions and the next one, decisions on the demo journeys' tasks and one task on the next
session's agenda. Idempotent: a task that has a submission is left alone."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from reisbureau.demo import demo_email
from reisbureau.models import User

from . import services
from .constants import Decision, SubmissionStatus
from .models import CustomsDecision, CustomsSession, ExclusionRule, Measure, Submission
from .proposal import propose

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

SAFE = {"personal_data": False, "special_categories": False, "data_subjects": [],
        "social_domain": False, "affects_decisions": False, "output_to_citizens": False,
        "profiling": False, "device": "municipal", "hosting": "eea", "human_check": True}


def _sessions(today):
    weekday = settings.REISBUREAU["CUSTOMS_WEEKDAY"]
    cadence = settings.REISBUREAU["CUSTOMS_CADENCE_DAYS"]
    if not CustomsSession.objects.exists():
        upcoming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        for weeks_back in (2, 1):  # the planner with an earlier "today" plans past sessions
            services.session_plan(today=upcoming - timedelta(days=cadence * weeks_back))
    past = list(CustomsSession.objects.filter(date__lt=today).order_by("date"))
    return past, services.session_plan(today=today)


def _submission(task, adviser, session, answers, status):
    snapshot = services.snapshot_of(task)
    rules = services.rules_matching(answers, snapshot)
    proposal = propose(answers, [r.title for r in rules])
    submission = Submission.objects.create(
        task=task, submitted_by=adviser, snapshot=snapshot, session=session, status=status,
        proposed_risk=proposal.risk, dpia_needed=proposal.dpia_needed,
        proposed_ai_act=proposal.ai_act, proposal=proposal.as_dict(), **answers)
    submission.matched_rules.set(rules)
    return submission


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    officer = User.objects.get(email=demo_email("douane"))
    adviser = User.objects.get(email=demo_email("adviseur"))
    for title, description in MEASURES:
        if not Measure.objects.filter(title__iexact=title).exists():
            services.measure_save(actor=officer, title=title, description=description)
    for rule in RULES:
        if not ExclusionRule.objects.filter(title__iexact=rule["title"]).exists():
            services.exclusion_rule_save(actor=officer, **rule)
    past, upcoming = _sessions(timezone.localdate())
    earlier = past[0] if past else upcoming
    last = past[-1] if past else upcoming

    tasks = JourneyTask.objects.filter(journey__adviser=adviser).exclude(
        status=TaskStatus.DRAFT).exclude(customs_submissions__isnull=False).select_related(
        "journey")
    for task in tasks:
        answers = dict(SAFE)
        if task.status == TaskStatus.EXCLUDED:
            answers.update(personal_data=True, social_domain=True, data_subjects=["citizens"])
        if task.status == TaskStatus.AT_CUSTOMS:
            answers.update(personal_data=True, data_subjects=["colleagues"])
            _submission(task, adviser, upcoming, answers, SubmissionStatus.OPEN)
            continue
        session = earlier if task.status == TaskStatus.ADOPTED else last
        submission = _submission(task, adviser, session, answers, SubmissionStatus.DECIDED)
        decision = {TaskStatus.EXCLUDED: Decision.EXCLUDED,
                    TaskStatus.CLEARED_WITH_MEASURES: Decision.CLEARED_WITH_MEASURES,
                    }.get(task.status, Decision.CLEARED)
        CustomsDecision.objects.create(
            submission=submission, task=task, officer=officer, decision=decision,
            measures=list(task.measures), tool=task.tool,
            rationale=task.clearance_rationale or "Besproken in de douanezitting.")
