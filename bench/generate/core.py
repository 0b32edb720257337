"""The agency core (reisbureau): departments, function groups, personas, people and their
roles, licences, notifications and the audit trail."""

from collections import defaultdict
from datetime import timedelta

from .common import BENCH_DOMAIN, BENCH_PASSWORD, ROLES, WINDOW_DAYS, GenerationError, bench_email

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


class CoreMixin:
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
                                            "email_attempts", "link_removed_note"),
                [(*row, "") for row in rows])
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
                SELECT j.created_at, j.adviser_id AS actor_id, '' AS actor_label,
                       'journey.created' AS action, %(journey)s AS target_type_id,
                       j.id::text AS target_id, left(j.title, 255) AS target_repr,
                       jsonb_build_object('standard_journey', j.standard_journey_id) AS data
                FROM journeys_journey j
                UNION ALL
                SELECT d.decided_at, d.officer_id, '', 'customs.decided', %(sub)s,
                       d.submission_id::text, left(s.snapshot ->> 'work_task', 255),
                       jsonb_build_object('task', d.task_id, 'decision', d.decision,
                                          'measures', d.measures, 'rationale', d.rationale,
                                          'supersedes', d.supersedes_id)
                FROM customs_customsdecision d
                JOIN customs_submission s ON s.id = d.submission_id
            ) a ORDER BY created_at""", {"journey": journey_ct, "sub": sub_ct})
