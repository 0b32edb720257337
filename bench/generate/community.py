"""Community: prompts (versions, votes, favourites), the board (topics, replies, follows,
reports) and the tips of the week."""

from collections import defaultdict
from datetime import timedelta

from .common import USABLE
from .journeys import WORK_TASKS

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


class CommunityMixin:
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
        self.log(f"community: {len(prompts)} prompts, {len(votes)} votes, "
                 f"{len(topics) + len(replies)} board posts")
