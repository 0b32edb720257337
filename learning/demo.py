"""Demo learning for "Gemeente Voorbeeldstad". Idempotent: a second run adds nothing.

A past training with attendance, two coming ones (one with registrations), a past and a coming
promptathon, the key users' expertise and the toolkit pages. Two trainings on offer and the
literacy requirements for travellers and managementondersteuners, so the literacy register
shows people who meet them, who are due (an introduction almost a year ago) and who lack one.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from journeys.constants import Tool
from journeys.models import StandardJourney
from reisbureau.constants import Role
from reisbureau.demo import demo_email
from reisbureau.models import FunctionGroup, Persona, User

from . import services as learning
from .constants import TrainingKind
from .models import (
    KeyUserProfile,
    LiteracyRequirement,
    Promptathon,
    ToolkitPage,
    Training,
    TrainingSession,
)


def _user(local: str) -> User:
    return User.objects.get(email=demo_email(local))


# --- Learning ----------------------------------------------------------------------------

TOOLKIT = [
    ("Starten", 1, "Zo opent u een AI-reisbureau",
     "## Vier stappen\n\n1. Open een reisbureau\n2. Maak medewerkers vaardige reizigers\n"
     "3. Meet impact vanaf dag één\n4. Van pilot naar standaardwerkwijze"),
    ("Starten", 2, "Bezetting van het reisbureau",
     "Voor **150 licenties** en zo'n 60 reizigers tegelijk: franchisenemer 30 uur, "
     "productmanager 36 uur en reisadviseur 36 uur per week."),
    ("Douane", 1, "Hoe werkt de douane?",
     "Elke geplande AI-taak gaat langs de douane. Elke twee weken beoordeelt een privacy- of "
     "securityofficer de taken: goedgekeurd, goedgekeurd met maatregelen of uitgesloten."),
    ("Leren", 1, "AI-geletterdheid en de AI-verordening",
     "Artikel 4 van de AI-verordening vraagt dat medewerkers die AI gebruiken voldoende "
     "AI-geletterd zijn. Volg eerst de introductietraining."),
]


def training_time(days: int, hour: int, minute: int = 0):
    """A working day `days` from today (moved past a weekend) at a time trainings are held,
    in the portal's time zone: seeded sessions start at 09:30 or 13:00, not at midnight."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


INTRO = "Introductie AI: de superslimme stagiair"
TEAMS = "Copilot in Teams: vergaderingen samenvatten"


def _offer() -> dict[str, Training]:
    staff = _user("beheer")
    if not Training.objects.filter(title=INTRO).exists():
        learning.training_offer_save(
            actor=staff, title=INTRO, kind=TrainingKind.INTRODUCTION,
            description="Wat kan AI wel en niet, welke regels gelden er en hoe schrijft u een "
                        "goede prompt? Voor iedereen die met AI gaat werken.")
    if not Training.objects.filter(title=TEAMS).exists():
        learning.training_offer_save(
            actor=staff, title=TEAMS, kind=TrainingKind.TOOL, tool=Tool.TEAMS,
            description="Samenvattingen en actiepunten van Teams-vergaderingen met Copilot.",
            persona=Persona.objects.filter(name="De notulist").first(),
            standard_journey=StandardJourney.objects.filter(
                title="Excursie: notuleren met Copilot in Teams").first())
    return {t.title: t for t in Training.objects.filter(title__in=[INTRO, TEAMS])}


def _held(session, *, days_ago: int, hour: int, minute: int, attendees, trainer) -> None:
    """Register `attendees` for a session planned ahead, then move it `days_ago` back
    (timestamps only, demo history) and record that they came."""
    for person in attendees:
        learning.training_register(session=session, user=person)
    start = training_time(-days_ago, hour, minute)
    TrainingSession.objects.filter(pk=session.pk).update(  # demo history: timestamps only
        starts_at=start, ends_at=start + timedelta(hours=2))
    learning.training_record_attendance(session=session, actor=trainer,
                                        attended_ids=[p.pk for p in attendees])


def _trainings() -> None:
    if TrainingSession.objects.exists():
        return
    offer = _offer()
    staff, adviser = _user("beheer"), _user("adviseur")
    # Almost a year ago: these people's introduction is due for renewal (12 months).
    tomorrow = training_time(1, 13)
    year_ago = learning.training_save(
        actor=staff, training=offer[INTRO], title=INTRO, kind=TrainingKind.INTRODUCTION,
        starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=2), seats=20, trainer=adviser,
        location="Stadskantoor, zaal 2")
    _held(year_ago, days_ago=340, hour=13, minute=0, trainer=adviser,
          attendees=[_user(f"medewerker{i:02d}") for i in range(18, 26)])
    # The past training goes the way a real one does: planned, registered for, held and its
    # attendance recorded. The services only plan and register in the future, so it is planned
    # for tomorrow and then moved three weeks back (timestamps only) before attendance.
    tomorrow = training_time(1, 9, 30)
    past = learning.training_save(
        actor=staff, training=offer[INTRO], title="Introductie: AI is een superslimme stagiair",
        kind=TrainingKind.INTRODUCTION, starts_at=tomorrow,
        ends_at=tomorrow + timedelta(hours=2), location="Stadskantoor, zaal 3", seats=20,
        trainer=adviser, description="Wat kan AI wel en niet? Oefenen met goede prompts.")
    _held(past, days_ago=21, hour=9, minute=30, trainer=adviser,
          attendees=[_user("reiziger"), _user("manager")] + [
              _user(f"medewerker{i:02d}") for i in range(1, 13)])
    learning.training_save(
        actor=staff, training=offer[INTRO],
        title="Introductie: AI is een superslimme stagiair (2)",
        kind=TrainingKind.INTRODUCTION, starts_at=training_time(7, 13),
        ends_at=training_time(7, 15), seats=3, trainer=adviser,
        location="Stadskantoor, zaal 3")
    upcoming = learning.training_save(
        actor=staff, training=offer[TEAMS], title=TEAMS,
        kind=TrainingKind.TOOL, tool=Tool.TEAMS, starts_at=training_time(14, 9, 30),
        ends_at=training_time(14, 11, 30), seats=12, trainer=adviser,
        location="Online (Teams)")
    for i in range(13, 18):
        learning.training_register(session=upcoming, user=_user(f"medewerker{i:02d}"))


def _literacy_requirements() -> None:
    """Every traveller: the introduction, renewed yearly; managementondersteuners also the
    Copilot in Teams training, renewed every two years (nobody has it yet)."""
    if LiteracyRequirement.objects.exists():
        return
    staff, offer = _user("beheer"), _offer()
    learning.literacy_requirement_save(actor=staff, role=Role.TRAVELLER,
                                       trainings=[offer[INTRO]], renewal_months=12)
    group = FunctionGroup.objects.filter(name="Managementondersteuner").first()
    if group is not None:
        learning.literacy_requirement_save(actor=staff, function_group=group,
                                           trainings=[offer[TEAMS]], renewal_months=24)


def _promptathons() -> None:
    if Promptathon.objects.exists():
        return
    staff = _user("beheer")
    now = timezone.now().replace(second=0, microsecond=0)
    # The past promptathon goes through the services in the order a real one does: teams and
    # submissions before the deadline, votes while voting is open. Between the steps only its
    # two timestamps move (demo history), ending at a deadline 30 and a vote close 23 days ago.
    past = learning.promptathon_create(
        actor=staff, title="Promptathon voorjaar", held_on=(now - timedelta(days=30)).date(),
        submission_deadline=now + timedelta(days=1), voting_closes_at=now + timedelta(days=2),
        team_size=3, description="Drie uitdagingen uit de dagelijkse praktijk.",
        challenges=["Vat een raadsvoorstel samen in B1"])
    challenge = past.challenges.get()
    for name, (founder, *others) in (("De Snelle Stagiairs", ["reiziger", "medewerker01"]),
                                     ("Prompt & Co", ["medewerker02", "medewerker03"])):
        team = learning.team_create(promptathon=past, user=_user(founder), name=name)
        for local in others:
            learning.team_join(team=team, user=_user(local))
    first = learning.submission_save(
        challenge=challenge, user=_user("reiziger"),
        prompt="Vat het raadsvoorstel samen in vijf zinnen op taalniveau B1 voor inwoners.",
        result="Een heldere samenvatting van vijf zinnen.")
    second = learning.submission_save(
        challenge=challenge, user=_user("medewerker02"),
        prompt="Leg het raadsvoorstel uit aan een inwoner zonder vakjargon.",
        result="Een uitleg in gewone taal.")
    events = Promptathon.objects.filter(pk=past.pk)
    events.update(submission_deadline=now - timedelta(days=30))  # demo history: voting opens
    past.refresh_from_db()  # the submissions' challenge holds this very object
    for local in ("medewerker04", "medewerker05", "adviseur"):
        learning.vote_cast(submission=first, user=_user(local))
    learning.vote_cast(submission=second, user=_user("medewerker06"))
    events.update(voting_closes_at=now - timedelta(days=23))  # demo history: voting closed
    learning.promptathon_create(
        actor=staff, title="Promptathon najaar", held_on=(now + timedelta(days=10)).date(),
        submission_deadline=now + timedelta(days=10, hours=4),
        voting_closes_at=now + timedelta(days=17), team_size=3,
        description="Los samen AI-uitdagingen op. Vorm een team of sluit aan.",
        challenges=["Schrijf een ontvangstbevestiging voor een bezwaarschrift",
                    "Maak actiepunten uit een Teams-vergadering"])


def _key_users() -> None:
    staff = _user("beheer")
    expertise = ["Copilot in Teams en Outlook", "Prompts voor beleidsstukken",
                 "Schrijven op B1-niveau"]
    for i, person in enumerate(User.objects.filter(is_key_user=True, is_active=True)
                               .order_by("pk")):
        if not KeyUserProfile.objects.filter(user=person).exists():
            learning.key_user_appoint(actor=staff, user=person,
                                      expertise=expertise[i % len(expertise)])


def _toolkit() -> None:
    staff = _user("beheer")
    for section, order, title, body in TOOLKIT:
        if not ToolkitPage.objects.filter(title=title).exists():
            learning.toolkit_page_save(actor=staff, section=section, order=order, title=title,
                                       body=body)


def seed_demo() -> None:
    with transaction.atomic():
        _trainings()
        _literacy_requirements()
        _promptathons()
        _key_users()
        _toolkit()
