"""Demo journeys for "Gemeente Voorbeeldstad". Idempotent: a second run adds nothing.

The demo adviser plans every journey; the demo traveller is on two of them, and an open group
journey from a standard journey waits for them to join.

Everything goes through the services, in the order a municipality works: the agency publishes
standard journeys, the adviser records time-eaters, plans journeys and starts them. Customs
(a higher app) then submits and decides the tasks (`customs_plan` says what each task should
become) and calls `seed_after_customs`: testing, adoption, evaluations and travel reports.
Where a service can only act "now", the timestamps are moved back afterwards, and only they.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reisbureau.demo import demo_email
from reisbureau.models import FunctionGroup, Persona, User

from . import services
from .constants import (
    CLEARED_STATUSES,
    Frequency,
    JourneyStatus,
    Outcome,
    StandardJourneyKind,
    TaskKind,
    TaskStatus,
    Tool,
    Verdict,
)
from .models import (
    Evaluation,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    MeasureAcknowledgement,
    StandardJourney,
    TaskTest,
    TravelReport,
)

# title, description, kind, personas, function groups, tasks (work task, tool, minutes, prompt)
STANDARD_JOURNEYS = [
    ("Excursie: notuleren met Copilot in Teams",
     "Laat Copilot de samenvatting en actiepunten van een Teams-vergadering maken en controleer "
     "ze zelf.", StandardJourneyKind.EXCURSION, ["De notulist"], ["Managementondersteuner"],
     [("Samenvatting van een vergadering", Tool.TEAMS, 60,
       "Vat deze vergadering samen in vijf punten en noem per besluit wie wat doet."),
      ("Actielijst bijwerken", Tool.TEAMS, 20, "Maak een actielijst met eigenaar en datum.")]),
    ("Excursie: brieven en webteksten schrijven",
     "Een eerste versie van een brief of webtekst in begrijpelijke taal (B1).",
     StandardJourneyKind.EXCURSION, ["De schrijver"], ["Communicatieadviseur"],
     [("Webtekst herschrijven op B1", Tool.WORD, 45,
       "Herschrijf deze tekst op taalniveau B1, behoud alle feiten."),
      ("Eerste versie van een standaardbrief", Tool.WORD, 40, "")]),
    ("Reis: beleidsanalyse met Copilot",
     "Van stapel stukken naar een analyse: samenvatten, vergelijken en een eerste advies.",
     StandardJourneyKind.FULL, ["De analist"], ["Beleidsmedewerker", "Projectleider"],
     [("Beleidsstukken samenvatten", Tool.WORD, 90, "Vat dit stuk samen voor een wethouder."),
      ("Opties vergelijken in een tabel", Tool.CHAT, 60, ""),
      ("Eerste opzet van een raadsvoorstel", Tool.WORD, 120, "")]),
    ("Excursie: vragen van inwoners beantwoorden",
     "Antwoorden op veelgestelde vragen, alleen met openbare informatie.",
     StandardJourneyKind.EXCURSION, ["De dienstverlener"], ["Klantcontactmedewerker"],
     [("Antwoord op een veelgestelde vraag", Tool.CHAT, 30,
       "Schrijf een vriendelijk antwoord op basis van deze openbare webtekst.")]),
    ("Reis: aanvragen toetsen",
     "Regels en beleid snel terugvinden en een toetsing voorbereiden.",
     StandardJourneyKind.FULL, ["De toetser"], ["Vergunningverlener", "Juridisch medewerker"],
     [("Relevante regels opzoeken", Tool.CHAT, 45, ""),
      ("Conceptbesluit opstellen", Tool.WORD, 90, ""),
      ("Bezwaarschrift samenvatten", Tool.WORD, 60, "")]),
]

# employee number, title, frequency, minutes, kind, data
INVENTORY = [
    (1, "Notulen van het teamoverleg uitwerken", Frequency.WEEKLY, 180, TaskKind.ROUTINE,
     "Interne vergaderstukken"),
    (2, "Webteksten herschrijven op B1", Frequency.DAILY, 240, TaskKind.ROUTINE,
     "Openbare informatie"),
    (3, "Raadsvragen beantwoorden", Frequency.WEEKLY, 300, TaskKind.COMPLEX,
     "Beleidsstukken, geen persoonsgegevens"),
    (4, "E-mails van inwoners beantwoorden", Frequency.SEVERAL_DAILY, 600, TaskKind.ROUTINE,
     "Persoonsgegevens van inwoners"),
    (5, "Beleidsanalyse mobiliteit", Frequency.MONTHLY, 480, TaskKind.COMPLEX,
     "Verkeerstellingen, openbare rapporten"),
    (6, "Bezwaarschriften samenvatten", Frequency.WEEKLY, 360, TaskKind.COMPLEX,
     "Persoonsgegevens van bezwaarmakers"),
    (7, "Agenda en stukken voor het MT klaarzetten", Frequency.WEEKLY, 120, TaskKind.ROUTINE,
     "Interne stukken"),
    (8, "Persberichten schrijven", Frequency.WEEKLY, 150, TaskKind.ROUTINE,
     "Openbare informatie"),
    (9, "Voortgangsrapportage van projecten", Frequency.MONTHLY, 240, TaskKind.COMPLEX,
     "Projectplanningen en budgetten"),
    (10, "Gesprekken met cliënten samenvatten", Frequency.DAILY, 420, TaskKind.ROUTINE,
     "Gevoelige gegevens in het sociaal domein"),
]


def _employee(number: int) -> User:
    return User.objects.get(email=demo_email(f"medewerker{number:02d}"))


def _user(who) -> User:
    return _employee(who) if isinstance(who, int) else User.objects.get(email=demo_email(who))


def _days_ago(days: int):
    """A moment `days` ago, at ten in the morning: for moving a service's "now" back."""
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10)))


def _standard_journeys(agency: User) -> dict[str, StandardJourney]:
    result = {sj.title: sj for sj in StandardJourney.objects.filter(
        title__in=[row[0] for row in STANDARD_JOURNEYS])}
    for title, description, kind, personas, groups, tasks in STANDARD_JOURNEYS:
        if title in result:
            continue
        result[title] = services.standard_journey_save(
            actor=agency, title=title, description=description, kind=kind,
            personas=Persona.objects.filter(name__in=personas),
            function_groups=FunctionGroup.objects.filter(name__in=groups), is_published=True,
            tasks=[{"work_task": work_task, "tool": tool, "expected_minutes_saved": minutes,
                    "prompts": prompt} for work_task, tool, minutes, prompt in tasks])
    return result


MEASURE = "Alleen op een laptop van de gemeente, nooit op een eigen apparaat"
APPROACH = "Copilot maakt een eerste versie; de reiziger controleert en vult aan."
DATA = "Interne stukken, geen persoonsgegevens"

REPORTS = {
    "Notuleren in de helft van de tijd": (
        "Teams-opnames alleen met toestemming van alle deelnemers.",
        "## Wat we deden\n\nDrie maanden lang lieten we Copilot in Teams de samenvatting en "
        "de actielijst van het wekelijkse overleg maken.\n\n## Wat het opleverde\n\n"
        "- Notulen staan binnen een uur in Teams in plaats van na twee dagen.\n"
        "- Ongeveer **een uur per week** minder uitwerken per notulist.\n\n"
        "## Let op\n\nControleer namen en besluiten altijd zelf. Meer over de regels: "
        "[Handreiking AI](https://www.digitaleoverheid.nl/)."),
    "Webteksten op B1 met Copilot": (
        "Laat een collega de eerste teksten meelezen.",
        "## Aanpak\n\nWe herschreven veertig webteksten met Copilot in Word.\n\n"
        "## Resultaat\n\nDe teksten werden korter en duidelijker; de eindredactie bleef "
        "mensenwerk."),
}

NOTULIST = "Excursie: notuleren met Copilot in Teams"
# The pre-cleared excursion: customs cleared its task once (its customs passport, see the
# customs demo), so the open group journey planned from it runs under that clearance and a
# traveller who joins can use it at once.
PRE_CLEARED = "Excursie: vragen van inwoners beantwoorden"
WRITER = "Excursie: brieven en webteksten schrijven"
ANALYST = "Reis: beleidsanalyse met Copilot"

# Each demo journey: its final status and, per task (work task, tool, minutes, prompt, final
# status, measures), what customs and the adviser make of it. Without "tasks" the journey
# takes its standard journey's tasks, which become `task_status`. Tests are the minutes
# measured per week on the tasks being tested; the journey and task titles are the stable
# keys by which a second run (and customs, and tests/access.py) finds them.
JOURNEYS = [
    {"title": "Notuleren voor het managementteam", "travellers": ["reiziger", 11],
     "status": JourneyStatus.PLANNING, "standard": NOTULIST},
    {"title": "Schrijven met Copilot – groep voorjaar", "travellers": [12, 13],
     "status": JourneyStatus.PLANNING, "standard": WRITER, "is_open": True, "seats": 10},
    {"title": "Beleidsanalyse Ruimte", "travellers": ["reiziger", 5],
     "status": JourneyStatus.TRAVELLING, "standard": ANALYST, "started_days_ago": 30,
     "tests": [40, 55], "tasks": [
         ("Beleidsstukken samenvatten", Tool.WORD, 90, "", TaskStatus.TESTING, []),
         ("Opties vergelijken in een tabel", Tool.CHAT, 60, "",
          TaskStatus.CLEARED_WITH_MEASURES, [MEASURE]),
         ("Eerste opzet van een raadsvoorstel", Tool.WORD, 120, "", TaskStatus.AT_CUSTOMS, []),
         # High risk (it affects decisions about residents): customs' four-eyes demo.
         ("Inspraakreacties van inwoners ordenen", Tool.CHAT, 90, "", TaskStatus.AT_CUSTOMS,
          []),
     ]},
    {"title": "Klantcontact: snellere antwoorden", "travellers": [4, 14, 15],
     "status": JourneyStatus.EVALUATING, "started_days_ago": 95, "tests": [15, 25, 30],
     "tasks": [
         ("Antwoord op een veelgestelde vraag", Tool.CHAT, 30, "", TaskStatus.TESTING, []),
         ("Gesprekken met cliënten samenvatten", Tool.TEAMS, 60, "", TaskStatus.EXCLUDED, []),
     ]},
    {"title": "Notuleren in de helft van de tijd", "travellers": [1, 7],
     "status": JourneyStatus.COMPLETED, "standard": NOTULIST, "started_days_ago": 365,
     "tests": [60, 70], "task_status": TaskStatus.ADOPTED},
    {"title": "Webteksten op B1 met Copilot", "travellers": [2, 8],
     "status": JourneyStatus.COMPLETED, "standard": WRITER, "started_days_ago": 140,
     "tests": [35, 45], "task_status": TaskStatus.ADOPTED},
    # A large pilot group across every function group, so the impact figures rest on enough
    # travellers to be shown without singling anyone out.
    {"title": "Copilot-basisreis – pilotgroep najaar",
     "travellers": [3, 6, 9, 10, *range(18, 53)], "status": JourneyStatus.TRAVELLING,
     "started_days_ago": 120,
     "goal": "Iedereen in de pilot leert de basis: samenvatten, e-mails beantwoorden en "
             "vergaderen met Copilot.", "tasks": [
         ("Lange e-mails samenvatten in Outlook", Tool.OUTLOOK, 45, "", TaskStatus.ADOPTED,
          []),
         ("Vergaderingen samenvatten in Teams", Tool.TEAMS, 60, "", TaskStatus.TESTING,
          [MEASURE]),
     ]},
    {"title": "Persberichten (geannuleerd)", "travellers": [8],
     "status": JourneyStatus.CANCELLED, "standard": WRITER},
    # Planned from the pre-cleared excursion and left as the standard has it, so its task
    # runs under the excursion's customs passport (the demo traveller may join).
    {"title": "Vragen van inwoners – open groep", "travellers": [53, 54],
     "status": JourneyStatus.PLANNING, "standard": PRE_CLEARED, "is_open": True, "seats": 12,
     "as_standard": True},
]


def _task_plan(spec: dict, journey: Journey) -> list[tuple[JourneyTask, str, list[str]]]:
    """The journey's tasks with the status and measures each should end with."""
    tasks = list(journey.tasks.order_by("order"))
    if "tasks" in spec:
        return [(task, row[4], row[5]) for task, row in zip(tasks, spec["tasks"], strict=True)]
    return [(task, spec.get("task_status", TaskStatus.DRAFT), []) for task in tasks]


def _journey(spec: dict, adviser: User, standards: dict) -> Journey:
    journey = Journey.objects.filter(title=spec["title"], adviser=adviser).first()
    if journey is not None:
        return journey
    standard = standards.get(spec.get("standard"))
    journey = services.journey_create(
        actor=adviser, title=spec["title"],
        goal=spec.get("goal") or (standard.description if standard else ""),
        travellers=[_user(t) for t in spec["travellers"]], is_open=spec.get("is_open", False),
        seats=spec.get("seats"), standard_journey=standard)
    rows = spec.get("tasks", [])
    tasks = list(journey.tasks.order_by("order"))
    for order, row in enumerate(rows):
        work_task, tool, minutes, prompt = row[:4]
        fields = {"work_task": work_task, "tool": tool, "expected_minutes_saved": minutes,
                  "prompts": prompt, "approach": APPROACH, "data_involved": DATA}
        if order < len(tasks):
            services.task_update(task=tasks[order], actor=adviser, **fields)
        else:
            services.task_add(journey=journey, actor=adviser, **fields)
    for task in [] if spec.get("as_standard") else tasks[len(rows):] if rows else tasks:
        services.task_update(task=task, actor=adviser, approach=APPROACH, data_involved=DATA)
    if spec["status"] == JourneyStatus.CANCELLED:
        services.journey_cancel(journey=journey, actor=adviser)
    elif spec.get("started_days_ago"):
        services.journey_start(journey=journey, actor=adviser)
        # The journey started long ago: only the clock moves back.
        Journey.objects.filter(pk=journey.pk).update(
            started_at=timezone.localdate() - timedelta(days=spec["started_days_ago"]))
    return journey


def customs_plan() -> list[tuple[JourneyTask, str, list[str]]]:
    """Every demo task that goes to customs, with the status and measures it should end with
    (TESTING and ADOPTED mean: cleared, then taken into use). For the customs demo."""
    adviser = _user("adviseur")
    plan = []
    for spec in JOURNEYS:
        journey = Journey.objects.filter(title=spec["title"], adviser=adviser).first()
        if journey is None or spec["status"] == JourneyStatus.CANCELLED:
            continue
        plan += [row for row in _task_plan(spec, journey) if row[1] != TaskStatus.DRAFT]
    return plan


def _record_tests(journey: Journey, minutes: list[int], tester: User) -> None:
    if TaskTest.objects.filter(task__journey=journey).exists():
        return
    for task in journey.tasks.filter(status__in=[TaskStatus.TESTING, TaskStatus.ADOPTED]):
        for week, measured in enumerate(minutes):
            services.task_test_record(
                task=task, actor=tester,
                tested_on=timezone.localdate() - timedelta(days=7 * (len(minutes) - week)),
                outcome=Outcome.WORKS if measured >= 20 else Outcome.PARTLY,
                measured_minutes=measured, remarks="Gecontroleerd en aangevuld.")


# Travellers who confirmed the measures of a task cleared with measures (journey -> task,
# employee numbers). In "Beleidsanalyse Ruimte" medewerker05 has and the demo traveller has
# not, so their journey page asks them to; the pilot group has, so its time logs are consistent.
PILOT_NUMBERS = [3, 6, 9, 10, *range(18, 53)]
ACKNOWLEDGED = {
    "Beleidsanalyse Ruimte": [("Opties vergelijken in een tabel", [5])],
    "Copilot-basisreis – pilotgroep najaar": [("Vergaderingen samenvatten in Teams",
                                               PILOT_NUMBERS)],
}


def _acknowledge(journey: Journey, work_task: str, travellers) -> None:
    """Through the service, a few days after customs decided (only the clock moves back)."""
    task = journey.tasks.get(work_task=work_task)
    if not task.measures:
        return
    for traveller in travellers:
        if not MeasureAcknowledgement.objects.filter(task=task, traveller=traveller).exists():
            services.measures_acknowledge(task=task, traveller=traveller)
    MeasureAcknowledgement.objects.filter(task=task).update(
        acknowledged_at=timezone.now() - timedelta(days=12))


@transaction.atomic
def seed_after_customs() -> None:
    """After customs decided: the adviser takes the cleared tasks into use, the travellers
    test them, and journeys that have travelled long enough are evaluated and reported on."""
    adviser = _user("adviseur")
    for spec in JOURNEYS:
        journey = Journey.objects.filter(title=spec["title"], adviser=adviser).first()
        if journey is None or journey.status != JourneyStatus.TRAVELLING:
            continue
        evaluate = spec["status"] in (JourneyStatus.EVALUATING, JourneyStatus.COMPLETED)
        for task, target, _measures in _task_plan(spec, journey):
            if task.status not in CLEARED_STATUSES:
                continue
            if target == TaskStatus.TESTING or (target == TaskStatus.ADOPTED and evaluate):
                services.task_start_testing(task=task, actor=adviser)
            elif target == TaskStatus.ADOPTED:
                services.task_adopt(task=task, actor=adviser)
        for work_task, numbers in ACKNOWLEDGED.get(spec["title"], ()):
            _acknowledge(journey, work_task, [_employee(n) for n in numbers])
        if spec.get("tests"):
            _record_tests(journey, spec["tests"], _user(spec["travellers"][0]))
        if not evaluate or Evaluation.objects.filter(journey=journey).exists():
            continue
        evaluation = services.evaluation_create(
            journey=journey, actor=adviser, due_on=journey.started_at + timedelta(days=90))
        if spec["status"] != JourneyStatus.COMPLETED:
            continue
        lessons, body = REPORTS[spec["title"]]
        services.evaluation_complete(
            evaluation=evaluation, actor=adviser,
            verdicts={t.pk: Verdict.ADOPT for t in journey.tasks.exclude(
                status__in=[TaskStatus.EXCLUDED, TaskStatus.DROPPED])},
            works_well="De eerste versie scheelt veel tijd.",
            resistance="Twijfel over de juistheid van samenvattingen.", lessons=lessons)
        services.report_save(journey=journey, actor=adviser, title=spec["title"], body=body)
        # Completed ten days ago, reported five days ago: only the clock moves back.
        Evaluation.objects.filter(pk=evaluation.pk).update(completed_at=_days_ago(10))
        TravelReport.objects.filter(journey=journey).update(published_at=_days_ago(5))


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    adviser = _user("adviseur")
    traveller = _user("reiziger")
    standards = _standard_journeys(_user("beheer"))

    recorded = set(InventoryEntry.objects.values_list("employee_id", "title"))
    for number, title, frequency, minutes, kind, data in INVENTORY:
        employee = _employee(number)
        if (employee.pk, title) not in recorded:
            services.inventory_entry_create(
                employee=employee, actor=adviser, title=title, frequency=frequency,
                minutes_per_week=minutes, kind=kind, data_touched=data)
    if (traveller.pk, "Verslagen van het college-overleg maken") not in recorded:
        services.inventory_entry_create(
            employee=traveller, actor=traveller, title="Verslagen van het college-overleg maken",
            frequency=Frequency.WEEKLY, minutes_per_week=210, kind=TaskKind.ROUTINE,
            data_touched="Vertrouwelijke bestuursstukken")

    for spec in JOURNEYS:
        _journey(spec, adviser, standards)

    for number, message, standard in [
            (16, "Ik wil graag sneller vergaderstukken samenvatten.", NOTULIST),
            (17, "Kan AI mij helpen bij het toetsen van aanvragen?", "Reis: aanvragen toetsen")]:
        employee = _employee(number)
        if not JourneyRequest.objects.filter(traveller=employee).exists():
            services.journey_request_create(traveller=employee, message=message,
                                            standard_journey=standards[standard])
