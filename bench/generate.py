"""The data generator of `make bench`: a large municipality in PostgreSQL, in a few minutes.

    python -m bench.generate --scale 1.0 [--seed 1] [--reset]

`generate(scale, seed)` fills the configured (migrated, empty) PostgreSQL database. Scale 1.0 is
the size the issue asks for: 10,000 employees, 3,000 journeys, 30,000 tasks and about as many
customs decisions, 10,000 prompts, 50,000 board posts, 2,000,000 time-saving entries and
1,000,000 usage rows; every volume scales linearly (with small minimums so a tiny scale is still
a complete municipality).

How it is fast: ids are assigned here, so rows are streamed with COPY (psycopg 3) without a round
trip per row; the two huge tables (time saved, usage) are made by PostgreSQL itself with one
INSERT ... SELECT over generate_series from a small per-(traveller, task) and per-user plan, with
their indexes and foreign keys dropped during the load and rebuilt after (one index build and one
validating join instead of millions of index updates and trigger calls).

How it stays correct: the rows follow the app's own rules, not just the database's. A task in
use has a clearance decision; decisions chain (`supersedes`) per task and never come from the
journey's adviser; submissions of past sessions are decided and open ones sit in the next
session; decisions older than the re-review period have their re-review; journeys started 90
days ago have their evaluation; time saved is logged only by a journey's travellers on its
tasks in use, never more a week than the task's baseline; waiting lists exist only when the
pool is full; counters (useful votes, last activity) match their rows. The roll-ups are built by
the app's own roll-up service at the end. Random choices come from one seeded generator (and a
seeded hash in SQL), so a seed gives the same municipality (dates are relative to today).
"""

import argparse
import bisect
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

BENCH_PASSWORD = "bench-wachtwoord-2026"
BENCH_DOMAIN = "bench.example"
ROLES = ("traveller", "adviser", "officer", "manager", "agency_staff")
WINDOW_DAYS = 720  # about two years of history, inside the 24-month retention period
APPS_SCHEMA = ("reisbureau", "journeys", "customs", "community", "impact")

# Volumes at scale 1.0 (the issue's default). Catalogues (departments, measures...) are fixed.
BASE = {
    "users": 10_000, "journeys": 3_000, "tasks": 30_000, "prompts": 10_000, "posts": 50_000,
    "time_savings": 2_000_000, "usage": 1_000_000, "advisers": 50, "officers": 10,
    "managers": 100, "agency_staff": 10, "inventory": 15_000, "requests": 500,
    "notifications": 50_000, "trainings": 200, "promptathons": 8, "interviews": 300,
    "objections": 200, "standard_journeys": 20,
}


def bench_email(role: str) -> str:
    return f"bench-{role}@{BENCH_DOMAIN}"


def volumes(scale: float) -> dict[str, int]:
    """The number of each kind at this scale (minimums keep a tiny scale complete)."""
    minimum = {"users": 20, "journeys": 6, "tasks": 30, "advisers": 2, "officers": 2,
               "standard_journeys": 3, "prompts": 10, "posts": 20, "time_savings": 200,
               "usage": 200, "trainings": 2, "promptathons": 2}
    v = {k: max(minimum.get(k, 1), round(n * scale)) for k, n in BASE.items()}
    v["tasks"] = max(v["tasks"], 3 * v["journeys"])
    v["departments"] = min(12, max(2, v["users"] // 50))
    v["function_groups"] = min(20, max(3, v["users"] // 30))
    v["personas"] = min(8, max(2, v["users"] // 60))
    return v


class GenerationError(Exception):
    """The database is not one the generator may fill (not PostgreSQL, or not empty)."""


# --- Text ------------------------------------------------------------------------------------

DEPARTMENTS = ["Publiekszaken", "Sociaal Domein", "Ruimte", "Bedrijfsvoering",
               "Bestuur en Communicatie", "Veiligheid en Handhaving", "Stadsbeheer",
               "Economie en Cultuur", "Onderwijs en Jeugd", "Informatievoorziening", "Financiën",
               "Wonen en Duurzaamheid"]
FUNCTION_GROUPS = ["Beleidsmedewerker", "Juridisch medewerker", "Klantcontactmedewerker",
                   "Managementondersteuner", "Vergunningverlener", "Consulent Werk en Inkomen",
                   "Communicatieadviseur", "Projectleider", "Financieel adviseur", "HR-adviseur",
                   "Informatieadviseur", "Handhaver", "Toezichthouder", "Wijkmanager",
                   "Inkoopadviseur", "Data-analist", "Archiefmedewerker", "Secretaresse",
                   "Teamleider", "Applicatiebeheerder"]
PERSONAS = ["De schrijver", "De notulist", "De analist", "De dienstverlener", "De toetser",
            "De organisator", "De onderzoeker", "De coördinator"]
FIRST_NAMES = ["Anouk", "Bram", "Citlali", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Ilias",
               "Joost", "Kim", "Lotte", "Mohamed", "Noor", "Olaf", "Priya", "Quinten", "Roos",
               "Sven", "Tess", "Umut", "Vera", "Willem", "Xander", "Yara", "Zeynep", "Sanne",
               "Thijs", "Fatima", "Ruben"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "Mulder",
              "de Boer", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "El Amrani", "Dekker",
              "van den Berg", "Kaya", "Brouwer", "de Graaf", "Koster", "Prins", "Hoekstra",
              "Verhoeven"]
# work task, tool, approach, data involved, social-domain (customs excludes these)
WORK_TASKS = [
    ("Notulen van het teamoverleg uitwerken", "copilot_teams",
     "Copilot maakt de samenvatting en de actielijst; de notulist controleert.",
     "Interne vergaderstukken", False),
    ("Webteksten herschrijven op B1", "copilot_word",
     "Eerste versie door Copilot, daarna redactie door communicatie.", "Openbare informatie",
     False),
    ("Raadsvragen beantwoorden", "copilot_word",
     "Copilot zoekt de relevante stukken en maakt een conceptantwoord.",
     "Beleidsstukken, geen persoonsgegevens", False),
    ("E-mails van inwoners beantwoorden", "copilot_outlook",
     "Conceptantwoord op basis van de openbare webtekst.", "Persoonsgegevens van inwoners",
     False),
    ("Beleidsanalyse mobiliteit", "copilot_chat",
     "Rapporten samenvatten en scenario's vergelijken.", "Verkeerstellingen, openbare rapporten",
     False),
    ("Bezwaarschriften samenvatten", "copilot_word",
     "Samenvatting van de gronden voor de hoorzitting.", "Persoonsgegevens van bezwaarmakers",
     False),
    ("Agenda en stukken voor het MT klaarzetten", "copilot_outlook",
     "Copilot verzamelt de stukken en maakt een agenda.", "Interne stukken", False),
    ("Persberichten schrijven", "copilot_word", "Eerste versie op basis van het collegebesluit.",
     "Openbare informatie", False),
    ("Voortgangsrapportage van projecten", "copilot_excel",
     "Copilot vat de planningen samen in een tabel.", "Projectplanningen en budgetten", False),
    ("Offertes vergelijken", "copilot_excel", "Vergelijkingstabel met criteria.",
     "Offertes van leveranciers", False),
    ("Subsidieaanvragen voorbereiden", "copilot_chat",
     "Checklist en samenvatting per aanvraag.", "Aanvragen van organisaties", False),
    ("Collegevoorstel opstellen", "copilot_word", "Opzet en eerste tekst door Copilot.",
     "Beleidsstukken", False),
    ("Vergunningsaanvraag toetsen aan het omgevingsplan", "copilot_chat",
     "Relevante regels opzoeken; de vergunningverlener beslist.", "Bouwtekeningen en plannen",
     False),
    ("Klachtbrief beantwoorden", "copilot_word", "Conceptantwoord in begrijpelijke taal.",
     "Persoonsgegevens van de klager", False),
    ("Verslag van een inspraakavond", "copilot_teams",
     "Samenvatting van de opnames en de gestelde vragen.", "Inbreng van inwoners", False),
    ("Nieuwsbrief voor medewerkers", "copilot_word", "Copilot schrijft de eerste versie.",
     "Intern nieuws", False),
    ("Vacaturetekst schrijven", "copilot_word", "Tekst op basis van het functieprofiel.",
     "Functieprofielen", False),
    ("Jaarverslag samenvatten", "copilot_word", "Kernpunten voor de raad.", "Jaarverslag",
     False),
    ("Woo-verzoek inventariseren", "copilot_chat",
     "Documenten ordenen en een inventarislijst maken.", "Interne documenten", False),
    ("Handhavingsbrief opstellen", "copilot_word", "Conceptbrief op basis van de bevindingen.",
     "Bevindingen van toezicht", False),
    ("Zienswijzen ordenen", "copilot_excel", "Zienswijzen indelen naar thema.",
     "Zienswijzen van inwoners", False),
    ("Presentatie voor de raad maken", "copilot_powerpoint",
     "Dia's op basis van het raadsvoorstel.", "Raadsvoorstel", False),
    ("Meldingen openbare ruimte analyseren", "copilot_excel",
     "Trends per wijk in een draaitabel.", "Meldingen zonder persoonsgegevens", False),
    ("Werkinstructie schrijven", "copilot_word", "Stappenplan uit de bestaande notities.",
     "Interne procedures", False),
    ("Veelgestelde vragen op de website bijwerken", "copilot_chat",
     "Nieuwe vragen uit het klantcontactcentrum verwerken.", "Openbare informatie", False),
    ("Projectplan opstellen", "copilot_word", "Opzet met doelen, planning en risico's.",
     "Projectgegevens", False),
    ("Risicoanalyse maken", "copilot_excel", "Risico's en maatregelen in een matrix.",
     "Projectgegevens", False),
    ("Berichten voor sociale media schrijven", "copilot_chat", "Drie varianten per bericht.",
     "Openbare informatie", False),
    ("Memo aan de wethouder", "copilot_word", "Kernboodschap en onderbouwing.",
     "Beleidsstukken", False),
    ("Archiefstukken beschrijven", "copilot_chat", "Metadata voorstellen per stuk.",
     "Archiefstukken", False),
    ("Gesprekken met cliënten samenvatten", "copilot_teams",
     "Opname van het gesprek laten samenvatten.", "Gevoelige gegevens in het sociaal domein",
     True),
    ("Keukentafelgesprek Wmo voorbereiden", "copilot_chat",
     "Eerdere gesprekken met de cliënt samenvatten.", "Zorggegevens van cliënten", True),
]
TASK_WEIGHTS = [1 if not social else 0.3 for *_rest, social in WORK_TASKS]
JOURNEY_THEMES = ["Schrijven met AI", "Vergaderen en notuleren", "Beleid analyseren",
                  "Sneller antwoorden aan inwoners", "Toetsen en beoordelen", "Rapporteren",
                  "Projecten op orde", "Communicatie op B1", "Data en dashboards",
                  "Juridische stukken"]
MEASURES = [
    "Alleen op een laptop van de gemeente, nooit op een eigen apparaat",
    "Geen persoonsgegevens invoeren",
    "Uitkomst altijd door een medewerker laten controleren",
    "Vermeld dat de tekst met AI is gemaakt",
    "Namen en adressen vooraf pseudonimiseren",
    "Alleen openbare bronnen gebruiken",
    "Geen BSN of bijzondere persoonsgegevens in de prompt",
    "Opnames na het samenvatten verwijderen",
    "Uitkomst niet rechtstreeks naar inwoners sturen",
    "Gebruik alleen de zakelijke Copilot-omgeving",
    "Bronnen in de uitkomst controleren",
    "Eerst toestemming van de deelnemers vragen",
]
RULES = [
    ("Gevoelige gesprekken in het sociaal domein",
     "Gesprekken met cliënten over werk, inkomen, zorg of jeugd worden niet met AI opgenomen "
     "of samengevat.", {"when_social_domain": True},
     "gesprek, gesprekken, cliënt, keukentafel"),
    ("Besluiten over inwoners met bijzondere persoonsgegevens",
     "AI bereidt geen besluiten voor over inwoners op basis van bijzondere persoonsgegevens of "
     "het BSN.", {"when_special_categories": True, "when_affects_decisions": True}, ""),
    ("Persoonsgegevens op een eigen apparaat",
     "Geen persoonsgegevens verwerken met AI op een privéapparaat.",
     {"when_private_device": True}, "inwoner, cliënt, medewerker"),
    ("Profilering van inwoners", "Geen scores of profielen van inwoners met AI.",
     {"when_affects_decisions": True}, "profiel, score, risicoprofiel"),
]
RATIONALES = {
    "cleared": ["Geen persoonsgegevens; de medewerker controleert de uitkomst.",
                "Interne stukken zonder risico; akkoord.",
                "Openbare informatie, laag risico. Akkoord."],
    "cleared_with_measures": ["Akkoord onder de genoemde maatregelen.",
                              "Persoonsgegevens van collega's: alleen met de maatregelen.",
                              "Laag risico mits de uitkomst wordt gecontroleerd."],
    "excluded": ["Valt onder de uitsluiting voor gesprekken in het sociaal domein.",
                 "Bijzondere persoonsgegevens van inwoners: niet toegestaan."],
    "sent_back": ["Beschrijf welke gegevens in de prompt komen.",
                  "Onduidelijk waar de uitkomst terechtkomt; vul dat aan."],
}
PROMPT_SUBJECTS = ["een vergadering", "een beleidsnota", "een brief aan een inwoner",
                   "een raadsvoorstel", "een bezwaarschrift", "een projectplan", "een persbericht",
                   "een klacht", "een subsidieaanvraag", "een webtekst", "een jaarverslag",
                   "een offerte", "een werkinstructie", "een evaluatie", "een memo",
                   "zienswijzen", "een presentatie", "een nieuwsbrief", "een vacature",
                   "een risicoanalyse"]
PROMPT_VERBS = [("Samenvatting van",
                 "Vat {{document}} samen in vijf punten voor {{doelgroep}}."),
                ("Herschrijven op B1:",
                 "Herschrijf de tekst op taalniveau B1; behoud alle feiten."),
                ("Actielijst uit", "Maak een actielijst met eigenaar en datum uit {{document}}."),
                ("Kritische vragen bij", "Stel tien kritische vragen bij {{document}}."),
                ("Eerste versie van", "Schrijf een eerste versie van {{onderwerp}} in de toon "
                                      "van de gemeente."),
                ("Vergelijking van", "Vergelijk de opties in een tabel met voor- en nadelen."),
                ("Checklist voor", "Maak een checklist om {{document}} te toetsen aan het "
                                   "beleid."),
                ("Tijdlijn van", "Zet de gebeurtenissen in een tijdlijn met datum en bron.")]
TOPIC_TITLES = ["Hoe vat ik een lange vergadering samen?", "Copilot in Excel: draaitabellen",
                "Succes: notulen in de helft van de tijd", "Tip: geef Copilot een rol",
                "Mag ik een bezwaarschrift laten samenvatten?", "Prompt voor B1-teksten",
                "Ervaring met Copilot in Outlook", "Hoe controleer ik bronnen?",
                "Succes: raadsvragen sneller beantwoord", "Tip: vraag om een tabel",
                "Wat doet de douane precies?", "Copilot en vertrouwelijke stukken",
                "Vergaderen met Teams-transcriptie", "Tip: werk met voorbeelden",
                "Succes: webteksten herschreven", "Vraag over licenties"]
TOPIC_BODY = ("Ik probeer dit nu een paar weken. **Wat werkt:** een duidelijke opdracht en "
              "een voorbeeld. *Wat nog niet:* lange documenten. Wie heeft tips?")
REPLY_BODIES = ["Goede vraag! Ik begin altijd met de rol en het doel.",
                "Bij ons werkt het goed als je eerst om een opzet vraagt.",
                "Zie ook de promptbibliotheek, daar staat een goed voorbeeld.",
                "Controleer altijd de bronnen; Copilot verzint soms iets.",
                "Dank, dit ga ik proberen.", "Wij hebben hier een excursie voor gedaan."]
SURVEY_CUSTOM = ("Tevredenheid over trainingen", [
    ("scale", "De training sloot aan bij mijn werk.", []),
    ("choice", "Welke training volgde je?", ["Introductie", "Verdieping", "Per hulpmiddel"]),
    ("open", "Wat mis je nog?", []),
])
TRAINING_TITLES = {"introduction": "Introductie AI", "advanced": "Verdieping prompts",
                   "tool": "Copilot in Word"}
APPS = ["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop",
        "Copilot Chat"]
TOOLKIT = [("Starten", "Waarom een reisbureau?"), ("Starten", "De rollen in het reisbureau"),
           ("Douane", "Zo werkt de douane"), ("Douane", "Maatregelen en uitsluitingen"),
           ("Meten", "Tijdwinst meten"), ("Meten", "Enquêtes en interviews"),
           ("Leren", "Trainingen en promptathons"), ("Leren", "Key-users")]


def _nl_tool_labels() -> dict[str, str]:
    from django.utils import translation

    from journeys.constants import Tool

    with translation.override("nl"):
        return {value: str(label) for value, label in Tool.choices}


# --- Loading ---------------------------------------------------------------------------------

class _Db:
    """COPY and SQL on the Django connection's psycopg cursor (inside Django's transaction)."""

    def __init__(self, cursor, log):
        self.cur = cursor
        self.log = log
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: tuple, rows) -> int:
        cols = ", ".join(f'"{c}"' for c in columns)
        n = 0
        with self.cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def set_column(self, table: str, column: str, pairs) -> None:
        """UPDATE table SET column = value for (id, value) pairs, through one COPY."""
        self.cur.execute("CREATE TEMP TABLE bench_set (id bigint, value bigint)")
        with self.cur.copy("COPY bench_set FROM STDIN") as cp:
            for pair in pairs:
                cp.write_row(pair)
        self.cur.execute(f"UPDATE {table} t SET {column} = s.value FROM bench_set s "
                         "WHERE t.id = s.id")
        self.cur.execute("DROP TABLE bench_set")

    def execute(self, sql: str, params=None) -> int:
        self.cur.execute(sql, params)
        return self.cur.rowcount

    def one(self, sql: str, params=None):
        self.cur.execute(sql, params)
        return self.cur.fetchone()

    def insert_select(self, table: str, sql: str, params=None) -> int:
        n = self.execute(sql, params)
        self.counts[table] = self.counts.get(table, 0) + n
        return n


class _BulkLoad:
    """Drop a table's secondary indexes and foreign keys during a big load; rebuild them after.

    The definitions are read from the catalogue and restored as they were (same names), so the
    schema Django migrated is unchanged afterwards; re-adding a foreign key validates every row.
    """

    def __init__(self, db: _Db, table: str):
        self.db, self.table = db, table

    def __enter__(self):
        cur = self.db.cur
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')", [self.table])
        self.constraints = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [self.table])
        self.indexes = cur.fetchall()
        for name, _definition in self.constraints:
            cur.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cur.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the transaction rolls back, definitions included
        cur = self.db.cur
        for _name, definition in self.indexes:
            cur.execute(definition)
        for name, definition in self.constraints:
            cur.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
        return False


# --- The generator ---------------------------------------------------------------------------

USABLE = ("cleared", "cleared_with_measures", "testing", "adopted")
CLEARED = ("cleared", "cleared_with_measures")


class _Generator:
    def __init__(self, scale: float, seed: int, stdout=None):
        from django.conf import settings
        from django.utils import timezone

        self.scale, self.seed = scale, seed
        self.v = volumes(scale)
        self.rng = random.Random(seed)
        self.out = stdout
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.today - timedelta(days=WINDOW_DAYS)
        self.conf = settings.REISBUREAU
        self.t0 = time.monotonic()

    # helpers
    def log(self, message: str) -> None:
        if self.out is not None:
            self.out.write(f"[{time.monotonic() - self.t0:6.1f}s] {message}\n")
            self.out.flush()

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        moment = datetime.combine(day, dtime(hour, minute), tzinfo=self.tz)
        return min(moment, self.now)

    def rand_at(self, day: date) -> datetime:
        return self.at(day, self.rng.randint(8, 17), self.rng.randint(0, 59))

    def day_between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    # --- run --------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as wrapper:
            self.db = _Db(wrapper.cursor, self.log)
            self.core()
            self.standard_journeys()
            self.journeys()
            self.customs_catalogue()
            self.tasks_and_customs()
            self.evaluations_and_reports()
            self.licences()
            self.inventory_and_requests()
            self.community()
            self.learning()
            self.impact_small()
            self.time_savings()
            self.usage()
            self.notifications_and_audit()
            self.db.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django's foreign keys start
            self.log("analysing tables")
            self.db.execute("ANALYZE")
        self.rollups()
        with connection.cursor() as wrapper:
            self.db.cur = wrapper.cursor
            reset_sequences(wrapper.cursor)
            wrapper.cursor.execute("ANALYZE impact_weeklyrollup")
        self.log("done")
        return dict(sorted(self.db.counts.items()))

    # --- core: catalogue, people, roles -----------------------------------------------------
    def core(self):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group

        v, rng, db = self.v, self.rng, self.db
        self.departments = list(range(1, v["departments"] + 1))
        self.function_groups = list(range(1, v["function_groups"] + 1))
        self.personas = list(range(1, v["personas"] + 1))
        for table, names, ids in (("reisbureau_department", DEPARTMENTS, self.departments),
                                  ("reisbureau_functiongroup", FUNCTION_GROUPS,
                                   self.function_groups),
                                  ("reisbureau_persona", PERSONAS, self.personas)):
            db.copy(table, ("id", "name", "description"),
                    ((i, names[i - 1], f"{names[i - 1]} (benchmark)") for i in ids))

        n = v["users"]
        self.users = list(range(1, n + 1))
        self.bench = {role: i + 1 for i, role in enumerate(ROLES)}
        others = list(range(len(ROLES) + 1, n + 1))
        cursor = 0

        def take(count):
            nonlocal cursor
            chosen = others[cursor:cursor + count]
            cursor += count
            return chosen

        self.advisers = [self.bench["adviser"]] + take(v["advisers"] - 1)
        self.officers = [self.bench["officer"]] + take(v["officers"] - 1)
        self.managers = [self.bench["manager"]] + take(v["managers"] - 1)
        self.agency = [self.bench["agency_staff"]] + take(v["agency_staff"] - 1)
        role_of = defaultdict(lambda: ["traveller"])
        for role, ids in (("adviser", self.advisers), ("officer", self.officers),
                          ("manager", self.managers), ("agency_staff", self.agency)):
            for uid in ids:
                role_of[uid] = [role, "traveller"]
        self.role_holders = set(self.advisers + self.officers + self.managers + self.agency)

        password = make_password(BENCH_PASSWORD)
        self.user_dept, self.user_fg, self.user_personas = {}, {}, {}
        self.email, self.name = {}, {}
        plain = [u for u in self.users if u not in self.role_holders and u > len(ROLES)]
        self.key_users = set(rng.sample(plain, min(len(plain), max(1, round(n * 0.01)))))
        rows = []
        for uid in self.users:
            bench_role = next((r for r, i in self.bench.items() if i == uid), None)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if bench_role:
                first, last = "Bench", bench_role.replace("_", " ").title()
                email = bench_email(bench_role)
            else:
                email = f"medewerker{uid:05d}@{BENCH_DOMAIN}"
            dept = self.departments[0] if bench_role == "manager" else rng.choice(
                self.departments)
            fg = rng.choice(self.function_groups)
            self.user_dept[uid], self.user_fg[uid] = dept, fg
            self.email[uid], self.name[uid] = email, f"{first} {last}"
            roll = rng.random()
            self.user_personas[uid] = ([] if roll < 0.25 else
                                       rng.sample(self.personas, 2 if roll > 0.85 else 1))
            is_key = uid in self.key_users
            joined = self.at(self.start - timedelta(days=rng.randint(30, 900)))
            rows.append((uid, password, None, False, first, last,
                         bench_role == "agency_staff", True, joined, email, is_key, dept, fg))
        db.copy("reisbureau_user", ("id", "password", "last_login", "is_superuser",
                                    "first_name", "last_name", "is_staff", "is_active",
                                    "date_joined", "email", "is_key_user", "department_id",
                                    "function_group_id"), rows)
        groups = dict(Group.objects.values_list("name", "pk"))
        missing = set(ROLES) - set(groups)
        if missing:
            raise GenerationError(f"Role groups missing (run migrate first): {sorted(missing)}")
        db.copy("reisbureau_user_groups", ("user_id", "group_id"),
                ((uid, groups[role]) for uid in self.users for role in role_of[uid]))
        db.copy("reisbureau_user_personas", ("user_id", "persona_id"),
                ((uid, p) for uid in self.users for p in self.user_personas[uid]))
        self.role_of = role_of

        # Agency staffing: Breda's roles; advisers 36 or 24 hours, officers 8.
        staffing = [(self.agency[0], "franchise_holder", 30),
                    (self.agency[1] if len(self.agency) > 1 else self.agency[0],
                     "product_manager", 36)]
        staffing += [(uid, "adviser", 36 if rng.random() < 0.7 else 24) for uid in self.advisers]
        staffing += [(uid, "officer", 8) for uid in self.officers]
        db.copy("reisbureau_agencystaffing", ("user_id", "role", "hours_per_week"), staffing)

        # Managers manage their own department (an object permission, as an admin grants it).
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType
        from guardian.models import UserObjectPermission

        from reisbureau.models import Department

        ct = ContentType.objects.get_for_model(Department)
        perm = Permission.objects.get(content_type=ct, codename="view_department")
        UserObjectPermission.objects.bulk_create([
            UserObjectPermission(user_id=uid, content_type=ct, permission=perm,
                                 object_pk=str(self.user_dept[uid])) for uid in self.managers])
        db.counts["guardian_userobjectpermission"] = len(self.managers)
        self.log(f"people: {n} employees, {len(self.advisers)} advisers, "
                 f"{len(self.officers)} officers, {len(self.managers)} managers")

    # --- standard journeys ------------------------------------------------------------------
    def standard_journeys(self):
        rng, db = self.rng, self.db
        count = self.v["standard_journeys"]
        self.sj = []
        sj_rows, task_rows, p_rows, fg_rows = [], [], [], []
        for i in range(1, count + 1):
            theme = JOURNEY_THEMES[(i - 1) % len(JOURNEY_THEMES)]
            dept = DEPARTMENTS[(i - 1) // len(JOURNEY_THEMES) % len(DEPARTMENTS)]
            full = rng.random() < 0.4
            title = f"{'Reis' if full else 'Excursie'}: {theme.lower()} ({dept})"
            tasks = rng.sample(WORK_TASKS[:30], rng.randint(3, 5) if full else rng.randint(1, 2))
            created = self.at(self.start - timedelta(days=rng.randint(1, 60)))
            published = i <= 3 or rng.random() < 0.85
            sj_rows.append((i, title, f"Standaardreis voor {theme.lower()}.",
                            "full" if full else "excursion", published, created, created))
            self.sj.append({"id": i, "title": title, "tasks": tasks, "published": published})
            for order, (work, tool, approach, _data, _social) in enumerate(tasks, start=1):
                task_rows.append((i, order, work, approach, tool, "", rng.choice((30, 45, 60))))
            for p in rng.sample(self.personas, min(2, len(self.personas))):
                p_rows.append((i, p))
            for fg in rng.sample(self.function_groups, min(2, len(self.function_groups))):
                fg_rows.append((i, fg))
        db.copy("journeys_standardjourney", ("id", "title", "description", "kind",
                                             "is_published", "created_at", "updated_at"), sj_rows)
        db.copy("journeys_standardtask", ("standard_journey_id", "order", "work_task",
                                          "approach", "tool", "prompts",
                                          "expected_minutes_saved"), task_rows)
        db.copy("journeys_standardjourney_personas", ("standardjourney_id", "persona_id"),
                p_rows)
        db.copy("journeys_standardjourney_function_groups",
                ("standardjourney_id", "functiongroup_id"), fg_rows)

    # --- journeys and travellers ------------------------------------------------------------
    def journeys(self):
        rng, db, today = self.rng, self.db, self.today
        n = self.v["journeys"]
        # Only employees who get a licence travel: 60% of everyone, role holders included.
        licensed_count = max(len(self.role_holders) + 5, round(0.6 * len(self.users)))
        bench_ids = set(self.bench.values())
        pool = [u for u in self.users if u not in self.role_holders and u not in bench_ids]
        rng.shuffle(pool)
        self.licensed = set(self.bench.values()) | self.role_holders
        self.licensed.update(pool[:max(0, licensed_count - len(self.licensed))])
        travellers_pool = sorted(self.licensed - {self.bench["traveller"]})
        delay = self.conf["EVALUATION_DELAY_DAYS"]
        bench_adviser_quota = min(30, n // 2)
        other_advisers = self.advisers[1:]
        self.journey = {}
        rows, members = [], []
        for jid in range(1, n + 1):
            # Adoption grows: more journeys start in the second year than in the first.
            created_day = self.start + timedelta(
                days=int((WINDOW_DAYS - 2) * rng.random() ** 0.5))
            adviser = (self.bench["adviser"] if jid <= bench_adviser_quota
                       else rng.choice(other_advisers))
            if jid == 1:  # the bench adviser's: travelling for about six weeks
                created_day = today - timedelta(days=50)
            elif jid == 2:  # and one being planned, tasks waiting for the next session
                created_day = today - timedelta(days=5)
            age = (today - created_day).days
            started = end = None
            roll = rng.random()
            if jid <= 2:
                roll = 0.99
            if roll < 0.05:
                status = "cancelled"
                end = self.day_between(created_day + timedelta(days=1), today)
                if (end - created_day).days > 10 and rng.random() < 0.6:
                    started = created_day + timedelta(days=rng.randint(3, 10))
            elif age < 7 or (age < 30 and roll < 0.5):
                status = "planning"
            else:
                started = min(created_day + timedelta(days=rng.randint(3, 20)),
                              today - timedelta(days=1))
                since = (today - started).days
                if since < delay:
                    status = "travelling"
                else:
                    due = started + timedelta(days=delay)
                    overdue_days = (today - due).days
                    if (overdue_days < 30 and rng.random() < 0.7) or rng.random() < 0.03:
                        status = "evaluating"
                    else:
                        status = "completed"
                        end = min(due + timedelta(days=rng.randint(1, 30)), today)
            theme = rng.choice(JOURNEY_THEMES)
            sj = rng.choice(self.sj) if rng.random() < 0.3 else None
            k = rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(25, 20, 20, 12, 10, 8, 5))[0]
            people = rng.sample(travellers_pool, min(k, len(travellers_pool)))
            title = sj["title"] if sj else (
                f"Reis van {self.name[people[0]]}" if k == 1 else
                f"{theme} – {DEPARTMENTS[self.user_dept[people[0]] - 1]}")
            is_open = status in ("planning", "travelling") and rng.random() < 0.15
            seats = (len(people) + rng.randint(2, 10)) if is_open else None
            created = self.rand_at(created_day)
            updated = self.rand_at(end or started or created_day)
            j = {"id": jid, "title": title[:200], "goal": f"Tijd besparen op: {theme.lower()}.",
                 "adviser": adviser, "status": status, "created_day": created_day,
                 "started": started, "end": end, "travellers": people, "sj": sj,
                 "created": created}
            self.journey[jid] = j
            rows.append((jid, j["title"], j["goal"], is_open, seats, status, started, created,
                         max(updated, created), adviser, sj["id"] if sj else None))
        # The bench traveller travels: on six journeys that have tasks in use, and one planned.
        bench_t = self.bench["traveller"]
        in_use = [j for j in self.journey.values()
                  if j["status"] in ("travelling", "evaluating", "completed")]
        rng.shuffle(in_use)
        planned = [j for j in self.journey.values() if j["status"] == "planning"]
        for j in in_use[:6] + planned[:1]:
            j["travellers"] = [bench_t] + j["travellers"][:5]
        self.members = {}
        for j in self.journey.values():
            for uid in j["travellers"]:
                joined = self.rand_at(j["created_day"])
                members.append((j["id"], uid, joined))
                self.members[(j["id"], uid)] = joined
        db.copy("journeys_journey", ("id", "title", "goal", "is_open", "seats", "status",
                                     "started_at", "created_at", "updated_at", "adviser_id",
                                     "standard_journey_id"), rows)
        db.copy("journeys_journeytraveller", ("journey_id", "traveller_id", "joined_at"),
                members)
        self.log(f"journeys: {n} with {len(members)} travellers")

    # --- customs catalogue and sessions -----------------------------------------------------
    def customs_catalogue(self):
        from customs.models import ExclusionRule

        db = self.db
        created = self.at(self.start - timedelta(days=30))
        db.copy("customs_measure", ("id", "title", "description", "is_active", "created_at"),
                ((i, t, "", True, created) for i, t in enumerate(MEASURES, start=1)))
        self.rules = []
        rows = []
        for i, (title, description, conditions, keywords) in enumerate(RULES, start=1):
            rule = ExclusionRule(pk=i, title=title, description=description, keywords=keywords,
                                 **conditions)
            self.rules.append(rule)
            rows.append((i, title, description, rule.when_social_domain,
                         rule.when_special_categories, rule.when_affects_decisions,
                         rule.when_private_device, keywords, True, created))
        db.copy("customs_exclusionrule", ("id", "title", "description", "when_social_domain",
                                          "when_special_categories", "when_affects_decisions",
                                          "when_private_device", "keywords", "is_active",
                                          "created_at"), rows)
        # Sessions every two weeks on the customs weekday, up to the first one today or later.
        cadence, weekday = self.conf["CUSTOMS_CADENCE_DAYS"], self.conf["CUSTOMS_WEEKDAY"]
        first = self.start - timedelta(days=28)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        dates = [first]
        while dates[-1] < self.today:
            dates.append(dates[-1] + timedelta(days=cadence))
        self.session_dates = dates
        self.session_id = {d: i for i, d in enumerate(dates, start=1)}
        self.upcoming = dates[-1]
        self.last_past = dates[-2]
        reminder = self.conf["CUSTOMS_REMINDER_DAYS_BEFORE"]
        rows = []
        for d in dates:
            remind_day = d - timedelta(days=reminder)
            reminded = self.at(remind_day, 7) if remind_day <= self.today else None
            rows.append((self.session_id[d], d, reminded,
                         self.at(d - timedelta(days=cadence), 6)))
        db.copy("customs_customssession", ("id", "date", "reminded_at", "created_at"), rows)

    def session_on_or_after(self, day: date) -> date:
        return self.session_dates[bisect.bisect_left(self.session_dates, day)]

    # --- tasks, submissions, decisions ------------------------------------------------------
    STATUS_MIX = {
        "planning": (("draft", 45), ("at_customs", 35), ("cleared", 12), ("sent_back", 8)),
        "travelling": (("cleared", 22), ("cleared_with_measures", 14), ("testing", 24),
                       ("adopted", 12), ("at_customs", 6), ("excluded", 6), ("sent_back", 4),
                       ("dropped", 4), ("draft", 8)),
        "evaluating": (("cleared", 18), ("cleared_with_measures", 12), ("testing", 25),
                       ("adopted", 25), ("excluded", 7), ("dropped", 8), ("draft", 5)),
        "completed": (("adopted", 50), ("testing", 12), ("cleared", 8),
                      ("cleared_with_measures", 7), ("excluded", 8), ("dropped", 15)),
        "cancelled": (("draft", 40), ("cleared", 25), ("excluded", 10), ("sent_back", 10),
                      ("dropped", 15)),
    }

    def tasks_and_customs(self):
        from dateutil.relativedelta import relativedelta

        from customs.proposal import propose
        from customs.services import rule_matches

        rng, db, v = self.rng, self.db, self.v
        labels = _nl_tool_labels()
        rereview = relativedelta(months=self.conf["REREVIEW_MONTHS"])
        delay = self.conf["EVALUATION_DELAY_DAYS"]
        journeys = list(self.journey.values())
        per_journey = {j["id"]: 1 for j in journeys}
        for _ in range(v["tasks"] - len(journeys)):
            per_journey[rng.choice(journeys)["id"]] += 1
        officers = self.officers
        proposals: dict = {}
        task_rows, sub_rows, dec_rows, rule_rows, test_rows = [], [], [], [], []
        self.tasks = {}
        tid = sid = did = 0
        self.open_submissions = 0

        def add_submission(task, j, day, session_day, reason, open_, answers, overdue=False):
            nonlocal sid
            sid += 1
            snapshot = task["snapshot"]
            matched = [r for r in self.rules if rule_matches(r, answers, snapshot)]
            key = (json.dumps(answers, sort_keys=True), tuple(r.title for r in matched))
            if key not in proposals:
                proposals[key] = propose(answers, [r.title for r in matched])
            p = proposals[key]
            # Submitted on the session's own day: before the officers meet.
            submitted = self.at(day, 8, rng.randint(0, 59)) if day == session_day \
                else self.rand_at(day)
            sub_rows.append((
                sid, submitted, reason, task["snapshot_json"], "open" if open_ else "decided",
                overdue, 1 if overdue else 0, answers["personal_data"],
                answers["special_categories"], json.dumps(answers["data_subjects"]),
                answers["social_domain"], answers["affects_decisions"],
                answers["output_to_citizens"], answers["profiling"], answers["device"],
                answers["hosting"], answers["human_check"], p.risk, p.dpia_needed, p.ai_act,
                json.dumps(p.as_dict()), self.session_id[session_day],
                j["adviser"] if reason == "new" else None, task["id"]))
            rule_rows.extend((sid, r.pk) for r in matched)
            if open_:
                self.open_submissions += 1
            return sid, submitted

        def add_decision(task, sub_id, session_day, kind, measures):
            nonlocal did
            did += 1
            decided = self.at(session_day, rng.randint(9, 15), rng.randint(0, 59))
            rationale = rng.choice(RATIONALES[kind])
            dec_rows.append((did, kind, json.dumps(measures), rationale, decided, task["tool"],
                             rng.choice(officers), task["last_decision"], task["id"], sub_id))
            task["last_decision"] = did
            task["rationale"], task["cleared_at"] = rationale, decided
            if kind in CLEARED:
                task["measures"] = measures
                task["last_clearance"] = decided
                task["first_clearance"] = task["first_clearance"] or decided
            elif kind == "excluded":
                task["measures"] = []
            return decided

        for j in journeys:
            status_mix = self.STATUS_MIX[j["status"]]
            statuses = [s for s, _w in status_mix]
            weights = [w for _s, w in status_mix]
            # New submissions happen while the journey is planned or travelling.
            limit = self.today
            if j["status"] in ("evaluating", "completed"):
                limit = j["started"] + timedelta(days=delay - 1)
            elif j["status"] == "cancelled":
                limit = j["end"]
            last_decidable = min(limit, self.last_past)
            for order in range(1, per_journey[j["id"]] + 1):
                tid += 1
                work, tool, approach, data, social = rng.choices(WORK_TASKS, TASK_WEIGHTS)[0]
                final = rng.choices(statuses, weights)[0]
                if j["id"] == 2 and order <= 3:
                    final = "at_customs"  # the bench officer's pending work, at any scale
                    if order == 3:  # one of them matches an exclusion rule
                        work, tool, approach, data, social = WORK_TASKS[-2]
                if social and final in USABLE:
                    final = "excluded"
                tool_other = ""
                if rng.random() < 0.02:
                    tool, tool_other = "other", "Gemeentelijke AI-assistent"
                baseline = rng.choice((60, 90, 120, 180, 240, 300, 360, 480, 600))
                expected = min(baseline, rng.choice((15, 20, 30, 45, 60, 90, 120)))
                prompts = f"Je bent een ervaren {FUNCTION_GROUPS[order % 20].lower()}. " \
                          f"Help me met: {work.lower()}."
                task = {"id": tid, "journey": j["id"], "order": order, "work": work,
                        "tool": tool, "status": final, "baseline": baseline,
                        "last_decision": None, "measures": [], "rationale": "",
                        "cleared_at": None, "submitted_at": None, "first_clearance": None,
                        "last_clearance": None, "social": social}
                snapshot = {"work_task": work, "approach": approach, "tool": tool,
                            "tool_other": tool_other, "prompts": prompts, "data_involved": data,
                            "expected_minutes_saved": expected,
                            "tool_label": tool_other if tool == "other" and tool_other
                            else labels[tool],
                            "journey": j["id"], "journey_title": j["title"],
                            "journey_goal": j["goal"]}
                task["snapshot"] = snapshot
                task["snapshot_json"] = json.dumps(snapshot)
                personal = social or "Persoonsgegevens" in data or "persoonsgegevens" in data
                answers = {"personal_data": personal, "special_categories": social,
                           "data_subjects": ["citizens"] if personal else [],
                           "social_domain": social, "affects_decisions": False,
                           "output_to_citizens": tool == "copilot_outlook",
                           "profiling": False, "device": "municipal", "hosting": "eea",
                           "human_check": True}
                if final in USABLE:
                    kind = "cleared_with_measures" if (
                        personal or final == "cleared_with_measures"
                        or rng.random() < 0.15) else "cleared"
                elif final == "dropped":
                    kind = rng.choice(("cleared", "cleared_with_measures", None))
                elif final in ("excluded", "sent_back"):
                    kind = final
                else:
                    kind = None  # draft, at customs
                steps = []
                if final != "draft" and (final == "sent_back" or rng.random() < 0.06):
                    steps.append("sent_back")
                if kind and kind != "sent_back":
                    steps.append(kind)
                cursor = j["created_day"] + timedelta(days=1)
                ok = True
                for step in steps:
                    if cursor > last_decidable:
                        ok = False
                        break
                    day = self.day_between(cursor, min(last_decidable, cursor + timedelta(
                        days=20)))
                    session = self.session_on_or_after(day)
                    sub, submitted = add_submission(task, j, day, session, "new", False,
                                                    answers)
                    task["submitted_at"] = submitted
                    measures = rng.sample(MEASURES, rng.randint(1, 2)) \
                        if step == "cleared_with_measures" else []
                    decided = add_decision(task, sub, session, step, measures)
                    cursor = decided.date() + timedelta(days=rng.randint(1, 10))
                if not ok:  # too young a journey for decisions: it waits at customs instead
                    if j["status"] in ("planning", "travelling"):
                        final = "at_customs"
                    elif j["status"] == "completed":
                        final = "dropped"  # the evaluation dropped what never got through
                    else:
                        final = "sent_back" if task["last_decision"] else "draft"
                    task["status"] = final
                if final in CLEARED:
                    final = task["status"] = (
                        "cleared_with_measures" if task["measures"] else "cleared")
                if final == "at_customs":
                    prev = self.last_past
                    overdue = rng.random() < 0.1 and cursor <= prev
                    lo = max(cursor, (prev - timedelta(days=13)) if overdue
                             else prev + timedelta(days=1))
                    hi = prev if overdue else self.today
                    if lo > hi:
                        final = task["status"] = "draft" if task["last_decision"] is None \
                            else "sent_back"
                    else:
                        _sub, submitted = add_submission(task, j, self.day_between(lo, hi),
                                                         self.upcoming, "new", True, answers,
                                                         overdue=overdue)
                        task["submitted_at"] = submitted
                # Re-reviews: a clearance in use ages after REREVIEW_MONTHS (the daily job).
                if final in USABLE and j["status"] != "cancelled":
                    while True:
                        due = task["last_clearance"].astimezone(self.tz).date() + rereview
                        if due >= self.today:
                            break
                        day = due + timedelta(days=1)
                        session = self.session_on_or_after(day)
                        if session >= self.today or day > self.last_past:
                            add_submission(task, j, min(day, self.today), self.upcoming,
                                           "expired", True, answers)
                            break
                        sub, _submitted = add_submission(task, j, day, session, "expired",
                                                         False, answers)
                        add_decision(task, sub, session,
                                     "cleared_with_measures" if task["measures"] else "cleared",
                                     list(task["measures"]))
                # Tests of tasks being tested or adopted.
                if final in ("testing", "adopted"):
                    first = task["first_clearance"].astimezone(self.tz).date()
                    end = min(j["end"] or self.today, self.today)
                    for _ in range(rng.randint(1, 2)):
                        tested = self.day_between(first, end)
                        test_rows.append((tid, tested, rng.choice(("works", "works", "partly",
                                                                    "fails")),
                                          rng.randint(0, expected), "",
                                          rng.choice(j["travellers"] + [j["adviser"]]),
                                          self.rand_at(tested)))
                created = self.rand_at(j["created_day"])
                updated = max(created, task["cleared_at"] or created,
                              task["submitted_at"] or created)
                task_rows.append((
                    tid, j["id"], order, work, approach, tool, tool_other, prompts, data,
                    expected, baseline, final, json.dumps(task["measures"]), task["rationale"],
                    task["cleared_at"], task["submitted_at"], created, updated))
                self.tasks[tid] = task
        db.copy("journeys_journeytask", (
            "id", "journey_id", "order", "work_task", "approach", "tool", "tool_other",
            "prompts", "data_involved", "expected_minutes_saved", "baseline_minutes", "status",
            "measures", "clearance_rationale", "cleared_at", "submitted_at", "created_at",
            "updated_at"), task_rows)
        db.copy("customs_submission", (
            "id", "submitted_at", "reason", "snapshot", "status", "is_overdue", "carried_over",
            "personal_data", "special_categories", "data_subjects", "social_domain",
            "affects_decisions", "output_to_citizens", "profiling", "device", "hosting",
            "human_check", "proposed_risk", "dpia_needed", "proposed_ai_act", "proposal",
            "session_id", "submitted_by_id", "task_id"), sub_rows)
        db.copy("customs_submission_matched_rules", ("submission_id", "exclusionrule_id"),
                rule_rows)
        db.copy("customs_customsdecision", (
            "id", "decision", "measures", "rationale", "decided_at", "tool", "officer_id",
            "supersedes_id", "task_id", "submission_id"), dec_rows)
        db.copy("journeys_tasktest", ("task_id", "tested_on", "outcome", "measured_minutes",
                                      "remarks", "recorded_by_id", "created_at"), test_rows)
        self.log(f"tasks: {tid}, submissions: {sid} ({self.open_submissions} open), "
                 f"decisions: {did}")

    # --- evaluations, verdicts, travel reports ----------------------------------------------
    def evaluations_and_reports(self):
        rng, db = self.rng, self.db
        delay = self.conf["EVALUATION_DELAY_DAYS"]
        by_journey = defaultdict(list)
        for task in self.tasks.values():
            by_journey[task["journey"]].append(task)
        evals, verdicts, reports = [], [], []
        eid = 0
        for j in self.journey.values():
            if j["status"] not in ("evaluating", "completed"):
                continue
            eid += 1
            due = j["started"] + timedelta(days=delay)
            created = self.at(due, 6)
            if j["status"] == "completed":
                completed = self.rand_at(j["end"])
                evals.append((eid, j["id"], due, created, completed, j["adviser"],
                              "Samenvattingen en notulen werken goed.",
                              "Twijfel over de juistheid bij lange stukken.",
                              "Begin klein en deel prompts.", None))
                for task in by_journey[j["id"]]:
                    verdict = {"adopted": "adopt", "dropped": "drop"}.get(task["status"])
                    if verdict is None and task["status"] in USABLE:
                        verdict = "adjust"
                    if verdict:
                        verdicts.append((eid, task["id"], verdict))
                if rng.random() < 0.5 or not reports:
                    author = rng.choice([j["adviser"]] + j["travellers"])
                    published = self.rand_at(min(j["end"] + timedelta(days=rng.randint(1, 20)),
                                                 self.today))
                    reports.append((j["id"], author, f"Reisverslag: {j['title']}"[:200],
                                    "## Wat we deden\n\nWe gebruikten Copilot voor onze "
                                    "dagelijkse taken.\n\n## Wat we leerden\n\n- Begin klein\n"
                                    "- Controleer altijd de uitkomst\n", published, published))
            else:
                reminded = None
                if (self.today - due).days >= 7:
                    reminded = self.now - timedelta(days=rng.randint(0, 6), hours=2)
                evals.append((eid, j["id"], due, created, None, None, "", "", "", reminded))
        db.copy("journeys_evaluation", ("id", "journey_id", "due_on", "created_at",
                                        "completed_at", "completed_by_id", "works_well",
                                        "resistance", "lessons", "last_reminded_at"), evals)
        db.copy("journeys_evaluationtaskverdict", ("evaluation_id", "task_id", "verdict"),
                verdicts)
        db.copy("journeys_travelreport", ("journey_id", "author_id", "title", "body",
                                          "published_at", "updated_at"), reports)

    # --- licences -----------------------------------------------------------------------------
    def licences(self):
        rng, db = self.rng, self.db
        first_join = {}
        for (jid, uid), joined in self.members.items():
            if uid not in first_join or joined < first_join[uid]:
                first_join[uid] = joined
        rows = []
        assigner = self.bench["agency_staff"]
        for uid in sorted(self.licensed):
            at = first_join.get(uid) or self.rand_at(self.day_between(self.start, self.today))
            rows.append((uid, at - timedelta(hours=1), assigner if uid != assigner else None))
        self.licence_at = {uid: at for uid, at, _by in rows}
        db.copy("reisbureau_licenceassignment", ("user_id", "assigned_at", "assigned_by_id"),
                rows)
        db.copy("reisbureau_licencepool", ("id", "size", "updated_at"),
                [(1, len(rows), self.now)])
        # The pool is full, so those who asked later wait (first come, first served).
        outside = [u for u in self.users if u not in self.licensed]
        waiting = rng.sample(outside, min(len(outside), max(1, round(0.03 * len(self.users)))))
        db.copy("reisbureau_licencewaitlistentry", ("user_id", "requested_at", "reason"),
                ((uid, self.now - timedelta(days=rng.randint(1, 60), minutes=i), "")
                 for i, uid in enumerate(waiting)))

    # --- inventory and journey requests -------------------------------------------------------
    def inventory_and_requests(self):
        rng, db, v = self.rng, self.db, self.v
        rows, links = [], []
        entry_id = 0
        # About a third of the inventory became tasks (converted by the adviser).
        tasks = list(self.tasks.values())
        converted = rng.sample(tasks, min(len(tasks), v["inventory"] // 3))
        for task in converted:
            entry_id += 1
            j = self.journey[task["journey"]]
            created = min(j["created"], self.rand_at(j["created_day"])) - timedelta(days=2)
            rows.append((entry_id, task["work"], "", "weekly", task["baseline"],
                         "complex" if task["baseline"] >= 300 else "routine",
                         task["snapshot"]["data_involved"], created, j["travellers"][0],
                         j["adviser"], task["id"]))
            links.append((task["id"], entry_id))
        for _ in range(v["inventory"] - len(converted)):
            entry_id += 1
            work, _tool, approach, data, _social = rng.choice(WORK_TASKS)
            employee = rng.choice(self.users)
            rows.append((entry_id, work, approach, rng.choice(("several_daily", "daily",
                                                                "weekly", "monthly")),
                         rng.choice((30, 60, 120, 180, 240, 480)),
                         rng.choice(("routine", "complex")), data,
                         self.rand_at(self.day_between(self.start, self.today)), employee,
                         employee if rng.random() < 0.7 else rng.choice(self.advisers), None))
        db.copy("journeys_inventoryentry", ("id", "title", "description", "frequency",
                                            "minutes_per_week", "kind", "data_touched",
                                            "created_at", "employee_id", "recorded_by_id",
                                            "converted_task_id"), rows)
        db.set_column("journeys_journeytask", "inventory_entry_id", links)
        requests = []
        seen = set()
        for _ in range(v["requests"]):
            traveller = rng.choice(self.users)
            sj = rng.choice(self.sj) if rng.random() < 0.5 else None
            sj_id = sj["id"] if sj and sj["published"] else None
            open_ = rng.random() < 0.1 and (traveller, sj_id) not in seen
            if open_:
                seen.add((traveller, sj_id))
            created = self.rand_at(self.day_between(self.start, self.today))
            handled = None if open_ else min(created + timedelta(days=rng.randint(1, 14)),
                                             self.now)
            requests.append((traveller, "Ik wil graag op reis met Copilot.", sj_id,
                             "open" if open_ else "handled",
                             None if open_ else rng.choice(self.advisers), handled, created))
        db.copy("journeys_journeyrequest", ("traveller_id", "message", "standard_journey_id",
                                            "status", "handled_by_id", "handled_at",
                                            "created_at"), requests)

    # --- community: prompts and the board -----------------------------------------------------
    def community(self):
        rng, db, v = self.rng, self.db, self.v
        usable_by_user = defaultdict(list)
        for task in self.tasks.values():
            if task["status"] in USABLE and self.journey[task["journey"]]["status"] != \
                    "cancelled":
                for uid in self.journey[task["journey"]]["travellers"]:
                    usable_by_user[uid].append(task["id"])
        authors = sorted(self.licensed)
        prompts, versions, votes, favourites = [], [], [], []
        published_ids = []
        bench_t = self.bench["traveller"]
        for pid in range(1, v["prompts"] + 1):
            author = bench_t if pid <= 5 else rng.choice(authors)
            verb, text = rng.choice(PROMPT_VERBS)
            subject = rng.choice(PROMPT_SUBJECTS)
            title = f"{verb} {subject}"
            body = f"{text} Gebruik de context: {subject}. Antwoord in het Nederlands."
            visibility = rng.choices(("everyone", "department", "private"), (80, 12, 8))[0]
            published = rng.random() < 0.9
            task = rng.choice(usable_by_user[author]) if usable_by_user[author] and \
                rng.random() < 0.3 else None
            forked = rng.choice(published_ids) if published_ids and rng.random() < 0.08 \
                else None
            if forked is not None and prompts[forked - 1][13] == author:
                forked = None
            version = rng.choices((1, 2, 3), (70, 20, 10))[0]
            created = self.rand_at(self.day_between(self.start, self.today))
            updated = min(created + timedelta(days=rng.randint(0, 60) * (version - 1)), self.now)
            prompts.append([pid, title, body, rng.choice(("routine", "complex", "")),
                            rng.choice(["", *[t[1] for t in WORK_TASKS[:8]]]), visibility,
                            published, version, 0, rng.randint(0, 40), created, updated,
                            self.user_dept[author], author, forked,
                            rng.choice(self.function_groups) if rng.random() < 0.5 else None,
                            rng.choice(self.personas) if rng.random() < 0.5 else None, task])
            for number in range(1, version + 1):
                versions.append((pid, number, title, body, author,
                                 created if number == 1 else updated))
            if published and visibility == "everyone":
                published_ids.append(pid)
        prompt_author = {p[0]: p[13] for p in prompts}
        target_votes = 3 * len(prompts)
        vote_keys, fav_keys = set(), set()
        if published_ids:
            for _ in range(target_votes):
                pid, uid = rng.choice(published_ids), rng.choice(self.users)
                if uid != prompt_author[pid] and (pid, uid) not in vote_keys:
                    vote_keys.add((pid, uid))
            for _ in range(len(prompts)):
                pid, uid = rng.choice(published_ids), rng.choice(self.users)
                fav_keys.add((pid, uid))
            for pid in published_ids[:10]:
                fav_keys.add((pid, bench_t))
        useful = defaultdict(int)
        for pid, uid in sorted(vote_keys):
            useful[pid] += 1
            votes.append((pid, uid, self.now - timedelta(days=rng.randint(0, 300))))
        for p in prompts:
            p[8] = useful[p[0]]
        favourites = [(pid, uid, self.now - timedelta(days=rng.randint(0, 300)))
                      for pid, uid in sorted(fav_keys)]
        db.copy("community_prompt", ("id", "title", "text", "task_kind", "tool", "visibility",
                                     "is_published", "version", "useful_count", "copy_count",
                                     "created_at", "updated_at", "department_id", "author_id",
                                     "forked_from_id", "function_group_id", "persona_id",
                                     "task_id"), prompts)
        db.execute("UPDATE community_prompt SET search_vector = "
                   "setweight(to_tsvector('dutch'::regconfig, COALESCE(title, '')), 'A') || "
                   "setweight(to_tsvector('dutch'::regconfig, COALESCE(text, '')), 'B')")
        db.copy("community_promptversion", ("prompt_id", "number", "title", "text",
                                            "created_by_id", "created_at"), versions)
        db.copy("community_promptvote", ("prompt_id", "user_id", "created_at"), votes)
        db.copy("community_promptfavourite", ("prompt_id", "user_id", "created_at"), favourites)
        self.prompt_ids = [p[0] for p in prompts if p[6] and p[5] == "everyone"]

        # The board: a fifth topics, the rest replies.
        n_topics = max(2, v["posts"] // 5)
        n_replies = v["posts"] - n_topics
        moderators = sorted(self.key_users | set(self.agency))
        topics, follows = [], set()
        for tid in range(1, n_topics + 1):
            author = rng.choice(self.users)
            kind = rng.choices(("question", "success", "tip"), (60, 25, 15))[0]
            created = self.rand_at(self.day_between(self.start, self.today))
            hidden = rng.random() < 0.005
            topics.append([tid, hidden, "Hoort niet op het prikbord." if hidden else "",
                           min(created + timedelta(hours=3), self.now) if hidden else None, kind,
                           rng.choice(TOPIC_TITLES), TOPIC_BODY, created, created, None, author,
                           rng.choice(moderators) if hidden else None])
            follows.add((tid, author))
        replies = []
        accepted = {}
        for rid in range(1, n_replies + 1):
            topic = topics[rng.randrange(n_topics)]
            author = rng.choice(self.users)
            created = min(topic[7] + timedelta(hours=rng.randint(1, 24 * 30)), self.now)
            hidden = rng.random() < 0.003
            replies.append((rid, hidden, "Persoonlijke gegevens." if hidden else "",
                            min(created + timedelta(hours=2), self.now) if hidden else None,
                            rng.choice(REPLY_BODIES), created, author,
                            rng.choice(moderators) if hidden else None, topic[0]))
            topic[8] = max(topic[8], created)
            if rng.random() < 0.3:
                follows.add((topic[0], author))
            if (topic[4] == "question" and not hidden and author != topic[10]
                    and topic[0] not in accepted and rng.random() < 0.3):
                accepted[topic[0]] = rid
        db.copy("community_topic", ("id", "is_hidden", "hidden_reason", "hidden_at", "kind",
                                    "title", "body", "created_at", "last_activity_at",
                                    "accepted_reply_id", "author_id", "hidden_by_id"), topics)
        db.copy("community_reply", ("id", "is_hidden", "hidden_reason", "hidden_at", "body",
                                    "created_at", "author_id", "hidden_by_id", "topic_id"),
                replies)
        db.set_column("community_topic", "accepted_reply_id", sorted(accepted.items()))
        db.copy("community_topicfollow", ("topic_id", "user_id"), sorted(follows))
        reports, seen = [], set()
        for _ in range(max(1, v["posts"] // 500)):
            reporter = rng.choice(self.users)
            if rng.random() < 0.5:
                topic = rng.choice(topics)
                key = ("t", topic[0], reporter)
                target = (topic[0], None)
            else:
                reply = rng.choice(replies)
                key = ("r", reply[0], reporter)
                target = (None, reply[0])
            if key in seen:
                continue
            seen.add(key)
            created = self.now - timedelta(days=rng.randint(0, 200))
            resolved = created + timedelta(days=1) if rng.random() < 0.5 else None
            reports.append((target[0], target[1], reporter, "Dit lijkt me niet in orde.",
                            created, resolved if resolved and resolved < self.now else None))
        db.copy("community_postreport", ("topic_id", "reply_id", "reporter_id", "reason",
                                         "created_at", "resolved_at"), reports)
        self.topic_ids = [t[0] for t in topics if not t[1]]

        # Tips of the week: every Monday of the window, the last three still to come.
        tips, monday = [], self.start - timedelta(days=self.start.weekday())
        author = self.agency[0]
        while monday <= self.today + timedelta(days=21):
            published = self.at(monday, 8) if monday <= self.today else None
            tips.append((len(tips) + 1, f"Tip van de week {monday:%G-%V}",
                         "Geef Copilot een **rol** en een **doel**.", monday, published,
                         self.at(min(monday, self.today) - timedelta(days=7), 9), author))
            monday += timedelta(days=7)
        db.copy("community_weeklytip", ("id", "title", "body", "publish_on", "published_at",
                                        "created_at", "author_id"), tips)
        # Some travellers want no tip of the week (and some said so and changed their mind).
        profiles = rng.sample(self.users, max(2, len(self.users) // 20))
        db.copy("community_communityprofile", ("user_id", "wants_weekly_tips"),
                ((uid, i % 4 == 0) for i, uid in enumerate(sorted(profiles))))
        # The weekly job delivered the tips of the last seven days to every traveller who
        # wants them.
        db.insert_select("community_tipdelivery", """
            INSERT INTO community_tipdelivery (tip_id, user_id, sent_at)
            SELECT t.id, u.id, t.published_at FROM community_weeklytip t
            CROSS JOIN reisbureau_user u
            WHERE t.published_at IS NOT NULL AND t.publish_on > %s AND NOT EXISTS (
                SELECT 1 FROM community_communityprofile p WHERE p.user_id = u.id
                AND NOT p.wants_weekly_tips)
            ORDER BY t.id, u.id""", [self.today - timedelta(days=7)])
        db.copy("community_keyuserprofile", ("user_id", "expertise", "appointed_by_id",
                                             "appointed_at"),
                ((uid, "Copilot in Teams en Word", self.agency[0],
                  self.at(self.start + timedelta(days=30))) for uid in sorted(self.key_users)))
        db.copy("community_toolkitpage", ("section", "title", "body", "order", "updated_by_id",
                                          "updated_at"),
                ((section, title, f"# {title}\n\nZo pak je het aan.", i, self.agency[0],
                  self.at(self.start)) for i, (section, title) in enumerate(TOOLKIT)))
        self.log(f"community: {len(prompts)} prompts, {len(votes)} votes, "
                 f"{len(topics) + len(replies)} board posts")

    # --- learning: trainings and promptathons -----------------------------------------------
    def learning(self):
        rng, db, v = self.rng, self.db, self.v
        sessions, registrations = [], []
        trainers = self.agency + self.advisers[:5]
        bench_t = self.bench["traveller"]
        for sid in range(1, v["trainings"] + 1):
            upcoming = sid > round(v["trainings"] * 0.8)
            day = (self.day_between(self.today + timedelta(days=2),
                                    self.today + timedelta(days=90)) if upcoming
                   else self.day_between(self.start, self.today - timedelta(days=1)))
            kind = rng.choice(("introduction", "advanced", "tool"))
            starts = datetime.combine(day, dtime(9 if not upcoming else 13, 0), tzinfo=self.tz)
            ends = starts + timedelta(hours=2)
            seats = rng.choice((12, 16, 20, 25))
            sessions.append((sid, f"{TRAINING_TITLES[kind]} #{sid}", kind,
                             "copilot_word" if kind == "tool" else "", "", starts, ends,
                             "Stadskantoor, zaal 2", seats, self.at(day - timedelta(days=30)),
                             rng.choice(trainers)))
            people = rng.sample(self.users, min(len(self.users), seats + rng.randint(0, 6)))
            if upcoming and sid == round(v["trainings"] * 0.8) + 1 and bench_t not in people:
                people[0] = bench_t
            for i, uid in enumerate(people):
                if upcoming:
                    status = "registered" if i < seats else "waiting"
                else:
                    status = ("attended" if rng.random() < 0.85 else "absent") if i < seats \
                        else "cancelled"
                at = min(self.at(day - timedelta(days=rng.randint(3, 25))), self.now)
                registrations.append((sid, uid, status, at, at))
        db.copy("community_trainingsession", ("id", "title", "kind", "tool", "description",
                                              "starts_at", "ends_at", "location", "seats",
                                              "created_at", "trainer_id"), sessions)
        db.copy("community_trainingregistration", ("session_id", "user_id", "status",
                                                   "created_at", "updated_at"), registrations)
        events, challenges, teams, members, subs, votes = [], [], [], [], [], []
        cid = team_id = sub_id = 0
        for eid in range(1, v["promptathons"] + 1):
            upcoming = eid == v["promptathons"]
            held = (self.today + timedelta(days=20)) if upcoming else self.day_between(
                self.start, self.today - timedelta(days=10))
            deadline = datetime.combine(held, dtime(16, 0), tzinfo=self.tz)
            events.append((eid, f"Promptathon {held:%Y-%m}", "Teams lossen AI-uitdagingen op.",
                           held, deadline, deadline + timedelta(days=3), 4,
                           self.at(held - timedelta(days=30)), self.agency[0]))
            event_challenges = []
            for order in range(1, 4):
                cid += 1
                event_challenges.append(cid)
                challenges.append((cid, eid, order, f"Uitdaging {order}",
                                   "Maak de beste prompt voor deze taak."))
            people = rng.sample(self.users, min(len(self.users), rng.randint(12, 24)))
            event_teams = []
            for t in range(0, len(people), 4):
                team_id += 1
                event_teams.append((team_id, people[t:t + 4]))
                teams.append((team_id, eid, f"Team {t // 4 + 1}",
                              self.at(held - timedelta(days=7))))
                for uid in people[t:t + 4]:
                    members.append((team_id, eid, uid, self.at(held - timedelta(days=7))))
            if upcoming:
                continue
            team_of = {uid: team for team, group in event_teams for uid in group}
            for challenge in event_challenges:
                sub_of_team = {}
                for team, group in event_teams:
                    sub_id += 1
                    sub_of_team[team] = sub_id
                    subs.append((sub_id, team, challenge, "Je bent een ervaren ambtenaar...",
                                 "Een heldere samenvatting.", group[0],
                                 self.at(held, 14)))
                for uid in people:
                    options = [s for team, s in sub_of_team.items() if team != team_of[uid]]
                    if options and rng.random() < 0.7:
                        votes.append((challenge, rng.choice(options), uid,
                                      deadline + timedelta(hours=5)))
        db.copy("community_promptathon", ("id", "title", "description", "held_on",
                                          "submission_deadline", "voting_closes_at",
                                          "team_size", "created_at", "created_by_id"), events)
        db.copy("community_promptathonchallenge", ("id", "promptathon_id", "order", "title",
                                                   "description"), challenges)
        db.copy("community_promptathonteam", ("id", "promptathon_id", "name", "created_at"),
                teams)
        db.copy("community_teammembership", ("team_id", "promptathon_id", "user_id",
                                             "joined_at"), members)
        db.copy("community_promptathonsubmission", ("id", "team_id", "challenge_id", "prompt",
                                                    "result", "submitted_by_id",
                                                    "submitted_at"), subs)
        db.copy("community_promptathonvote", ("challenge_id", "submission_id", "user_id",
                                              "created_at"), votes)

    # --- impact: surveys, interviews, objections ------------------------------------------------
    def impact_small(self):
        from django.contrib.contenttypes.models import ContentType

        from community.models import Prompt, Topic
        from impact.constants import SENTIMENT_STATEMENTS, SURVEY_REMINDER_DAYS, SURVEY_WAVES
        from journeys.models import JourneyTask

        rng, db, v = self.rng, self.db, self.v
        from django.utils import translation

        with translation.override("nl"):
            from impact.constants import DEFAULT_SURVEY_TITLE

            statements = [str(s) for s in SENTIMENT_STATEMENTS]
            default_title = str(DEFAULT_SURVEY_TITLE)
        created = self.at(self.start - timedelta(days=10))
        db.copy("impact_survey", ("id", "title", "intro", "is_default", "is_open",
                                  "created_at", "created_by_id"),
                [(1, default_title, "Vijf korte stellingen over AI in je werk.", True, False,
                  created, None),
                 (2, SURVEY_CUSTOM[0], "Drie vragen over de trainingen.", False, True, created,
                  self.agency[0])])
        questions = [(i, 1, i, "scale", text, "[]") for i, text in enumerate(statements, 1)]
        for i, (kind, text, choices) in enumerate(SURVEY_CUSTOM[1], start=1):
            questions.append((len(statements) + i, 2, i, kind, text, json.dumps(choices)))
        db.copy("impact_surveyquestion", ("id", "survey_id", "order", "kind", "text",
                                          "choices"), questions)
        invitations, responses, answers = [], [], []
        answered = set()
        inv_id = resp_id = 0
        for j in sorted(self.journey.values(), key=lambda j: j["id"]):
            if not j["started"] or j["status"] == "cancelled":
                continue
            for wave, days in SURVEY_WAVES.items():
                sent_day = j["started"] + timedelta(days=days)
                if sent_day > self.today:
                    continue
                sent = self.at(sent_day, 7)
                for uid in j["travellers"]:
                    inv_id += 1
                    respond = uid not in answered and rng.random() < 0.45
                    responded = reminded = None
                    if respond:
                        responded = min(sent + timedelta(days=rng.randint(0, 10), hours=3),
                                        self.now)
                        answered.add(uid)
                        resp_id += 1
                        responses.append((resp_id, 1, uid, inv_id, responded))
                        for q in range(1, len(statements) + 1):
                            answers.append((resp_id, q, rng.choices((1, 2, 3, 4, 5),
                                                                    (5, 10, 25, 40, 20))[0],
                                            "", ""))
                    if (responded is None or responded > sent + timedelta(
                            days=SURVEY_REMINDER_DAYS)) and \
                            sent + timedelta(days=SURVEY_REMINDER_DAYS) <= self.now:
                        reminded = sent + timedelta(days=SURVEY_REMINDER_DAYS)
                    invitations.append((inv_id, 1, uid, j["id"], wave, sent, reminded,
                                        responded))
        # The open survey: answered by some, without invitation.
        choices = SURVEY_CUSTOM[1][1][2]
        for uid in rng.sample(self.users, max(5, len(self.users) // 50)):
            resp_id += 1
            at = self.now - timedelta(days=rng.randint(1, 200))
            responses.append((resp_id, 2, uid, None, at))
            base = len(statements)
            answers.append((resp_id, base + 1, rng.randint(2, 5), "", ""))
            answers.append((resp_id, base + 2, None, rng.choice(choices), ""))
            if rng.random() < 0.3:
                answers.append((resp_id, base + 3, None, "", "Meer voorbeelden uit ons werk."))
        db.copy("impact_surveyinvitation", ("id", "survey_id", "traveller_id", "journey_id",
                                            "wave", "sent_at", "reminded_at", "responded_at"),
                invitations)
        db.copy("impact_surveyresponse", ("id", "survey_id", "respondent_id", "invitation_id",
                                          "submitted_at"), responses)
        db.copy("impact_surveyanswer", ("response_id", "question_id", "scale_value", "choice",
                                        "text"), answers)
        themes = ["works_well", "resistance", "concern", "idea"]
        db.copy("impact_interview", ("interviewer_id", "held_on", "department_id",
                                     "function_group_id", "subject", "themes", "notes",
                                     "created_at"),
                ((rng.choice(self.advisers), day, rng.choice(self.departments),
                  rng.choice(self.function_groups), "Werkplekgesprek",
                  json.dumps(sorted(rng.sample(themes, rng.randint(1, 2)))),
                  "Notulen sparen tijd; zorg over persoonsgegevens.", self.at(day, 16))
                 for day in (self.day_between(self.start + timedelta(days=30),
                                              self.today - timedelta(days=1))
                             for _ in range(v["interviews"]))))
        cts = {key: ContentType.objects.get_for_model(model).pk
               for key, model in (("task", JourneyTask), ("prompt", Prompt), ("post", Topic))}
        handlers = self.officers + self.agency
        objections = []
        task_ids = sorted(self.tasks)
        for _ in range(v["objections"]):
            kind = rng.choice(("task", "prompt", "post"))
            if kind == "task":
                tid = rng.choice(task_ids)
                task = self.tasks[tid]
                target, label = tid, task["work"]
                raiser = rng.choice(self.journey[task["journey"]]["travellers"])
            elif kind == "prompt" and self.prompt_ids:
                target, label = rng.choice(self.prompt_ids), "Prompt"
                raiser = rng.choice(self.users)
            else:
                kind, target, label = "post", rng.choice(self.topic_ids), "Onderwerp"
                raiser = rng.choice(self.users)
            status = rng.choices(("open", "considering", "resolved"), (30, 20, 50))[0]
            created = self.now - timedelta(days=rng.randint(1, WINDOW_DAYS - 1))
            objections.append((kind, cts[kind], target, label[:255],
                               rng.choice(("legal", "ethical")),
                               "Ik twijfel of dit mag met persoonsgegevens.", raiser, status,
                               "Besproken; de maatregel volstaat." if status == "resolved"
                               else "", None if status == "open" else rng.choice(handlers),
                               created, min(created + timedelta(days=7), self.now)
                               if status == "resolved" else None))
        db.copy("impact_objection", ("target_kind", "target_type_id", "target_id",
                                     "target_label", "kind", "description", "raised_by_id",
                                     "status", "answer", "handled_by_id", "created_at",
                                     "resolved_at"), objections)
        # Prompt and post labels are their titles.
        db.execute("UPDATE impact_objection o SET target_label = left(p.title, 255) "
                   "FROM community_prompt p WHERE o.target_kind = 'prompt' AND p.id = o.target_id")
        db.execute("UPDATE impact_objection o SET target_label = left(t.title, 255) "
                   "FROM community_topic t WHERE o.target_kind = 'post' AND t.id = o.target_id")

    # --- time saved: 2,000,000 rows by PostgreSQL -----------------------------------------------
    def time_savings(self):
        rng, db = self.rng, self.db
        # Deferred foreign-key checks of the rows so far run now; the big loads that follow
        # re-add their own foreign keys in one validating pass.
        db.execute("SET CONSTRAINTS ALL IMMEDIATE")
        plan = []
        for task in self.tasks.values():
            j = self.journey[task["journey"]]
            if task["status"] not in USABLE or j["status"] not in (
                    "travelling", "evaluating", "completed"):
                continue
            cleared = task["first_clearance"].astimezone(self.tz).date() + timedelta(days=1)
            for uid in j["travellers"]:
                joined = self.members[(j["id"], uid)].astimezone(self.tz).date()
                start = max(cleared, j["started"], joined)
                span = (self.today - start).days + 1
                if span > 0:
                    plan.append([uid, task["id"], start, span, 0, max(1, task["baseline"] // 7)])
        total = self.v["time_savings"]
        capacity = sum(p[3] for p in plan)
        if not plan or capacity < total:
            raise GenerationError("Too few tasks in use for the time savings asked for.")
        # Spread over the pairs in proportion to how long each was in use; one entry a day at
        # most, each at most a seventh of the weekly baseline: a week never exceeds it.
        share = total / capacity
        assigned = 0
        for p in plan:
            p[4] = min(p[3], int(p[3] * share))
            assigned += p[4]
        order = list(range(len(plan)))
        rng.shuffle(order)
        for i in order:
            if assigned >= total:
                break
            if plan[i][4] < plan[i][3]:
                plan[i][4] += 1
                assigned += 1
        db.execute("CREATE TEMP TABLE bench_ts_plan (pid serial, traveller_id bigint, "
                   "task_id bigint, start_day date, span int, n int, cap int) ON COMMIT DROP")
        with db.cur.copy("COPY bench_ts_plan (traveller_id, task_id, start_day, span, n, cap) "
                         "FROM STDIN") as cp:
            for p in plan:
                if p[4]:
                    cp.write_row(p)
        self.log(f"time savings: {total} entries over {len(plan)} (traveller, task) pairs")
        with _BulkLoad(db, "impact_timesaving"):
            db.insert_select("impact_timesaving", """
                INSERT INTO impact_timesaving (traveller_id, task_id, date, week_start, minutes,
                                               note, created_at, updated_at)
                SELECT p.traveller_id, p.task_id, d.day, date_trunc('week', d.day)::date,
                       1 + abs(hashint8(p.pid * 100003::bigint + g.k * 7
                                        + %(seed)s)::bigint) %% p.cap,
                       '', d.at, d.at
                FROM bench_ts_plan p
                CROSS JOIN LATERAL generate_series(0, p.n - 1) AS g(k)
                CROSS JOIN LATERAL (
                    SELECT p.start_day + (g.k::bigint * p.span / p.n)::int AS day) s
                CROSS JOIN LATERAL (
                    SELECT s.day, least((s.day + time '16:30') AT TIME ZONE %(tz)s, now()) AS at
                ) d""", {"seed": self.seed, "tz": str(self.tz)})
        db.execute("DROP TABLE bench_ts_plan")
        self.log("time savings loaded")

    # --- usage: 1,000,000 rows by PostgreSQL ------------------------------------------------------
    def usage(self):
        db = self.db
        months = []
        month = date(self.start.year, self.start.month, 1)
        while month <= self.today:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        imports = []
        uploader = self.bench["agency_staff"]
        for i, m in enumerate(months, start=1):
            nxt = date(m.year + m.month // 12, m.month % 12 + 1, 1)
            uploaded = self.at(min(nxt, self.today), 7)
            imports.append((i, f"impact/imports/copilot-gebruik-{m:%Y-%m}.csv",
                            f"copilot-gebruik-{m:%Y-%m}.csv", "m365", "skip_bad_rows", "done",
                            0, 0, 0, 0, "[]", "", uploaded, uploaded + timedelta(minutes=3),
                            uploader))
        db.copy("impact_usageimport", ("id", "file", "filename", "format", "mode", "status",
                                       "total_rows", "processed_rows", "imported_records",
                                       "error_count", "errors", "message", "created_at",
                                       "finished_at", "uploaded_by_id"), imports)
        plan = []
        for uid in sorted(self.licensed):
            start = max(self.licence_at[uid].astimezone(self.tz).date(), months[0])
            span = (self.today - start).days + 1
            if span > 0:
                plan.append([uid, start, span, 0])
        total = self.v["usage"]
        capacity = sum(p[2] for p in plan)
        share = min(1.0, total / capacity)
        assigned = 0
        for p in plan:
            p[3] = min(p[2], int(p[2] * share))
            assigned += p[3]
        for p in plan:
            if assigned >= total:
                break
            if p[3] < p[2]:
                p[3] += 1
                assigned += 1
        db.execute("CREATE TEMP TABLE bench_usage_plan (pid serial, user_id bigint, "
                   "start_day date, span int, n int) ON COMMIT DROP")
        with db.cur.copy("COPY bench_usage_plan (user_id, start_day, span, n) FROM STDIN") as cp:
            for p in plan:
                if p[3]:
                    cp.write_row(p)
        base = months[0].year * 12 + months[0].month - 1
        with _BulkLoad(db, "impact_usagerecord"):
            db.insert_select("impact_usagerecord", """
                INSERT INTO impact_usagerecord (usage_import_id, user_id, date, tool, actions)
                SELECT (extract(year FROM s.day)::int * 12 + extract(month FROM s.day)::int
                        - %(base)s), p.user_id, s.day,
                       (%(apps)s::text[])[1 + abs(hashint8(p.pid * 1000003::bigint + g.k
                                                  + %(seed)s)::bigint) %% %(napps)s],
                       1 + abs(hashint8(p.pid * 7919::bigint + g.k * 31 + %(seed)s)::bigint)
                           %% 40
                FROM bench_usage_plan p
                CROSS JOIN LATERAL generate_series(0, p.n - 1) AS g(k)
                CROSS JOIN LATERAL (
                    SELECT p.start_day + (g.k::bigint * p.span / p.n)::int AS day) s
                """, {"base": base, "apps": APPS, "napps": len(APPS), "seed": self.seed})
        db.execute("DROP TABLE bench_usage_plan")
        db.execute("""
            UPDATE impact_usageimport i SET total_rows = c.n, processed_rows = c.n,
                   imported_records = c.n
            FROM (SELECT usage_import_id, count(*) AS n FROM impact_usagerecord
                  GROUP BY usage_import_id) c
            WHERE c.usage_import_id = i.id""")
        self.log(f"usage: {total} records in {len(months)} imports")

    # --- notifications and the audit trail ----------------------------------------------------
    def notifications_and_audit(self):
        rng, db, v = self.rng, self.db, self.v
        rows = []
        subjects = ["Je hebt een AI-licentie", "Douane besliste over een taak",
                    "Nieuwe reactie op je onderwerp", "Tijd voor de driemaandelijkse evaluatie",
                    "Tip van de week", "Je reis is gestart"]
        bench_ids = list(self.bench.values())
        for i in range(v["notifications"]):
            uid = bench_ids[i % 5] if i < 100 else rng.choice(self.users)
            created = self.now - timedelta(days=rng.randint(0, WINDOW_DAYS - 1),
                                           minutes=rng.randint(0, 1440))
            read = created + timedelta(hours=5) if rng.random() < 0.8 else None
            rows.append((uid, rng.choice(subjects), "", "/", created,
                         read if read and read < self.now else None, True,
                         created + timedelta(minutes=1), 1))
        db.copy("reisbureau_notification", ("recipient_id", "subject", "body", "url",
                                            "created_at", "read_at", "send_email", "emailed_at",
                                            "email_attempts"), rows)
        from django.contrib.contenttypes.models import ContentType

        from customs.models import Submission
        from journeys.models import Journey

        sub_ct = ContentType.objects.get_for_model(Submission).pk
        journey_ct = ContentType.objects.get_for_model(Journey).pk
        db.insert_select("reisbureau_auditentry", """
            INSERT INTO reisbureau_auditentry (created_at, actor_id, actor_label, action,
                                               target_type_id, target_id, target_repr, data)
            SELECT created_at, actor_id, actor_label, action, target_type_id, target_id,
                   target_repr, data FROM (
                SELECT j.created_at, j.adviser_id AS actor_id, u.email AS actor_label,
                       'journey.created' AS action, %(journey)s AS target_type_id,
                       j.id::text AS target_id, left(j.title, 255) AS target_repr,
                       jsonb_build_object('standard_journey', j.standard_journey_id) AS data
                FROM journeys_journey j JOIN reisbureau_user u ON u.id = j.adviser_id
                UNION ALL
                SELECT d.decided_at, d.officer_id, u.email, 'customs.decided', %(sub)s,
                       d.submission_id::text, left(s.snapshot ->> 'work_task', 255),
                       jsonb_build_object('task', d.task_id, 'decision', d.decision,
                                          'measures', d.measures, 'rationale', d.rationale,
                                          'supersedes', d.supersedes_id)
                FROM customs_customsdecision d JOIN reisbureau_user u ON u.id = d.officer_id
                JOIN customs_submission s ON s.id = d.submission_id
            ) a ORDER BY created_at""", {"journey": journey_ct, "sub": sub_ct})

    # --- roll-ups: the app's own service ------------------------------------------------------
    def rollups(self):
        from impact.models import RollupRun, WeeklyRollup
        from impact.services import rollup_rebuild

        started = time.monotonic()
        run = rollup_rebuild(full=True)
        self.log(f"roll-ups rebuilt by impact.services.rollup_rebuild: {run.weeks} weeks in "
                 f"{time.monotonic() - started:.1f}s")
        self.db.counts["impact_weeklyrollup"] = WeeklyRollup.objects.count()
        self.db.counts["impact_rolluprun"] = RollupRun.objects.count()
        from impact import activity
        from impact.models import MonthlyActivityRollup, UserMonthActivity

        started = time.monotonic()
        months = activity.rebuild(full=True)
        self.log(f"activity roll-ups rebuilt by impact.activity.rebuild: {months} months in "
                 f"{time.monotonic() - started:.1f}s")
        self.db.counts["impact_usermonthactivity"] = UserMonthActivity.objects.count()
        self.db.counts["impact_monthlyactivityrollup"] = MonthlyActivityRollup.objects.count()


# --- The app's rules, checked in SQL (tests, and --check at full scale) ------------------------

_USABLE_SQL = "('cleared', 'cleared_with_measures', 'testing', 'adopted')"
_LATEST = """JOIN LATERAL (SELECT d.decision, d.decided_at, d.tool FROM customs_customsdecision d
              WHERE d.task_id = t.id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) l ON true"""
INVARIANTS = [
    ("a task in use has a clearance as its latest decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND l.decision NOT IN ('cleared',
                                                               'cleared_with_measures')"""),
    ("a task in use has a decision", f"""
        SELECT count(*) FROM journeys_journeytask t WHERE t.status IN {_USABLE_SQL}
        AND NOT EXISTS (SELECT 1 FROM customs_customsdecision d WHERE d.task_id = t.id)"""),
    ("a decided status is the latest decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN ('cleared', 'cleared_with_measures', 'excluded', 'sent_back')
        AND l.decision <> t.status"""),
    ("a draft has no decision", """
        SELECT count(*) FROM journeys_journeytask t WHERE t.status = 'draft'
        AND EXISTS (SELECT 1 FROM customs_customsdecision d WHERE d.task_id = t.id)"""),
    ("at customs exactly when a new submission is open", """
        SELECT count(*) FROM journeys_journeytask t WHERE (t.status = 'at_customs') <> EXISTS (
            SELECT 1 FROM customs_submission s WHERE s.task_id = t.id AND s.status = 'open'
            AND s.reason = 'new')"""),
    ("decisions of a task form one chain, in time order", """
        SELECT count(*) FROM customs_customsdecision d
        LEFT JOIN customs_customsdecision p ON p.id = d.supersedes_id
        WHERE (d.supersedes_id IS NOT NULL AND (p.task_id <> d.task_id
                                               OR p.decided_at > d.decided_at))
        OR (d.supersedes_id IS NULL AND EXISTS (
            SELECT 1 FROM customs_customsdecision e WHERE e.task_id = d.task_id
            AND (e.decided_at, e.id) < (d.decided_at, d.id)))"""),
    ("a decided submission has its decision, an open one none", """
        SELECT count(*) FROM customs_submission s WHERE (s.status = 'decided') <> EXISTS (
            SELECT 1 FROM customs_customsdecision d WHERE d.submission_id = s.id)"""),
    ("a decision is on its submission's task, at its session, not in the future", """
        SELECT count(*) FROM customs_customsdecision d
        JOIN customs_submission s ON s.id = d.submission_id
        JOIN customs_customssession c ON c.id = s.session_id
        WHERE s.task_id <> d.task_id OR d.decided_at::date <> c.date OR d.decided_at > now()
        OR s.submitted_at > d.decided_at"""),
    ("an officer never decides on a task they planned", """
        SELECT count(*) FROM customs_customsdecision d
        JOIN customs_submission s ON s.id = d.submission_id
        JOIN journeys_journeytask t ON t.id = d.task_id
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE d.officer_id = j.adviser_id OR d.officer_id = s.submitted_by_id
        OR NOT EXISTS (SELECT 1 FROM reisbureau_user_groups ug JOIN auth_group g
                       ON g.id = ug.group_id WHERE ug.user_id = d.officer_id
                       AND g.name = 'officer')"""),
    ("open submissions wait in a session today or later", """
        SELECT count(*) FROM customs_submission s
        JOIN customs_customssession c ON c.id = s.session_id
        WHERE s.status = 'open' AND c.date < current_date"""),
    ("the tool of a task in use is the tool of its decision", f"""
        SELECT count(*) FROM journeys_journeytask t {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND l.tool <> t.tool"""),
    ("an aged clearance in use is back at customs", f"""
        SELECT count(*) FROM journeys_journeytask t
        JOIN journeys_journey j ON j.id = t.journey_id {_LATEST}
        WHERE t.status IN {_USABLE_SQL} AND j.status <> 'cancelled'
        AND l.decided_at <= now() - make_interval(months => %(rereview)s)
        AND NOT EXISTS (SELECT 1 FROM customs_submission s WHERE s.task_id = t.id
                        AND s.status = 'open')"""),
    ("no journey travels past its evaluation date", """
        SELECT count(*) FROM journeys_journey j WHERE j.status = 'travelling'
        AND j.started_at <= current_date - %(delay)s"""),
    ("an evaluated journey has its evaluation (completed when the journey is)", """
        SELECT count(*) FROM journeys_journey j
        LEFT JOIN journeys_evaluation e ON e.journey_id = j.id
        WHERE (j.status IN ('evaluating', 'completed') AND e.id IS NULL)
        OR (j.status = 'completed' AND e.completed_at IS NULL)
        OR (j.status = 'evaluating' AND e.completed_at IS NOT NULL)
        OR (j.status NOT IN ('evaluating', 'completed') AND e.id IS NOT NULL)"""),
    ("a completed journey has a verdict for each task it kept", """
        SELECT count(*) FROM journeys_journeytask t
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE j.status = 'completed' AND t.status NOT IN ('excluded') AND NOT EXISTS (
            SELECT 1 FROM journeys_evaluationtaskverdict v WHERE v.task_id = t.id)"""),
    ("travellers of a started journey have a licence", """
        SELECT count(*) FROM journeys_journeytraveller m
        JOIN journeys_journey j ON j.id = m.journey_id
        WHERE j.started_at IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM reisbureau_licenceassignment a WHERE a.user_id = m.traveller_id)"""),
    ("licences fit the pool; a waiting list only when it is full", """
        SELECT (SELECT count(*) FROM reisbureau_licenceassignment) > p.size
            OR ((SELECT count(*) FROM reisbureau_licencewaitlistentry) > 0
                AND (SELECT count(*) FROM reisbureau_licenceassignment) < p.size)
        FROM reisbureau_licencepool p"""),
    ("time saved only on a journey's tasks in use, by its travellers, up to today", f"""
        SELECT count(*) FROM impact_timesaving s
        JOIN journeys_journeytask t ON t.id = s.task_id
        JOIN journeys_journey j ON j.id = t.journey_id
        WHERE t.status NOT IN {_USABLE_SQL}
        OR j.status NOT IN ('planning', 'travelling', 'evaluating', 'completed')
        OR s.date > current_date OR s.week_start <> date_trunc('week', s.date)::date
        OR s.minutes < 1 OR NOT EXISTS (
            SELECT 1 FROM journeys_journeytraveller m WHERE m.journey_id = j.id
            AND m.traveller_id = s.traveller_id)"""),
    ("no week saves more than the task's baseline", """
        SELECT count(*) FROM (
            SELECT task_id, sum(minutes) AS minutes FROM impact_timesaving
            GROUP BY traveller_id, task_id, week_start) w
        JOIN journeys_journeytask t ON t.id = w.task_id
        WHERE w.minutes > COALESCE(t.baseline_minutes, 2400)"""),
    ("no time saved before the task was cleared", """
        SELECT count(*) FROM impact_timesaving s JOIN (
            SELECT task_id, min(decided_at)::date AS first FROM customs_customsdecision
            WHERE decision IN ('cleared', 'cleared_with_measures') GROUP BY task_id) c
        ON c.task_id = s.task_id WHERE s.date < c.first"""),
    ("useful counts are the votes, never the author's", """
        SELECT count(*) FROM community_prompt p WHERE p.useful_count <> (
            SELECT count(*) FROM community_promptvote v WHERE v.prompt_id = p.id)
        OR EXISTS (SELECT 1 FROM community_promptvote v WHERE v.prompt_id = p.id
                   AND v.user_id = p.author_id)"""),
    ("a prompt's versions run from 1 to its version", """
        SELECT count(*) FROM community_prompt p WHERE p.version <> (
            SELECT count(*) FROM community_promptversion v WHERE v.prompt_id = p.id)
        OR p.search_vector IS NULL"""),
    ("a topic's last activity is its latest reply; an accepted answer is someone else's", """
        SELECT count(*) FROM community_topic t WHERE t.last_activity_at < COALESCE((
            SELECT max(r.created_at) FROM community_reply r WHERE r.topic_id = t.id),
            t.created_at)
        OR EXISTS (SELECT 1 FROM community_reply r WHERE r.id = t.accepted_reply_id
                   AND (r.topic_id <> t.id OR r.author_id = t.author_id OR r.is_hidden))"""),
    ("one survey response per person", """
        SELECT count(*) FROM (SELECT 1 FROM impact_surveyresponse
                              GROUP BY survey_id, respondent_id HAVING count(*) > 1) x"""),
    ("a training seats no more than it has", """
        SELECT count(*) FROM community_trainingsession s WHERE s.seats < (
            SELECT count(*) FROM community_trainingregistration r WHERE r.session_id = s.id
            AND r.status IN ('registered', 'attended', 'absent'))"""),
    ("imports count their rows; usage is not in the future", """
        SELECT count(*) FROM impact_usageimport i WHERE i.imported_records <> (
            SELECT count(*) FROM impact_usagerecord r WHERE r.usage_import_id = i.id)
        OR EXISTS (SELECT 1 FROM impact_usagerecord r WHERE r.usage_import_id = i.id
                   AND r.date > current_date)"""),
    ("no outbox of old notifications", """
        SELECT count(*) FROM reisbureau_notification
        WHERE send_email AND emailed_at IS NULL"""),
]


def invariant_violations() -> dict[str, int]:
    """Rule -> number of rows breaking it (only the broken rules). Empty means all hold."""
    from django.conf import settings
    from django.db import connection

    params = {"rereview": settings.REISBUREAU["REREVIEW_MONTHS"],
              "delay": settings.REISBUREAU["EVALUATION_DELAY_DAYS"]}
    broken = {}
    with connection.cursor() as cursor:
        for rule, sql in INVARIANTS:
            cursor.execute(sql, params if "%(" in sql else None)
            n = int(cursor.fetchone()[0] or 0)
            if n:
                broken[rule] = n
    return broken


def open_snapshots_stale() -> int:
    """Open submissions an officer could not decide because the task no longer matches."""
    from customs.constants import SubmissionStatus
    from customs.models import Submission
    from customs.services import snapshot_of

    stale = 0
    for submission in Submission.objects.filter(status=SubmissionStatus.OPEN).select_related(
            "task__journey").iterator(chunk_size=2000):
        stale += snapshot_of(submission.task) != submission.snapshot
    return stale


def key_pages() -> list[tuple[str, str]]:
    """(bench account's role, URL) of the key pages, with ids from the generated data."""
    from django.urls import reverse
    from django.utils import timezone

    from customs.models import CustomsSession
    from journeys.models import Journey
    from reisbureau.models import User

    users = {u.email: u for u in User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}",
                                                     email__startswith="bench-")}
    traveller = users[bench_email("traveller")]
    adviser = users[bench_email("adviser")]
    today = timezone.localdate()
    own = Journey.objects.filter(memberships__traveller=traveller).exclude(
        status="planning").order_by("pk").first()
    advised = Journey.objects.filter(adviser=adviser, status="travelling").order_by("pk").first() \
        or Journey.objects.filter(adviser=adviser).order_by("pk").first()
    open_journey = Journey.objects.filter(
        is_open=True, status__in=("planning", "travelling")).order_by("pk").first()
    upcoming = CustomsSession.objects.filter(date__gte=today).order_by("date").first()
    past = CustomsSession.objects.filter(date__lt=today, submissions__isnull=False).order_by(
        "-date").first()
    filtered = f"{reverse('impact:dashboard')}?afdeling=1&van={today - timedelta(days=90)}" \
               f"&tot={today}"
    pages = [(role, "/") for role in ROLES]
    pages += [(role, reverse("journeys:index")) for role in ROLES]
    pages += [(role, reverse("community:prompts") + "?q=samenvatting") for role in ROLES]
    pages += [(role, reverse("community:board")) for role in ROLES]
    pages += [
        ("traveller", own.get_absolute_url()),
        ("traveller", reverse("impact:savings")),
        ("traveller", reverse("community:prompts")),
        ("adviser", advised.get_absolute_url()),
        ("adviser", reverse("journeys:planning")),
        ("adviser", reverse("journeys:inventory")),
        ("adviser", reverse("customs:index")),
        ("officer", reverse("customs:index")),
        ("officer", reverse("customs:sessions")),
        ("officer", upcoming.get_absolute_url()),
        ("manager", reverse("impact:dashboard")),
        ("manager", filtered),
        ("manager", reverse("impact:dashboard") + "?export=csv"),
        ("manager", reverse("impact:ranking")),
        ("agency_staff", reverse("impact:dashboard")),
        ("agency_staff", reverse("reisbureau:capacity")),
        ("agency_staff", reverse("reisbureau:licences")),
        ("agency_staff", advised.get_absolute_url()),
    ]
    if past is not None:
        pages.append(("officer", past.get_absolute_url()))
    if open_journey is not None:
        pages += [(role, open_journey.get_absolute_url()) for role in ("officer", "manager")]
    return pages


# --- Sequences, emptiness, reset --------------------------------------------------------------

def _app_tables() -> list[str]:
    from django.apps import apps

    tables = []
    for label in APPS_SCHEMA:
        for model in apps.get_app_config(label).get_models():
            tables.append(model._meta.db_table)
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    tables.append(field.remote_field.through._meta.db_table)
    return sorted(set(tables))


def reset_sequences(cursor) -> None:
    """Every id sequence continues after the highest id, so the app can insert afterwards."""
    tables = _app_tables() + ["guardian_userobjectpermission"]
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table}), 1), "
            f"(SELECT max(id) FROM {table}) IS NOT NULL)")


def database_is_empty() -> bool:
    from customs.models import CustomsSession
    from journeys.models import Journey
    from reisbureau.models import User

    return not (User.objects.exists() or Journey.objects.exists()
                or CustomsSession.objects.exists())


def reset_database() -> None:
    """Empty the app's tables (and what refers to their users) with TRUNCATE ... CASCADE.

    TRUNCATE fires no row triggers, and the append-only tables' BEFORE TRUNCATE trigger lets
    a superuser through (reisbureau migration 0004), so this needs the database's superuser
    (as in development and CI); role groups, permissions, content types and migrations stay.
    """
    from django.db import connection

    tables = _app_tables() + ["django_session"]
    with connection.cursor() as cursor:
        # Inside a transaction that wrote rows, their deferred checks must run before TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def generate(scale: float = 1.0, seed: int = 1, stdout=None) -> dict[str, int]:
    """Fill the configured, migrated, empty PostgreSQL database. Returns rows per table."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise GenerationError("The benchmark generator needs PostgreSQL (DATABASE_URL), "
                              f"not {connection.vendor}.")
    if scale <= 0:
        raise GenerationError("The scale must be positive.")
    if not database_is_empty():
        raise GenerationError("The database is not empty: use a fresh database or --reset.")
    return _Generator(scale, seed, stdout).run()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Generate a large municipality into the configured PostgreSQL database.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 = 10,000 employees, 2,000,000 time-saving entries (default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true",
                        help="empty the app's tables first (TRUNCATE ... CASCADE)")
    parser.add_argument("--check", action="store_true",
                        help="afterwards, check the app's rules on the data (about 10 s at 1.0)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    # One COPY of millions of rows outlasts the web's statement timeout (settings).
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(f"bench.generate: refusing {connection.vendor}; set DATABASE_URL to a PostgreSQL "
              "database (postgres://...).", file=sys.stderr)
        return 2
    if args.scale <= 0:
        print("bench.generate: --scale must be positive.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if not database_is_empty():
        if not args.reset:
            print(f"bench.generate: database {connection.settings_dict['NAME']!r} is not empty "
                  "(users, journeys or customs sessions exist). Use an empty database or pass "
                  "--reset to empty the app's tables first.", file=sys.stderr)
            return 3
        reset_database()
    started = time.monotonic()
    counts = generate(scale=args.scale, seed=args.seed, stdout=sys.stdout)
    elapsed = time.monotonic() - started
    width = max(len(t) for t in counts)
    for table, n in counts.items():
        print(f"  {table:<{width}}  {n:>10,}")
    print(f"bench.generate: scale {args.scale} seed {args.seed}: {sum(counts.values()):,} rows "
          f"in {elapsed:.1f}s")
    if args.check:
        broken = invariant_violations()
        stale = open_snapshots_stale()
        if stale:
            broken["open submissions match their task"] = stale
        for rule, n in broken.items():
            print(f"bench.generate: BROKEN ({n} rows): {rule}", file=sys.stderr)
        if broken:
            return 1
        print(f"bench.generate: all {len(INVARIANTS) + 1} rules hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
