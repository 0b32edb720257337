"""Demo data for "Gemeente Voorbeeldstad". Idempotent: running it again adds nothing twice."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from . import services
from .constants import AgencyRole, Role
from .models import AgencyStaffing, Department, FunctionGroup, LicenceAssignment, Persona, User

DEMO_PASSWORD = "reisbureau-demo"
DEMO_DOMAIN = "voorbeeldstad.example"

DEPARTMENTS = [
    ("Publiekszaken", "Burgerzaken, klantcontactcentrum en dienstverlening aan de balie."),
    ("Sociaal Domein", "Werk en inkomen, Wmo, jeugd en schuldhulpverlening."),
    ("Ruimte", "Ruimtelijke ordening, vergunningen, mobiliteit en beheer openbare ruimte."),
    ("Bedrijfsvoering", "HR, financiën, informatievoorziening, inkoop en juridische zaken."),
    ("Bestuur en Communicatie", "Bestuursondersteuning, griffie en communicatie."),
]

FUNCTION_GROUPS = [
    ("Beleidsmedewerker", "Schrijft beleidsnota's, analyseert en adviseert het bestuur."),
    ("Juridisch medewerker", "Bezwaar en beroep, juridische toetsing en advies."),
    ("Klantcontactmedewerker", "Beantwoordt vragen van inwoners via telefoon, chat en balie."),
    ("Managementondersteuner", "Agenda's, notulen, correspondentie en verslaglegging."),
    ("Vergunningverlener", "Beoordeelt aanvragen voor omgevingsvergunningen."),
    ("Consulent Werk en Inkomen", "Begeleidt inwoners bij werk en uitkering."),
    ("Communicatieadviseur", "Schrijft berichten, webteksten en persberichten."),
    ("Projectleider", "Leidt projecten en rapporteert over voortgang."),
]

PERSONAS = [
    ("De schrijver", "Veel tekstwerk: brieven, nota's, webteksten en persberichten."),
    ("De notulist", "Vergaderingen voorbereiden, notuleren en samenvatten."),
    ("De analist", "Beleid en data analyseren, rapportages en adviezen opstellen."),
    ("De dienstverlener", "Veel contact met inwoners: vragen beantwoorden en uitleggen."),
    ("De toetser", "Aanvragen en stukken toetsen aan regels en beleid."),
]

FIRST_NAMES = ["Anouk", "Bram", "Citlali", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Ilias",
               "Joost", "Kim", "Lotte", "Mohamed", "Noor", "Olaf", "Priya", "Quinten", "Roos",
               "Sven", "Tess"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "Mulder",
              "de Boer"]

# email local part, first name, last name, roles, department, function group, personas, staff
DEMO_ACCOUNTS = [
    ("reiziger", "Rianne", "Reiziger", [Role.TRAVELLER], "Bestuur en Communicatie",
     "Managementondersteuner", ["De notulist", "De schrijver"], False),
    ("adviseur", "Arjen", "Adviseur", [Role.ADVISER, Role.TRAVELLER], "Bedrijfsvoering",
     "Projectleider", ["De analist"], False),
    ("douane", "Dewi", "Douanier", [Role.OFFICER, Role.TRAVELLER], "Bedrijfsvoering",
     "Juridisch medewerker", ["De toetser"], False),
    ("manager", "Marieke", "Manager", [Role.MANAGER, Role.TRAVELLER], "Publiekszaken",
     "Projectleider", ["De analist"], False),
    ("beheer", "Bas", "Beheerder", [Role.AGENCY_STAFF, Role.TRAVELLER], "Bedrijfsvoering",
     "Projectleider", [], True),
    # The College and the Raad: not an employee, so no department or function group.
    ("raad", "Roos", "Raadslid", [Role.COUNCIL], None, None, [], False),
]

TRAVELLER_COUNT = 60


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def seed_core(stdout=None) -> dict:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    depts = {n: Department.objects.get_or_create(name=n, defaults={"description": d})[0]
             for n, d in DEPARTMENTS}
    groups = {n: FunctionGroup.objects.get_or_create(name=n, defaults={"description": d})[0]
              for n, d in FUNCTION_GROUPS}
    personas = {n: Persona.objects.get_or_create(name=n, defaults={"description": d})[0]
                for n, d in PERSONAS}
    role_groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}

    accounts = {}
    for local, first, last, roles, dept, fgroup, pers, staff in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=demo_email(local),
            defaults={"first_name": first, "last_name": last, "department": depts.get(dept),
                      "function_group": groups.get(fgroup), "is_staff": staff,
                      "is_superuser": staff},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([role_groups[r] for r in roles])
            user.personas.set([personas[p] for p in pers])
        accounts[local] = user

    dept_list, group_list, persona_list = list(depts.values()), list(groups.values()), list(
        personas.values())
    travellers = []
    for i in range(TRAVELLER_COUNT):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        email = demo_email(f"medewerker{i + 1:02d}")
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last,
                      "department": dept_list[i % len(dept_list)],
                      "function_group": group_list[(i * 3) % len(group_list)],
                      "is_key_user": i % 12 == 0},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.set([role_groups[Role.TRAVELLER]])
            user.personas.set([persona_list[i % len(persona_list)]])
        travellers.append(user)

    staffing = [
        (accounts["beheer"], AgencyRole.FRANCHISE_HOLDER, 30),
        (accounts["beheer"], AgencyRole.PRODUCT_MANAGER, 36),
        (accounts["adviseur"], AgencyRole.ADVISER, 36),
        (accounts["douane"], AgencyRole.OFFICER, 8),
    ]
    for user, role, hours in staffing:
        AgencyStaffing.objects.get_or_create(user=user, role=role,
                                             defaults={"hours_per_week": hours})

    services.licence_pool_get()
    if not LicenceAssignment.objects.exists():
        for user in [accounts[k] for k in ("reiziger", "adviseur", "douane", "manager",
                                           "beheer")] + travellers[:52]:
            services.licence_request(user=user, actor=accounts["beheer"])
    return {"accounts": accounts, "travellers": travellers, "departments": depts,
            "function_groups": groups, "personas": personas}
