import json

import pytest
from django.urls import reverse

from journeys import services as journey_services
from reisbureau import services
from reisbureau.models import AuditEntry, LicenceAssignment, Notification, User
from reisbureau.privacy import personal_data_export, user_anonymise

pytestmark = pytest.mark.django_db


def test_export_holds_the_employees_own_data_only(traveller, make_user):
    other = make_user("traveller")
    services.licence_request(user=traveller)
    services.notification_send(recipient=other, subject="Niet van mij", email=False)
    journey_services.inventory_entry_create(
        employee=traveller, actor=traveller, title="Notulen uitwerken", frequency="weekly",
        minutes_per_week=120, kind="routine")
    data = personal_data_export(traveller)
    assert data["core"]["profile"]["email"] == traveller.email
    assert data["core"]["licence"]["assigned_at"]
    assert [e["title"] for e in data["journeys"]["inventory_entries"]] == ["Notulen uitwerken"]
    assert "Niet van mij" not in json.dumps(data)


def test_download_is_a_json_attachment_for_the_signed_in_employee(client, traveller):
    assert client.get("/mijn-gegevens/").status_code == 302  # anonymous: to login
    client.force_login(traveller)
    assert "Download mijn gegevens" in client.get("/mijn-gegevens/").content.decode()
    response = client.get("/mijn-gegevens/?download=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["core"]["profile"]["email"] == traveller.email


def test_anonymising_forgets_the_person_but_keeps_the_figures(traveller, agency_staff):
    services.licence_request(user=traveller)
    services.notification_send(recipient=traveller, subject="Persoonlijk", email=False)
    department = traveller.department
    user_anonymise(user=traveller, actor=agency_staff)
    traveller = User.objects.get(pk=traveller.pk)
    assert traveller.email.endswith("@anoniem.invalid") and not traveller.first_name
    assert not traveller.is_active and not traveller.has_usable_password()
    assert traveller.department == department  # aggregates per department stay correct
    assert not LicenceAssignment.objects.filter(user=traveller).exists()
    assert not Notification.objects.filter(recipient=traveller).exists()
    assert AuditEntry.objects.filter(action="user.anonymised", target_id=str(traveller.pk)).exists()


def test_anonymising_oneself_or_twice_is_refused(agency_staff, traveller):
    from reisbureau.exceptions import DomainError

    with pytest.raises(DomainError):
        user_anonymise(user=agency_staff, actor=agency_staff)
    user_anonymise(user=traveller, actor=agency_staff)
    with pytest.raises(DomainError):
        user_anonymise(user=User.objects.get(pk=traveller.pk), actor=agency_staff)


def test_only_agency_staff_anonymise(client, traveller, manager, agency_staff):
    url = reverse("reisbureau:person_anonymise", args=[traveller.pk])
    client.force_login(manager)
    assert client.post(url).status_code == 403
    assert User.objects.get(pk=traveller.pk).is_active
    client.force_login(agency_staff)
    response = client.post(url, follow=True)
    assert "geanonimiseerd" in response.content.decode()
    assert not User.objects.get(pk=traveller.pk).is_active


def test_community_part_of_export_and_anonymisation(traveller, agency_staff):
    from community.constants import Visibility
    from community.models import Prompt

    shared = Prompt.objects.create(title="Gedeeld", text="Vat samen", author=traveller,
                                   visibility=Visibility.EVERYONE)
    Prompt.objects.create(title="Privé notitie", text="Mijn eigen", author=traveller,
                          visibility=Visibility.PRIVATE)
    data = personal_data_export(traveller)
    assert {p["title"] for p in data["community"]["prompts"]} == {"Gedeeld", "Privé notitie"}
    user_anonymise(user=traveller, actor=agency_staff)
    assert list(Prompt.objects.filter(author=traveller)) == [shared]


def test_export_has_a_section_per_app():
    from reisbureau.privacy import _sections

    assert {"journeys", "customs", "community"} <= set(_sections)


def test_learning_part_of_export_and_anonymisation(traveller, agency_staff):
    from learning import services as learning
    from learning.models import TrainingRegistration
    from tests.learning.factories import TrainingFactory

    session = TrainingFactory(seats=1)
    learning.training_register(session=session, user=traveller)
    learning.training_register(session=session, user=agency_staff)  # waiting
    data = personal_data_export(traveller)
    assert [r["training"] for r in data["learning"]["training_registrations"]] == [session.title]
    user_anonymise(user=traveller, actor=agency_staff)
    assert not TrainingRegistration.objects.filter(
        user=traveller, status__in=("registered", "waiting")).exists()
    # the freed seat went to the first on the waiting list
    assert TrainingRegistration.objects.get(user=agency_staff).status == "registered"
