"""Impact: surveys, interviews, objections, the time saved and the usage (the two huge tables,
made by PostgreSQL) and the roll-ups (by the app's own services)."""

import json
import time
from datetime import date, timedelta

from .common import USABLE, WINDOW_DAYS, GenerationError, _BulkLoad

SURVEY_CUSTOM = ("Tevredenheid over trainingen", [
    ("scale", "De training sloot aan bij mijn werk.", []),
    ("choice", "Welke training volgde je?", ["Introductie", "Verdieping", "Per hulpmiddel"]),
    ("open", "Wat mis je nog?", []),
])
APPS = ["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop",
        "Copilot Chat"]


class ImpactMixin:
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
            # A finished import keeps no file (the importer deletes it); one run, as a real one.
            imports.append((i, "", f"copilot-gebruik-{m:%Y-%m}.csv", "m365", "skip_bad_rows",
                            "done", 0, 0, 0, 0, "[]", "", uploaded,
                            uploaded + timedelta(minutes=3), uploader, uploaded, uploaded,
                            uploaded + timedelta(minutes=3), 1))
        db.copy("impact_usageimport", ("id", "file", "filename", "format", "mode", "status",
                                       "total_rows", "processed_rows", "imported_records",
                                       "error_count", "errors", "message", "created_at",
                                       "finished_at", "uploaded_by_id", "queued_at",
                                       "started_at", "heartbeat_at", "attempts", "source"),
                ((*row, "upload") for row in imports))
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
                   imported_records = c.n, rows_imported = c.n, rows_present = 0,
                   rows_without_activity = 0
            FROM (SELECT usage_import_id, count(*) AS n FROM impact_usagerecord
                  GROUP BY usage_import_id) c
            WHERE c.usage_import_id = i.id""")
        self.log(f"usage: {total} records in {len(months)} imports")

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
