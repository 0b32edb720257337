"""Every view of the agency core: a role that may, a role that may not, and what they see."""

import pytest
from django.urls import reverse

from reisbureau import services
from reisbureau.models import AgencyStaffing, AuditEntry, Department, LicenceAssignment, User
from tests.factories import StaffingFactory

pytestmark = pytest.mark.django_db

AGENCY_PAGES = [
    "/reisbureau/", "/reisbureau/licenties/", "/reisbureau/mensen/", "/reisbureau/bezetting/",
    "/reisbureau/afdelingen/", "/reisbureau/functiegroepen/", "/reisbureau/personas/",
    "/reisbureau/afdelingen/nieuw/",
]


@pytest.mark.parametrize("url", AGENCY_PAGES)
def test_agency_pages_are_for_agency_staff_only(client, url, agency_staff, manager, traveller):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(traveller)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("role", "heading"), [
    ("traveller", "Uw volgende stap als reiziger"),
    ("adviser", "Uw werk als reisadviseur"),
    ("officer", "Douane"),
    ("manager", "Impact voor managers"),
    ("agency_staff", "Het reisbureau runnen"),
])
def test_start_page_tells_each_role_what_to_do(client, make_user, role, heading):
    user = make_user(role)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert heading in body
    assert "Mijn reisbureau" in body


def test_start_page_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_traveller_requests_a_licence_from_the_start_page(client, traveller):
    client.force_login(traveller)
    response = client.post(reverse("licence_request"), {"reason": "Notulen maken"}, follow=True)
    assert "U hebt een licentie" in response.content.decode()
    assert LicenceAssignment.objects.filter(user=traveller).exists()


def test_traveller_lands_on_the_waiting_list_when_full(client, traveller, agency_staff):
    services.licence_pool_resize(size=0, actor=agency_staff)
    client.force_login(traveller)
    response = client.post(reverse("licence_request"), {}, follow=True)
    body = response.content.decode()
    assert "wachtlijst (plaats 1)" in body
    response = client.post(reverse("licence_waitlist_leave"), follow=True)
    assert "niet meer op de wachtlijst" in response.content.decode()


def test_licence_request_is_post_only(client, traveller):
    client.force_login(traveller)
    assert client.get(reverse("licence_request")).status_code == 405


def test_agency_staff_assigns_and_releases_a_licence(client, agency_staff, traveller):
    client.force_login(agency_staff)
    response = client.post("/reisbureau/licenties/", {"employee": traveller.email}, follow=True)
    assert "Licentie toegewezen" in response.content.decode()
    response = client.post(f"/reisbureau/licenties/{traveller.pk}/intrekken/", follow=True)
    assert "ingetrokken" in response.content.decode()
    assert not LicenceAssignment.objects.filter(user=traveller).exists()


def test_assigning_to_an_unknown_address_gives_a_dutch_error(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post("/reisbureau/licenties/", {"employee": "niemand@elders.example"})
    assert response.status_code == 200
    assert "Er is geen actieve medewerker met dit e-mailadres." in response.content.decode()


def test_pool_size_form_refuses_negative_numbers(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post("/reisbureau/licenties/", {"size": "-3"})
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 0 is." in response.content.decode()


def test_traveller_cannot_release_a_licence(client, traveller, agency_staff):
    services.licence_request(user=agency_staff)
    client.force_login(traveller)
    assert client.post(f"/reisbureau/licenties/{agency_staff.pk}/intrekken/").status_code == 403
    assert LicenceAssignment.objects.filter(user=agency_staff).exists()


def test_agency_staff_changes_roles_with_an_audit_entry(client, agency_staff, traveller):
    client.force_login(agency_staff)
    response = client.post(f"/reisbureau/mensen/{traveller.pk}/", {
        "first_name": "Rik", "last_name": "Reiziger", "department": traveller.department_id,
        "function_group": traveller.function_group_id, "roles": ["traveller", "adviser"],
        "is_active": "on",
    })
    assert response.status_code == 302
    traveller = User.objects.get(pk=traveller.pk)
    assert traveller.has_role("adviser") and traveller.first_name == "Rik"
    entry = AuditEntry.objects.get(action="user.roles_changed", target_id=str(traveller.pk))
    assert entry.actor == agency_staff and entry.data["to"] == ["adviser", "traveller"]


def test_agency_staff_cannot_remove_their_own_agency_role(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(f"/reisbureau/mensen/{agency_staff.pk}/", {
        "roles": ["traveller"], "is_active": "on"})
    assert response.status_code == 200
    assert "eigen rol" in response.content.decode()
    assert User.objects.get(pk=agency_staff.pk).has_role("agency_staff")


def test_unknown_person_is_404(client, agency_staff):
    client.force_login(agency_staff)
    assert client.get("/reisbureau/mensen/999999/").status_code == 404
    assert client.get("/reisbureau/onbekend/").status_code == 404


def test_catalogue_create_and_duplicate_name(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post("/reisbureau/afdelingen/nieuw/", {"name": "Griffie"})
    assert response.status_code == 302
    assert Department.objects.filter(name="Griffie").exists()
    response = client.post("/reisbureau/afdelingen/nieuw/", {"name": "griffie"})
    assert "Deze naam is al in gebruik." in response.content.decode()
    assert Department.objects.filter(name__iexact="griffie").count() == 1


def test_staffing_add_edit_and_refuse_out_of_range_hours(client, agency_staff, adviser):
    client.force_login(agency_staff)
    response = client.post("/reisbureau/bezetting/", {
        "employee": adviser.email, "role": "adviser", "hours_per_week": "80"})
    assert response.status_code == 200 and not AgencyStaffing.objects.exists()
    client.post("/reisbureau/bezetting/", {
        "employee": adviser.email, "role": "adviser", "hours_per_week": "36"})
    row = AgencyStaffing.objects.get()
    client.post(f"/reisbureau/bezetting/{row.pk}/", {
        "employee": adviser.email, "role": "adviser", "hours_per_week": "18"})
    row.refresh_from_db()
    assert row.hours_per_week == 18
    response = client.post("/reisbureau/bezetting/", {
        "employee": adviser.email, "role": "adviser", "hours_per_week": "10"})
    assert "heeft deze rol in het reisbureau al" in response.content.decode()
    client.post(f"/reisbureau/bezetting/{row.pk}/verwijderen/")
    assert not AgencyStaffing.objects.exists()


def test_notifications_are_the_users_own(client, traveller, make_user):
    other = make_user("traveller")
    services.notification_send(recipient=other, subject="Alleen voor de ander", email=False)
    services.notification_send(recipient=traveller, subject="Voor mij", email=False)
    client.force_login(traveller)
    body = client.get("/meldingen/").content.decode()
    assert "Voor mij" in body and "Alleen voor de ander" not in body
    client.post("/meldingen/gelezen/")
    assert not traveller.notifications.filter(read_at__isnull=True).exists()
    assert other.notifications.filter(read_at__isnull=True).exists()


def test_people_list_query_count_does_not_grow(client, agency_staff, make_user,
                                               django_assert_max_num_queries):
    client.force_login(agency_staff)
    for _ in range(5):
        make_user("traveller")
    with django_assert_max_num_queries(12) as small:
        client.get("/reisbureau/mensen/")
    for _ in range(20):
        services.licence_request(user=make_user("traveller", "adviser"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/reisbureau/mensen/")
    assert response.status_code == 200


def test_licence_page_query_count_does_not_grow(client, agency_staff, make_user,
                                                django_assert_max_num_queries):
    client.force_login(agency_staff)
    services.licence_pool_resize(size=10, actor=agency_staff)
    for _ in range(3):
        services.licence_request(user=make_user("traveller"))
    with django_assert_max_num_queries(20) as small:
        client.get("/reisbureau/licenties/")
    for _ in range(12):
        services.licence_request(user=make_user("traveller"))
    StaffingFactory(role="adviser")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/reisbureau/licenties/")


def test_start_page_query_count_is_fixed(client, agency_staff, django_assert_max_num_queries):
    client.force_login(agency_staff)
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200


def test_error_pages_are_dutch(client, traveller):
    client.force_login(traveller)
    assert "Geen toegang" in client.get("/reisbureau/").content.decode()
    assert "Pagina niet gevonden" in client.get("/bestaat-niet/").content.decode()


@pytest.mark.parametrize("url", ["/meldingen/", "/reizen/", "/community/"])
def test_personal_pages_send_anonymous_visitors_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_refused_role_change_saves_nothing_of_the_profile(client, agency_staff):
    client.force_login(agency_staff)
    client.post(f"/reisbureau/mensen/{agency_staff.pk}/", {
        "first_name": "Veranderd", "roles": ["traveller"], "is_active": "on"})
    assert User.objects.get(pk=agency_staff.pk).first_name != "Veranderd"
