"""The HR import pages: agency staff only; upload → preview (errors per row) → apply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reisbureau.models import PeopleImport, PeopleImportStatus, User
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

GOOD = b"\xef\xbb\xbfe-mail;naam;afdeling\nan@voorbeeldstad.example;An Jansen;Ruimte\n"
BAD = b"e-mail;naam;afdeling\nan@voorbeeldstad.example;An Jansen;Ruimtee\n"


def _upload(client, content, name="hr.csv", **extra):
    return client.post(reverse("reisbureau:people_import"),
                       {"file": SimpleUploadedFile(name, content), **extra})


@pytest.mark.parametrize("role", ["traveller", "adviser", "officer", "manager"])
def test_only_agency_staff_may_import(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reisbureau:people_import")).status_code == 403
    assert _upload(client, GOOD).status_code == 403
    item = PeopleImport.objects.create(uploaded_by=request.getfixturevalue(role),
                                       filename="x.csv", rows=[])
    assert client.get(reverse("reisbureau:people_import_detail", args=[item.pk])
                      ).status_code == 403
    assert client.post(reverse("reisbureau:people_import_apply", args=[item.pk])
                       ).status_code == 403
    item.refresh_from_db()
    assert item.status == PeopleImportStatus.PREVIEW


def test_upload_preview_and_apply(client, agency_staff):
    DepartmentFactory(name="Ruimte")
    client.force_login(agency_staff)
    response = _upload(client, GOOD)
    item = PeopleImport.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "1 persoon wordt aangemaakt" in page and "an@voorbeeldstad.example" in page
    assert not User.objects.filter(email="an@voorbeeldstad.example").exists()  # GET wrote nothing
    response = client.post(reverse("reisbureau:people_import_apply", args=[item.pk]),
                           follow=True)
    assert "De import is verwerkt." in response.content.decode()
    assert User.objects.get(email="an@voorbeeldstad.example").department.name == "Ruimte"


def test_a_row_error_is_shown_in_dutch_and_apply_saves_nothing(client, agency_staff):
    DepartmentFactory(name="Ruimte")
    client.force_login(agency_staff)
    _upload(client, BAD)
    item = PeopleImport.objects.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Rij 2: de afdeling “Ruimtee” bestaat niet in het portaal." in page
    assert "Verwerk de import" not in page
    response = client.post(reverse("reisbureau:people_import_apply", args=[item.pk]),
                           follow=True)
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not User.objects.filter(email="an@voorbeeldstad.example").exists()


@pytest.mark.parametrize("name,content,message", [
    ("hr.xlsx", b"PK\x03\x04" + b"\x00" * 100, "geen Excel-werkmap"),
    ("hr.csv", b"PK\x03\x04" + b"\x00" * 100, "geen tekstbestand"),
    ("hr.pdf", GOOD, "Kies een"),
    ("hr.csv", b"naam\nAn\n", "geen kolom"),
])
def test_a_bad_file_is_refused_with_a_dutch_message(client, agency_staff, name, content,
                                                    message):
    client.force_login(agency_staff)
    response = _upload(client, content, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not PeopleImport.objects.exists()
