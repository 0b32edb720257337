"""Demo data for "Gemeente Voorbeeldstad". Idempotent: running it again adds nothing twice."""

from django.conf import settings
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
    # The second officer of the step plan (the first one above is the privacy officer).
    ("beveiliging", "Bo", "Beveiliger", [Role.OFFICER, Role.TRAVELLER], "Bedrijfsvoering",
     "Projectleider", ["De toetser"], False),
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


def _catalogue(model, rows, actor) -> dict:
    existing = {obj.name: obj for obj in model.objects.filter(name__in=[n for n, _d in rows])}
    return {name: existing.get(name) or services.catalogue_save(
                model=model, actor=actor, name=name, description=description)
            for name, description in rows}


def _account(email: str, password: str | None, *, actor: User | None, roles, **profile) -> User:
    """A demo account, made once. There is no service that creates an account (people arrive
    through SSO or the people import); `create_user` hashes the demo password or, without
    one, leaves the account unusable. Profile and roles then go through the services."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    personas = profile.pop("personas", [])
    staff = profile.pop("is_staff", False)
    user = User.objects.create_user(email, password, is_staff=staff, is_superuser=staff)
    actor = actor or user  # the agency's own account sets itself up first
    services.user_update(user=user, actor=actor, roles=roles, personas=personas, **profile)
    return user


@transaction.atomic
def seed_core(stdout=None) -> dict:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    # The agency's staff member comes first: the catalogues, roles and staffing are theirs.
    local, first, last, roles, _dept, _fgroup, _pers, staff = next(
        a for a in DEMO_ACCOUNTS if a[0] == "beheer")
    agency = _account(demo_email(local), DEMO_PASSWORD, actor=None, roles=roles,
                      first_name=first, last_name=last, is_staff=staff)
    depts = _catalogue(Department, DEPARTMENTS, agency)
    groups = _catalogue(FunctionGroup, FUNCTION_GROUPS, agency)
    personas = _catalogue(Persona, PERSONAS, agency)
    if agency.department_id is None:
        _dept, _fgroup, pers = next(a[4:7] for a in DEMO_ACCOUNTS if a[0] == "beheer")
        services.user_update_profile(user=agency, actor=agency, department=depts[_dept],
                                     function_group=groups[_fgroup],
                                     personas=[personas[p] for p in pers])

    accounts = {}
    for local, first, last, roles, dept, fgroup, pers, staff in DEMO_ACCOUNTS:
        accounts[local] = _account(
            demo_email(local), DEMO_PASSWORD, actor=agency, roles=roles, first_name=first,
            last_name=last, department=depts.get(dept), function_group=groups.get(fgroup),
            personas=[personas[p] for p in pers], is_staff=staff)

    dept_list, group_list, persona_list = list(depts.values()), list(groups.values()), list(
        personas.values())
    travellers = []
    for i in range(TRAVELLER_COUNT):
        travellers.append(_account(
            demo_email(f"medewerker{i + 1:02d}"), None, actor=agency,
            roles=[Role.TRAVELLER], first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(i * 7) % len(LAST_NAMES)],
            department=dept_list[i % len(dept_list)],
            function_group=group_list[(i * 3) % len(group_list)],
            is_key_user=i % 12 == 0, personas=[persona_list[i % len(persona_list)]]))

    staffing = [
        (accounts["beheer"], AgencyRole.FRANCHISE_HOLDER, 30),
        (accounts["beheer"], AgencyRole.PRODUCT_MANAGER, 36),
        (accounts["adviseur"], AgencyRole.ADVISER, 36),
        (accounts["douane"], AgencyRole.OFFICER, 8),
    ]
    for user, role, hours in staffing:
        if not AgencyStaffing.objects.filter(user=user, role=role).exists():
            services.staffing_save(actor=agency, user=user, role=role, hours_per_week=hours)

    services.licence_pool_get()
    if not LicenceAssignment.objects.exists():
        for user in [accounts[k] for k in ("reiziger", "adviseur", "douane", "manager",
                                           "beheer")] + travellers[:52]:
            services.licence_request(user=user, actor=accounts["beheer"])
    _seed_teams()
    return {"accounts": accounts, "travellers": travellers, "departments": depts,
            "function_groups": groups, "personas": personas}


def _seed_teams() -> None:
    """A Teams channel that is switched off (its address is a placeholder under .example, so
    the demo never posts anywhere) and two messages, so the outbox page shows its states."""
    from django.utils import timezone

    from .models import TeamsChannel, TeamsMessage
    from .teams import encrypt_url, mask_url, teams_card

    if TeamsChannel.objects.exists():
        return
    url = "https://voorbeeldstad.example/teams/ai-nieuws/DEMO"
    channel = TeamsChannel.objects.create(
        name="AI-nieuws (voorbeeld, uitgeschakeld)", webhook_url_encrypted=encrypt_url(url),
        webhook_hint=mask_url(url), events=["weekly_tip", "travel_report"], active=False)
    now = timezone.now()
    for key, title, state, attempts, error in (
            ("weekly_tip:demo-1", "Tip van de week: laat Copilot samenvatten", "sent", 1, ""),
            ("travel_report:demo-1", "Nieuw reisverslag: Klantcontact", "failed", 6,
             "HTTP 500")):
        TeamsMessage.objects.create(
            channel=channel, event=key.split(":")[0], key=key, title=title, state=state,
            attempts=attempts, last_error=error, card=teams_card(title=title),
            sent_at=now if state == "sent" else None)
