"""Learning: key users, the toolkit, trainings and promptathons. (The tables keep their
`community_` names, whichever app holds the models.)"""

from datetime import datetime, timedelta
from datetime import time as dtime

TRAINING_TITLES = {"introduction": "Introductie AI", "advanced": "Verdieping prompts",
                   "tool": "Copilot in Word"}
TOOLKIT = [("Starten", "Waarom een reisbureau?"), ("Starten", "De rollen in het reisbureau"),
           ("Douane", "Zo werkt de douane"), ("Douane", "Maatregelen en uitsluitingen"),
           ("Meten", "Tijdwinst meten"), ("Meten", "Enquêtes en interviews"),
           ("Leren", "Trainingen en promptathons"), ("Leren", "Key-users")]


class LearningMixin:
    # --- learning: key users and the toolkit --------------------------------------------------
    def key_users_and_toolkit(self):
        db = self.db
        db.copy("community_keyuserprofile", ("user_id", "expertise", "appointed_by_id",
                                             "appointed_at"),
                ((uid, "Copilot in Teams en Word", self.agency[0],
                  self.at(self.start + timedelta(days=30))) for uid in sorted(self.key_users)))
        db.copy("community_toolkitpage", ("section", "title", "body", "order", "updated_by_id",
                                          "updated_at"),
                ((section, title, f"# {title}\n\nZo pak je het aan.", i, self.agency[0],
                  self.at(self.start)) for i, (section, title) in enumerate(TOOLKIT)))

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
