"""Demo community for "Gemeente Voorbeeldstad". Idempotent: a second run adds nothing.

Prompts with variables, an edited prompt (two versions) and an improvement of a colleague's
prompt; board topics with replies and an accepted answer; one published and two scheduled tips.
Everything goes through the services, as a user would do it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from journeys.constants import TaskKind, Tool
from reisbureau.demo import demo_email
from reisbureau.models import FunctionGroup, Persona, User

from . import learning, selectors, services
from .constants import RegistrationStatus, TopicKind, TrainingKind, Visibility
from .models import (
    KeyUserProfile,
    Prompt,
    Promptathon,
    PromptathonChallenge,
    PromptathonSubmission,
    PromptathonTeam,
    PromptathonVote,
    TeamMembership,
    ToolkitPage,
    Topic,
    TrainingRegistration,
    TrainingSession,
    WeeklyTip,
)

# author, title, text, kind, tool, persona, function group, visibility
PROMPTS = [
    ("reiziger", "Vergadering samenvatten in vijf punten",
     "Vat de vergadering over {{onderwerp}} samen in vijf punten. Noem per besluit wie wat doet "
     "en voor wanneer. Schrijf voor {{doelgroep}}.",
     TaskKind.ROUTINE, Tool.TEAMS, "De notulist", "Managementondersteuner", Visibility.EVERYONE),
    ("adviseur", "Beleidsstuk samenvatten voor de wethouder",
     "Je bent een ervaren beleidsadviseur. Maak een samenvatting van het bijgevoegde stuk over "
     "{{onderwerp}} van maximaal één A4 voor de wethouder. Noem de drie belangrijkste "
     "keuzes en hun gevolgen voor {{onderwerp}}.",
     TaskKind.COMPLEX, Tool.WORD, "De analist", "Beleidsmedewerker", Visibility.EVERYONE),
    ("manager", "Webtekst herschrijven op B1",
     "Herschrijf de volgende tekst op taalniveau B1. Behoud alle feiten, gebruik korte zinnen "
     "en spreek de lezer aan met 'u'.\n\n{{tekst}}",
     TaskKind.ROUTINE, Tool.WORD, "De schrijver", "Communicatieadviseur", Visibility.EVERYONE),
    ("douane", "Regels opzoeken bij een aanvraag",
     "Welke regels uit {{regeling}} zijn van toepassing op een aanvraag voor {{activiteit}}? "
     "Geef per regel de vindplaats, zodat ik het zelf kan controleren.",
     TaskKind.COMPLEX, Tool.CHAT, "De toetser", "Juridisch medewerker", Visibility.DEPARTMENT),
    ("reiziger", "Mijn eigen mailsjabloon",
     "Schrijf een korte, vriendelijke reactie op deze mail: {{mail}}",
     TaskKind.ROUTINE, Tool.OUTLOOK, "", "", Visibility.PRIVATE),
]

TOPICS = [
    ("reiziger", TopicKind.QUESTION, "Hoe laat ik Copilot de actiepunten uit Teams halen?",
     "Ik krijg wel een samenvatting van de vergadering, maar **geen lijst met actiepunten**. "
     "Wie weet hoe dat moet?",
     [("adviseur", "Vraag er expliciet om: *Maak een tabel met actiepunt, eigenaar en "
                   "datum.* Dat werkt bij mij altijd."),
      ("medewerker12", "Let op dat de transcriptie aan staat, anders heeft Copilot niets.")],
     1),
    ("medewerker24", TopicKind.SUCCESS, "Raadsvragen in de helft van de tijd",
     "Met de prompt *Beleidsstuk samenvatten* uit de bibliotheek bereid ik raadsvragen nu in de "
     "helft van de tijd voor. Wel altijd de bronnen zelf nalezen!",
     [("reiziger", "Mooi! Welke bronnen gebruik je?")], None),
    ("adviseur", TopicKind.TIP, "Geef Copilot een rol",
     "Begin een prompt met *Je bent een ervaren ...*: de antwoorden worden merkbaar beter.",
     [], None),
]

TIPS = [  # weeks from this Monday
    (-1, "Controleer altijd de bronnen",
     "AI is een superslimme stagiair: altijd beschikbaar en heel snel, maar **het maakt "
     "fouten**. Controleer feiten en bronnen voordat u een tekst gebruikt."),
    (1, "Geef context in uw prompt",
     "Vertel voor wie de tekst is en wat het doel is. Hoe meer context, hoe beter het "
     "resultaat."),
    (2, "Gebruik variabelen in de promptbibliotheek",
     "Zet een variabele tussen dubbele accolades, zoals `{{onderwerp}}`: collega's vullen die "
     "in en kopiëren de prompt in één klik."),
]


def _user(local: str) -> User:
    return User.objects.get(email=demo_email(local))


def _prompts() -> None:
    if Prompt.objects.filter(title=PROMPTS[0][1]).exists():
        return
    created = {}
    for local, title, text, kind, tool, persona, group, visibility in PROMPTS:
        author = _user(local)
        task = None
        if local == "adviseur":
            task = selectors.linkable_tasks(author).first()
        created[title] = services.prompt_create(
            author=author, title=title, text=text, task_kind=kind, tool=tool,
            persona=Persona.objects.filter(name=persona).first(),
            function_group=FunctionGroup.objects.filter(name=group).first(),
            visibility=visibility, task=task)
    summary = created[PROMPTS[0][1]]
    services.prompt_update(
        prompt=summary, actor=summary.author,
        text=summary.text + " Sluit af met de open vragen.")
    original = created[PROMPTS[1][1]]
    services.prompt_fork(
        prompt=original, actor=_user("manager"),
        title="Beleidsstuk samenvatten voor de raad",
        text=original.text.replace("de wethouder", "de gemeenteraad") +
        " Gebruik begrijpelijke taal (B1).")
    for local in ("manager", "douane", "beheer"):
        services.prompt_mark_useful(prompt=summary, user=_user(local))
    services.prompt_mark_useful(prompt=original, user=_user("reiziger"))
    services.prompt_toggle_favourite(prompt=original, user=_user("reiziger"))
    for prompt, copies in ((summary, 14), (original, 9), (created[PROMPTS[2][1]], 21)):
        for _i in range(copies):
            services.prompt_record_copy(prompt=prompt)


def _topics() -> None:
    if Topic.objects.filter(title=TOPICS[0][2]).exists():
        return
    for local, kind, title, body, replies, accepted in TOPICS:
        asker = _user(local)
        topic = services.topic_create(author=asker, kind=kind, title=title, body=body)
        made = [services.reply_create(topic=topic, author=_user(who), body=text)
                for who, text in replies]
        if accepted is not None:
            services.reply_accept(topic=topic, reply=made[accepted - 1], actor=asker)


def _tips() -> None:
    """Last week's tip is out; the next two wait for the Monday job."""
    if WeeklyTip.objects.filter(title=TIPS[0][1]).exists():
        return
    staff = _user("beheer")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    for weeks, title, body in TIPS:
        tip = WeeklyTip(author=staff, title=title, body=body,
                        publish_on=monday + timedelta(weeks=weeks))
        if weeks < 0:
            tip.published_at = timezone.now() - timedelta(days=7)
        tip.full_clean()
        tip.save()


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


def _trainings() -> None:
    if TrainingSession.objects.exists():
        return
    staff, adviser = _user("beheer"), _user("adviseur")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    past = TrainingSession.objects.create(
        title="Introductie: AI is een superslimme stagiair", kind=TrainingKind.INTRODUCTION,
        starts_at=now - timedelta(days=21), ends_at=now - timedelta(days=21, hours=-2),
        location="Stadskantoor, zaal 3", seats=20, trainer=adviser,
        description="Wat kan AI wel en niet? Oefenen met goede prompts.")
    attendees = [_user("reiziger"), _user("manager")] + [
        _user(f"medewerker{i:02d}") for i in range(1, 13)]
    for person in attendees:
        TrainingRegistration.objects.create(session=past, user=person,
                                            status=RegistrationStatus.ATTENDED)
    learning.training_save(
        actor=staff, title="Introductie: AI is een superslimme stagiair (2)",
        kind=TrainingKind.INTRODUCTION, starts_at=now + timedelta(days=7, hours=2),
        ends_at=now + timedelta(days=7, hours=4), seats=3, trainer=adviser,
        location="Stadskantoor, zaal 3")
    upcoming = learning.training_save(
        actor=staff, title="Copilot in Teams: vergaderingen samenvatten",
        kind=TrainingKind.TOOL, tool=Tool.TEAMS, starts_at=now + timedelta(days=14, hours=2),
        ends_at=now + timedelta(days=14, hours=4), seats=12, trainer=adviser,
        location="Online (Teams)")
    for i in range(13, 18):
        learning.training_register(session=upcoming, user=_user(f"medewerker{i:02d}"))


def _promptathons() -> None:
    if Promptathon.objects.exists():
        return
    staff = _user("beheer")
    now = timezone.now().replace(second=0, microsecond=0)
    past = Promptathon.objects.create(
        title="Promptathon voorjaar", held_on=(now - timedelta(days=30)).date(),
        submission_deadline=now - timedelta(days=30), voting_closes_at=now - timedelta(days=23),
        team_size=3, created_by=staff, description="Drie uitdagingen uit de dagelijkse praktijk.")
    challenge = PromptathonChallenge.objects.create(
        promptathon=past, order=1, title="Vat een raadsvoorstel samen in B1")
    teams = []
    for name, members in (("De Snelle Stagiairs", ["reiziger", "medewerker01"]),
                          ("Prompt & Co", ["medewerker02", "medewerker03"])):
        team = PromptathonTeam.objects.create(promptathon=past, name=name)
        for local in members:
            TeamMembership.objects.create(team=team, promptathon=past, user=_user(local))
        teams.append(team)
    first = PromptathonSubmission.objects.create(
        team=teams[0], challenge=challenge, submitted_by=_user("reiziger"),
        prompt="Vat het raadsvoorstel samen in vijf zinnen op taalniveau B1 voor inwoners.",
        result="Een heldere samenvatting van vijf zinnen.")
    second = PromptathonSubmission.objects.create(
        team=teams[1], challenge=challenge, submitted_by=_user("medewerker02"),
        prompt="Leg het raadsvoorstel uit aan een inwoner zonder vakjargon.",
        result="Een uitleg in gewone taal.")
    for local in ("medewerker04", "medewerker05", "adviseur"):
        PromptathonVote.objects.create(challenge=challenge, submission=first, user=_user(local))
    PromptathonVote.objects.create(challenge=challenge, submission=second,
                                   user=_user("medewerker06"))
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
        _prompts()
        _topics()
        _tips()
        _trainings()
        _promptathons()
        _key_users()
        _toolkit()
