"""AI literacy as a duty (AI Act Art. 4): requirements per role and function group, the status
of every employee against them (meets / due / lacks) computed in the database, the register per
department and function group with small groups hidden, and the traveller's own status with the
next session that fits."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning import selectors
from learning import services as learning
from learning.constants import LiteracyStatus, RegistrationStatus, TrainingKind
from learning.models import LiteracyRequirement, Training, TrainingRegistration
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry
from tests.factories import DepartmentFactory, FunctionGroupFactory, PersonaFactory

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 6, 15, 12, 0))


def _offer(staff, title="Introductie AI", **kwargs):
    return learning.training_offer_save(actor=staff, title=title,
                                        kind=kwargs.pop("kind", TrainingKind.INTRODUCTION),
                                        **kwargs)


def _attended(person, training, when):
    session = TrainingFactory(training=training, title=training.title, starts_at=when,
                              ends_at=when + timedelta(hours=2))
    TrainingRegistration.objects.create(session=session, user=person,
                                        status=RegistrationStatus.ATTENDED)
    return session


def _status(person, now=NOW):
    return selectors.with_literacy_status(
        type(person).objects.filter(pk=person.pk), now=now).get().literacy_status


# --- Services and validation ----------------------------------------------------------------

def test_agency_sets_a_requirement_audited_and_nobody_else_may(agency_staff, traveller,
                                                                 manager):
    intro = _offer(agency_staff)
    requirement = learning.literacy_requirement_save(
        actor=agency_staff, role="traveller", trainings=[intro], renewal_months=12)
    assert list(requirement.trainings.all()) == [intro] and requirement.renewal_months == 12
    assert AuditEntry.objects.filter(action="literacy.requirement_saved").count() == 1
    for actor in (traveller, manager):
        with pytest.raises(DomainError, match="Alleen medewerkers van het reisbureau"):
            learning.literacy_requirement_save(actor=actor, role="traveller", trainings=[intro])
        with pytest.raises(DomainError):
            learning.literacy_requirement_delete(actor=actor, requirement=requirement)
        with pytest.raises(DomainError):
            _offer(actor, title="Iets anders")
    learning.literacy_requirement_delete(actor=agency_staff, requirement=requirement)
    assert not LiteracyRequirement.objects.exists()


@pytest.mark.parametrize("kwargs", [
    {"role": "", "function_group": None},                     # no target
    {"role": "pilot"},                                        # unknown role
    {"role": "traveller", "trainings": []},                   # nothing required
    {"role": "traveller", "renewal_months": 0},
    {"role": "traveller", "renewal_months": 121},
    {"role": "traveller", "renewal_months": "12"},
])
def test_a_requirement_is_refused_whole_with_a_message(agency_staff, kwargs):
    intro = _offer(agency_staff)
    kwargs = {"trainings": [intro], **kwargs}
    with pytest.raises(DomainError) as refused:
        learning.literacy_requirement_save(actor=agency_staff, **kwargs)
    assert refused.value.message
    assert not LiteracyRequirement.objects.exists()
    assert not AuditEntry.objects.filter(action="literacy.requirement_saved").exists()


def test_one_requirement_per_role_and_function_group(agency_staff):
    intro, group = _offer(agency_staff), FunctionGroupFactory()
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro])
    learning.literacy_requirement_save(actor=agency_staff, role="traveller",
                                       function_group=group, trainings=[intro])
    with pytest.raises(DomainError, match="al een eis|already"):
        learning.literacy_requirement_save(actor=agency_staff, role="traveller",
                                           trainings=[intro])
    assert LiteracyRequirement.objects.count() == 2


def test_training_titles_are_unique_and_targeting_is_kept(agency_staff):
    persona = PersonaFactory()
    training = _offer(agency_staff, persona=persona)
    assert training.persona == persona and training.standard_journey is None
    with pytest.raises(DomainError):
        _offer(agency_staff, title="introductie ai")
    learning.training_offer_save(actor=agency_staff, training=training, title="Introductie AI",
                                 kind=TrainingKind.INTRODUCTION)
    training.refresh_from_db()
    assert training.persona is None


# --- The status selector --------------------------------------------------------------------

def test_meets_due_lacks_with_dates_and_renewal(agency_staff, make_user):
    intro = _offer(agency_staff)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro],
                                       renewal_months=12)
    recent, almost, expired, never = (make_user("traveller") for _i in range(4))
    outsider = make_user("council")
    _attended(recent, intro, NOW - timedelta(days=60))
    _attended(almost, intro, NOW - timedelta(days=350))     # expires within 30 days
    _attended(expired, intro, NOW - timedelta(days=400))    # expired: overdue, still "due"
    _attended(outsider, intro, NOW - timedelta(days=400))
    assert _status(recent) == LiteracyStatus.MEETS
    assert _status(almost) == LiteracyStatus.DUE
    assert _status(expired) == LiteracyStatus.DUE
    assert _status(never) == LiteracyStatus.LACKS
    assert _status(outsider) == LiteracyStatus.NONE
    # A session of another training, or one not attended, does not count.
    other = _offer(agency_staff, title="Copilot", kind=TrainingKind.TOOL)
    _attended(never, other, NOW - timedelta(days=1))
    assert _status(never) == LiteracyStatus.LACKS
    # The person's own view gives the same answer, with the dates.
    mine = selectors.my_literacy(almost, now=NOW)
    assert mine.status == LiteracyStatus.DUE
    [item] = mine.items
    assert item.status == LiteracyStatus.DUE
    attended_on = timezone.localdate(NOW - timedelta(days=350))
    assert item.expires_on == attended_on.replace(year=attended_on.year + 1)
    assert NOW.date() < item.expires_on < NOW.date() + timedelta(days=30)
    assert selectors.my_literacy(recent, now=NOW).items[0].status == LiteracyStatus.MEETS
    lacking = selectors.my_literacy(never, now=NOW).items[0]
    assert lacking.status == LiteracyStatus.LACKS and lacking.last_attended is None


def test_renewal_moves_meets_to_due_and_no_renewal_never_expires(agency_staff, make_user):
    intro = _offer(agency_staff)
    requirement = learning.literacy_requirement_save(
        actor=agency_staff, role="traveller", trainings=[intro], renewal_months=6)
    person = make_user("traveller")
    _attended(person, intro, NOW - timedelta(days=100))
    assert _status(person) == LiteracyStatus.MEETS
    assert _status(person, now=NOW + timedelta(days=60)) == LiteracyStatus.DUE
    learning.literacy_requirement_save(actor=agency_staff, requirement=requirement,
                                       role="traveller", trainings=[intro], renewal_months=None)
    assert _status(person, now=NOW + timedelta(days=3000)) == LiteracyStatus.MEETS
    assert selectors.my_literacy(person, now=NOW).items[0].expires_on is None
    # Attending again renews it.
    learning.literacy_requirement_save(actor=agency_staff, requirement=requirement,
                                       role="traveller", trainings=[intro], renewal_months=6)
    _attended(person, intro, NOW + timedelta(days=50))
    assert _status(person, now=NOW + timedelta(days=60)) == LiteracyStatus.MEETS


def test_function_group_requirements_and_all_trainings_must_be_met(agency_staff, make_user):
    intro, teams = _offer(agency_staff), _offer(agency_staff, title="Teams",
                                                kind=TrainingKind.TOOL)
    group = FunctionGroupFactory(name="Managementondersteuner")
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro])
    learning.literacy_requirement_save(actor=agency_staff, function_group=group,
                                       trainings=[teams, intro], renewal_months=24)
    in_group, elsewhere = make_user("adviser", function_group=group), make_user("traveller")
    _attended(in_group, intro, NOW - timedelta(days=10))
    _attended(elsewhere, intro, NOW - timedelta(days=10))
    assert _status(in_group) == LiteracyStatus.LACKS       # no Teams training yet
    assert _status(elsewhere) == LiteracyStatus.MEETS
    _attended(in_group, teams, NOW - timedelta(days=10))
    assert _status(in_group) == LiteracyStatus.MEETS
    mine = selectors.my_literacy(in_group, now=NOW)
    assert {i.training.title for i in mine.items} == {"Introductie AI", "Teams"}


def test_no_requirements_means_no_status(make_user):
    assert _status(make_user("traveller")) == LiteracyStatus.NONE
    assert selectors.my_literacy(make_user("traveller")).status == LiteracyStatus.NONE


# --- The next session that fits -------------------------------------------------------------

def test_next_session_is_of_a_needed_training_aimed_at_the_persona_first(agency_staff,
                                                                         make_user):
    persona = PersonaFactory()
    general = _offer(agency_staff)
    aimed = _offer(agency_staff, title="Introductie voor notulisten", persona=persona)
    unrelated = _offer(agency_staff, title="Excel", kind=TrainingKind.TOOL)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller",
                                       trainings=[general, aimed])
    person = make_user("traveller")
    soon = timezone.now() + timedelta(days=2)
    TrainingFactory(training=unrelated, starts_at=soon - timedelta(days=1))
    TrainingFactory(training=general, starts_at=soon)
    later_aimed = TrainingFactory(training=aimed, starts_at=soon + timedelta(days=5))
    assert selectors.my_literacy(person).next_session.training == general
    person.personas.add(persona)
    assert selectors.my_literacy(person).next_session == later_aimed


def test_someone_who_meets_everything_gets_a_session_aimed_at_them(agency_staff, make_user):
    persona = PersonaFactory()
    aimed = _offer(agency_staff, title="Voor notulisten", persona=persona)
    person = make_user("traveller")
    person.personas.add(persona)
    session = TrainingFactory(training=aimed)
    assert selectors.my_literacy(person).next_session == session
    assert selectors.my_literacy(make_user("traveller")).next_session is None


# --- The register: per department and function group, small groups hidden ------------------

def test_register_counts_per_group_and_hides_small_groups(agency_staff, make_user, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 3}
    intro = _offer(agency_staff)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro],
                                       renewal_months=12)
    big, small = DepartmentFactory(name="Groot"), DepartmentFactory(name="Klein")
    meets, due, lacks = (make_user("traveller", department=big) for _i in range(3))
    _attended(meets, intro, timezone.now() - timedelta(days=20))
    _attended(due, intro, timezone.now() - timedelta(days=350))
    for _i in range(2):
        make_user("traveller", department=small)
    rows = {r.label: r for r in selectors.literacy_status_by_group()["by_department"]}
    assert (rows["Groot"].total, rows["Groot"].meets, rows["Groot"].due,
            rows["Groot"].lacks, rows["Groot"].hidden) == (3, 1, 1, 1, False)
    assert rows["Klein"].hidden and rows["Klein"].lacks == 0 == rows["Klein"].meets


def test_register_page_shows_the_status_and_filters_by_it(client, agency_staff, manager,
                                                           make_user, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 1}
    intro = _offer(agency_staff)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro])
    lacking = make_user("traveller", last_name="Zonderles")
    trained = make_user("traveller", last_name="Bijgeschoold")
    _attended(trained, intro, timezone.now() - timedelta(days=3))
    client.force_login(manager)
    url = reverse("learning:literacy_register")
    page = client.get(url).content.decode()
    assert "Vereiste geletterdheid per afdeling" in page
    assert "Zonderles" in page and "Bijgeschoold" in page
    page = client.get(url, {"toon": "lacks"}).content.decode()
    assert "Zonderles" in page and "Bijgeschoold" not in page
    csv = client.get(url, {"formaat": "csv", "toon": "meets"}).content.decode("utf-8-sig")
    assert trained.email in csv and lacking.email not in csv


# --- Pages and permissions ------------------------------------------------------------------

AGENCY_PAGES = ["learning:literacy_requirements", "learning:literacy_requirement_new",
                "learning:training_offers", "learning:training_offer_new"]


@pytest.mark.parametrize("name", AGENCY_PAGES)
def test_requirement_pages_are_for_agency_staff_only(client, traveller, manager, agency_staff,
                                                     name):
    url = reverse(name)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for person in (traveller, manager):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


def test_traveller_cannot_change_or_delete_a_requirement(client, traveller, agency_staff):
    requirement = learning.literacy_requirement_save(
        actor=agency_staff, role="traveller", trainings=[_offer(agency_staff)])
    client.force_login(traveller)
    edit = reverse("learning:literacy_requirement_edit", args=[requirement.pk])
    delete = reverse("learning:literacy_requirement_delete", args=[requirement.pk])
    assert client.post(edit, {"role": "", "function_group": ""}).status_code == 403
    assert client.post(delete).status_code == 403
    assert LiteracyRequirement.objects.filter(pk=requirement.pk, role="traveller").exists()
    client.force_login(agency_staff)
    assert client.get(reverse("learning:literacy_requirement_edit",
                              args=[999999])).status_code == 404
    assert client.post(reverse("learning:literacy_requirement_delete",
                               args=[999999])).status_code == 404
    assert client.get(reverse("learning:training_offer_edit", args=[999999])).status_code == 404


def test_agency_sets_a_requirement_on_the_dutch_form(client, agency_staff):
    intro = _offer(agency_staff)
    client.force_login(agency_staff)
    url = reverse("learning:literacy_requirement_new")
    response = client.post(url, {"role": "", "function_group": "", "trainings": [intro.pk],
                                 "renewal_months": "12"})
    assert response.status_code == 200
    assert "Kies een rol, een functiegroep of beide." in response.content.decode()
    assert not LiteracyRequirement.objects.exists()
    response = client.post(url, {"role": "traveller", "trainings": [intro.pk],
                                 "renewal_months": "200"})
    assert response.status_code == 200 and not LiteracyRequirement.objects.exists()
    response = client.post(url, {"role": "traveller", "trainings": [intro.pk],
                                 "renewal_months": "12"})
    assert response["Location"] == reverse("learning:literacy_requirements")
    requirement = LiteracyRequirement.objects.get()
    assert requirement.role == "traveller" and requirement.renewal_months == 12
    page = client.get(reverse("learning:literacy_requirements")).content.decode()
    assert "Introductie AI" in page and "12 maanden" in page
    client.post(reverse("learning:literacy_requirement_delete", args=[requirement.pk]))
    assert not LiteracyRequirement.objects.exists()


def test_training_offer_form_sets_the_targeting(client, agency_staff):
    persona = PersonaFactory()
    client.force_login(agency_staff)
    response = client.post(reverse("learning:training_offer_new"), {
        "title": "Copilot voor notulisten", "kind": "tool", "tool": "copilot_teams",
        "persona": persona.pk, "standard_journey": ""})
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.persona == persona
    page = client.get(reverse("learning:training_offers")).content.decode()
    assert persona.name in page
    # A session planned for it counts towards the requirements that name the training.
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    client.post(reverse("learning:training_new"), {
        "training": training.pk, "title": "Sessie 1", "kind": "tool", "tool": "copilot_teams",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "seats": 5, "trainer": agency_staff.pk})
    assert training.sessions.count() == 1


def test_traveller_sees_own_status_and_next_session(client, agency_staff, traveller):
    intro = _offer(agency_staff)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro],
                                       renewal_months=12)
    session = TrainingFactory(training=intro, title="Introductie in mei")
    client.force_login(traveller)
    for url in (reverse("learning:trainings"), reverse("home")):
        page = client.get(url).content.decode()
        assert "Mist een verplichte training" in page, url
        assert "Introductie in mei" in page and session.get_absolute_url() in page


# --- Query counts ---------------------------------------------------------------------------

def test_register_and_own_status_query_counts_do_not_grow(client, agency_staff, make_user,
                                                          django_assert_max_num_queries):
    intro, teams = _offer(agency_staff), _offer(agency_staff, title="Teams",
                                                kind=TrainingKind.TOOL)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro],
                                       renewal_months=12)
    learning.literacy_requirement_save(actor=agency_staff, function_group=FunctionGroupFactory(),
                                       trainings=[teams])
    traveller = make_user("traveller")
    TrainingFactory(training=intro)

    def people(n):
        for _i in range(n):
            _attended(make_user("traveller"), intro, timezone.now() - timedelta(days=5))

    people(3)
    client.force_login(agency_staff)
    register = reverse("learning:literacy_register")
    with django_assert_max_num_queries(17):
        client.get(register)
    client.force_login(traveller)
    with django_assert_max_num_queries(15):
        client.get(reverse("learning:trainings"))
    people(25)
    with django_assert_max_num_queries(15):
        client.get(reverse("learning:trainings"))
    client.force_login(agency_staff)
    with django_assert_max_num_queries(17):
        client.get(register)
    with django_assert_max_num_queries(6):
        client.get(reverse("learning:literacy_requirements"))


def test_status_is_computed_in_one_query_for_everyone(agency_staff, make_user,
                                                      django_assert_num_queries):
    intro = _offer(agency_staff)
    learning.literacy_requirement_save(actor=agency_staff, role="traveller", trainings=[intro])
    for _i in range(10):
        make_user("traveller")
    rules = selectors.literacy_rules()
    with django_assert_num_queries(1):
        statuses = list(selectors.with_literacy_status(
            type(agency_staff).objects.all(), rules=rules).values_list("literacy_status",
                                                                       flat=True))
    assert statuses.count(LiteracyStatus.LACKS) >= 10
