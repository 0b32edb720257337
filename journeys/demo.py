"""Demo journeys for "Gemeente Voorbeeldstad". Idempotent: a second run adds nothing.

The demo adviser plans every journey; the demo traveller is on two of them, and an open group
journey from a standard journey waits for them to join.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reisbureau.demo import demo_email
from reisbureau.models import FunctionGroup, Persona, User

from .constants import (
    Frequency,
    JourneyStatus,
    Outcome,
    RequestStatus,
    StandardJourneyKind,
    TaskKind,
    TaskStatus,
    Tool,
    Verdict,
)
from .models import (
    Evaluation,
    EvaluationTaskVerdict,
    InventoryEntry,
    Journey,
    JourneyRequest,
    JourneyTask,
    JourneyTraveller,
    MeasureAcknowledgement,
    StandardJourney,
    StandardTask,
    TaskTest,
    TravelReport,
    measures_fingerprint,
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


def _standard_journeys() -> dict[str, StandardJourney]:
    result = {}
    for title, description, kind, personas, groups, tasks in STANDARD_JOURNEYS:
        sj, created = StandardJourney.objects.get_or_create(
            title=title, defaults={"description": description, "kind": kind,
                                   "is_published": True})
        if created:
            sj.personas.set(Persona.objects.filter(name__in=personas))
            sj.function_groups.set(FunctionGroup.objects.filter(name__in=groups))
            for order, (work_task, tool, minutes, prompt) in enumerate(tasks, start=1):
                StandardTask.objects.create(standard_journey=sj, order=order,
                                            work_task=work_task, tool=tool, prompts=prompt,
                                            expected_minutes_saved=minutes)
        result[title] = sj
    return result


def _journey(*, title, adviser, travellers, status, standard=None, started_days_ago=None,
             is_open=False, seats=None, goal="", tasks=()):
    journey = Journey.objects.filter(title=title, adviser=adviser).first()
    if journey is not None:
        return journey, False
    today = timezone.localdate()
    journey = Journey.objects.create(
        title=title, goal=goal or (standard.description if standard else ""), adviser=adviser,
        status=status, standard_journey=standard, is_open=is_open, seats=seats,
        started_at=today - timedelta(days=started_days_ago) if started_days_ago else None)
    for traveller in travellers:
        JourneyTraveller.objects.create(journey=journey, traveller=traveller)
    source = tasks or [(t.work_task, t.tool, t.expected_minutes_saved, t.prompts,
                        TaskStatus.DRAFT, []) for t in standard.tasks.all()]
    for order, (work_task, tool, minutes, prompt, status_, measures) in enumerate(source, 1):
        decided = status_ not in (TaskStatus.DRAFT, TaskStatus.AT_CUSTOMS)
        JourneyTask.objects.create(
            journey=journey, order=order, work_task=work_task, tool=tool,
            expected_minutes_saved=minutes, prompts=prompt, status=status_, measures=measures,
            approach="Copilot maakt een eerste versie; de reiziger controleert en vult aan.",
            data_involved="Interne stukken, geen persoonsgegevens",
            submitted_at=timezone.now() - timedelta(days=20) if status_ != TaskStatus.DRAFT
            else None,
            cleared_at=timezone.now() - timedelta(days=14) if decided else None,
            clearance_rationale=(
                "Besproken in de douanezitting." if decided else ""))
    return journey, True


def _tests(journey, minutes):
    for task in journey.tasks.filter(status__in=[TaskStatus.TESTING, TaskStatus.ADOPTED]):
        for week, measured in enumerate(minutes):
            TaskTest.objects.create(
                task=task, tested_on=timezone.localdate() - timedelta(days=7 * (len(minutes)
                                                                                - week)),
                outcome=Outcome.WORKS if measured >= 20 else Outcome.PARTLY,
                measured_minutes=measured, remarks="Gecontroleerd en aangevuld.")


def _acknowledge(journey: Journey, work_task: str, travellers) -> None:
    """Travellers who confirmed the measures of a task, a few days after customs decided."""
    task = journey.tasks.get(work_task=work_task)
    for traveller in travellers:
        MeasureAcknowledgement.objects.get_or_create(
            task=task, traveller=traveller, measures_hash=measures_fingerprint(task.measures),
            defaults={"measures": list(task.measures),
                      "acknowledged_at": timezone.now() - timedelta(days=12)})


MEASURE = "Alleen op een laptop van de gemeente, nooit op een eigen apparaat"


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    adviser = User.objects.get(email=demo_email("adviseur"))
    traveller = User.objects.get(email=demo_email("reiziger"))
    standards = _standard_journeys()

    for number, title, frequency, minutes, kind, data in INVENTORY:
        employee = _employee(number)
        InventoryEntry.objects.get_or_create(
            employee=employee, title=title,
            defaults={"recorded_by": adviser, "frequency": frequency,
                      "minutes_per_week": minutes, "kind": kind, "data_touched": data})
    InventoryEntry.objects.get_or_create(
        employee=traveller, title="Verslagen van het college-overleg maken",
        defaults={"recorded_by": traveller, "frequency": Frequency.WEEKLY,
                  "minutes_per_week": 210, "kind": TaskKind.ROUTINE,
                  "data_touched": "Vertrouwelijke bestuursstukken"})

    notulist = standards["Excursie: notuleren met Copilot in Teams"]
    writer = standards["Excursie: brieven en webteksten schrijven"]
    analyst = standards["Reis: beleidsanalyse met Copilot"]
    _journey(title="Notuleren voor het managementteam", adviser=adviser,
             travellers=[traveller, _employee(11)], status=JourneyStatus.PLANNING,
             standard=notulist, is_open=False)
    _journey(title="Schrijven met Copilot – groep voorjaar", adviser=adviser,
             travellers=[_employee(12), _employee(13)], status=JourneyStatus.PLANNING,
             standard=writer, is_open=True, seats=10)
    _journey(title="Beleidsanalyse Ruimte", adviser=adviser, is_open=False,
             travellers=[traveller, _employee(5)], status=JourneyStatus.TRAVELLING,
             standard=analyst, started_days_ago=30, tasks=[
                 ("Beleidsstukken samenvatten", Tool.WORD, 90, "", TaskStatus.TESTING, []),
                 ("Opties vergelijken in een tabel", Tool.CHAT, 60, "",
                  TaskStatus.CLEARED_WITH_MEASURES, [MEASURE]),
                 ("Eerste opzet van een raadsvoorstel", Tool.WORD, 120, "",
                  TaskStatus.AT_CUSTOMS, []),
             ])
    travelling = Journey.objects.get(title="Beleidsanalyse Ruimte", adviser=adviser)
    # One traveller has confirmed the measures of the task cleared with measures; the demo
    # traveller has not yet, so their journey page asks them to.
    _acknowledge(travelling, "Opties vergelijken in een tabel", [_employee(5)])
    if not TaskTest.objects.filter(task__journey=travelling).exists():
        _tests(travelling, [40, 55])

    evaluating, created = _journey(
        title="Klantcontact: snellere antwoorden", adviser=adviser,
        travellers=[_employee(4), _employee(14), _employee(15)],
        status=JourneyStatus.EVALUATING, started_days_ago=95, tasks=[
            ("Antwoord op een veelgestelde vraag", Tool.CHAT, 30, "", TaskStatus.TESTING, []),
            ("Gesprekken met cliënten samenvatten", Tool.TEAMS, 60, "", TaskStatus.EXCLUDED,
             []),
        ])
    if created:
        _tests(evaluating, [15, 25, 30])
        Evaluation.objects.create(journey=evaluating,
                                  due_on=evaluating.started_at + timedelta(days=90))

    reports = [
        ("Notuleren in de helft van de tijd", notulist, [_employee(1), _employee(7)], 365,
         [60, 70], "Teams-opnames alleen met toestemming van alle deelnemers.",
         "## Wat we deden\n\nDrie maanden lang lieten we Copilot in Teams de samenvatting en "
         "de actielijst van het wekelijkse overleg maken.\n\n## Wat het opleverde\n\n"
         "- Notulen staan binnen een uur in Teams in plaats van na twee dagen.\n"
         "- Ongeveer **een uur per week** minder uitwerken per notulist.\n\n"
         "## Let op\n\nControleer namen en besluiten altijd zelf. Meer over de regels: "
         "[Handreiking AI](https://www.digitaleoverheid.nl/)."),
        ("Webteksten op B1 met Copilot", writer, [_employee(2), _employee(8)], 140, [35, 45],
         "Laat een collega de eerste teksten meelezen.",
         "## Aanpak\n\nWe herschreven veertig webteksten met Copilot in Word.\n\n"
         "## Resultaat\n\nDe teksten werden korter en duidelijker; de eindredactie bleef "
         "mensenwerk."),
    ]
    for title, standard, people, days, minutes, lesson, body in reports:
        journey, created = _journey(title=title, adviser=adviser, travellers=people,
                                    status=JourneyStatus.COMPLETED, standard=standard,
                                    started_days_ago=days)
        if not created:
            continue
        journey.tasks.update(status=TaskStatus.ADOPTED, cleared_at=timezone.now(),
                             clearance_rationale="Goedgekeurd in de douanezitting.")
        _tests(journey, minutes)
        evaluation = Evaluation.objects.create(
            journey=journey, due_on=journey.started_at + timedelta(days=90),
            completed_at=timezone.now() - timedelta(days=10), completed_by=adviser,
            works_well="De eerste versie scheelt veel tijd.",
            resistance="Twijfel over de juistheid van samenvattingen.", lessons=lesson)
        for task in journey.tasks.all():
            EvaluationTaskVerdict.objects.create(evaluation=evaluation, task=task,
                                                 verdict=Verdict.ADOPT)
        TravelReport.objects.create(journey=journey, author=adviser, title=title, body=body,
                                    published_at=timezone.now() - timedelta(days=5))

    # A large pilot group across every function group, so the impact figures rest on enough
    # travellers to be shown without singling anyone out.
    pilot_numbers = [3, 6, 9, 10, *range(18, 53)]
    _journey(title="Copilot-basisreis – pilotgroep najaar", adviser=adviser, is_open=False,
             travellers=[_employee(n) for n in pilot_numbers], status=JourneyStatus.TRAVELLING,
             started_days_ago=120, goal="Iedereen in de pilot leert de basis: samenvatten, "
             "e-mails beantwoorden en vergaderen met Copilot.", tasks=[
                 ("Lange e-mails samenvatten in Outlook", Tool.OUTLOOK, 45, "",
                  TaskStatus.ADOPTED, []),
                 ("Vergaderingen samenvatten in Teams", Tool.TEAMS, 60, "",
                  TaskStatus.TESTING, [MEASURE]),
             ])
    pilot = Journey.objects.get(title="Copilot-basisreis – pilotgroep najaar", adviser=adviser)
    _acknowledge(pilot, "Vergaderingen samenvatten in Teams",
                 [_employee(n) for n in pilot_numbers])

    _journey(title="Persberichten (geannuleerd)", adviser=adviser, travellers=[_employee(8)],
             status=JourneyStatus.CANCELLED, standard=writer)

    for number, message, standard in [
            (16, "Ik wil graag sneller vergaderstukken samenvatten.", notulist),
            (17, "Kan AI mij helpen bij het toetsen van aanvragen?",
             standards["Reis: aanvragen toetsen"])]:
        JourneyRequest.objects.get_or_create(
            traveller=_employee(number), status=RequestStatus.OPEN,
            defaults={"message": message, "standard_journey": standard})
