"""Customs: measures, exclusion rules and sessions, and the tasks of the journeys with their
submissions, decisions and tests (a task's status is its customs history)."""

import bisect
import json
from datetime import date, timedelta

from .common import CLEARED, USABLE
from .core import FUNCTION_GROUPS
from .journeys import TASK_WEIGHTS, WORK_TASKS

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


def _nl_tool_labels() -> dict[str, str]:
    from django.utils import translation

    from journeys.constants import Tool

    with translation.override("nl"):
        return {value: str(label) for value, label in Tool.choices}


class CustomsMixin:
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
                json.dumps(p.as_dict()), json.dumps(answers["ai_act_answers"]),
                json.dumps(p.ai_act_outcome), self.session_id[session_day],
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
                           "human_check": True,
                           # AI Act decision aid: Copilot deployed for internal work; text
                           # in Outlook that reaches residents is generated content.
                           "ai_act_answers": {
                               "role": "deployer", "system_type": "gpai_system",
                               "exemption": "none", "prohibited": ["none"], "annex_i": "no",
                               "annex_iii": ["none"],
                               **({"transparency": ["synthetic"],
                                   "transparency_exception": "no"}
                                  if tool == "copilot_outlook" else {"transparency": ["none"]})}}
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
                        # Aged once decided REREVIEW_MONTHS ago to the moment, as the daily job
                        # compares (customs.services.rereviews_queue): one decided a year ago
                        # this morning is due this afternoon, not tomorrow.
                        if task["last_clearance"] + rereview > self.now:
                            break
                        due = task["last_clearance"].astimezone(self.tz).date() + rereview
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
            "updated_at", "retest_offer"), ((*row, "") for row in task_rows))
        db.copy("customs_submission", (
            "id", "submitted_at", "reason", "snapshot", "status", "is_overdue", "carried_over",
            "personal_data", "special_categories", "data_subjects", "social_domain",
            "affects_decisions", "output_to_citizens", "profiling", "device", "hosting",
            "human_check", "proposed_risk", "dpia_needed", "proposed_ai_act", "proposal",
            "ai_act_answers", "ai_act_outcome",
            "session_id", "submitted_by_id", "task_id", "reason_detail"),
            ((*row, "") for row in sub_rows))
        db.copy("customs_submission_matched_rules", ("submission_id", "exclusionrule_id"),
                rule_rows)
        db.copy("customs_customsdecision", (
            "id", "decision", "measures", "rationale", "decided_at", "tool", "officer_id",
            "supersedes_id", "task_id", "submission_id"), dec_rows)
        db.copy("journeys_tasktest", ("task_id", "tested_on", "outcome", "measured_minutes",
                                      "remarks", "recorded_by_id", "created_at"), test_rows)
        self.log(f"tasks: {tid}, submissions: {sid} ({self.open_submissions} open), "
                 f"decisions: {did}")
