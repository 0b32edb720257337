"""Journeys: standard journeys, journeys and their travellers, evaluations and travel reports,
the inventory and journey requests. (Tasks are made with their customs history in
`customs.py`.)"""

from collections import defaultdict
from datetime import timedelta

from .common import USABLE, WINDOW_DAYS
from .core import DEPARTMENTS

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


class JourneysMixin:
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
