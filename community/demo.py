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

from . import selectors, services
from .constants import TopicKind, Visibility
from .models import Prompt, Topic, WeeklyTip

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
        if weeks >= 0:
            services.tip_save(actor=staff, title=title, body=body,
                              publish_on=monday + timedelta(weeks=weeks))
            continue
        # A tip can only be scheduled from today on: schedule it today, let the weekly job
        # publish and send it, then move only its dates back to last week.
        tip = services.tip_save(actor=staff, title=title, body=body, publish_on=today)
        services.tips_publish_due(today=today)
        WeeklyTip.objects.filter(pk=tip.pk).update(
            publish_on=monday + timedelta(weeks=weeks),
            published_at=timezone.now() - timedelta(days=7))


def seed_demo() -> None:
    with transaction.atomic():
        _prompts()
        _topics()
        _tips()
