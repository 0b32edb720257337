"""First start: the municipality's name, logo and licence pool set in the portal, and a
checklist of what is not done yet that the apps fill through reisbureau/setup_checks.py."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reisbureau import selectors, services, setup_checks
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry, LicencePool, MunicipalitySettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_branding():
    cache.delete(selectors.MUNICIPALITY_CACHE_KEY)
    yield
    cache.delete(selectors.MUNICIPALITY_CACHE_KEY)


def _png(size=(20, 10)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (1, 104, 155)).save(out, format="PNG")
    return out.getvalue()


def test_the_page_is_for_agency_staff_only(client, manager, council, agency_staff):
    url = reverse("reisbureau:first_start")
    for user in (manager, council):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


def test_name_logo_and_pool_are_saved_and_the_name_replaces_the_setting(client, agency_staff,
                                                                       settings):
    settings.MEDIA_ROOT = str(settings.MEDIA_ROOT)
    client.force_login(agency_staff)
    page = client.get(reverse("home")).content.decode()
    assert "Gemeente Voorbeeldstad" in page
    response = client.post(reverse("reisbureau:first_start"), {
        "name": "Gemeente Zuiderhaven", "licences": 250,
        "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = MunicipalitySettings.objects.get()
    assert row.name == "Gemeente Zuiderhaven" and row.logo.name.endswith(".png")
    assert LicencePool.objects.get().size == 250
    page = client.get(reverse("home")).content.decode()
    assert "Gemeente Zuiderhaven" in page and "Gemeente Voorbeeldstad" not in page
    assert row.logo.url in page
    entry = AuditEntry.objects.get(action="reisbureau.municipality_settings_changed")
    assert entry.data == {"name": True, "logo": True}
    row.logo.delete(save=False)


@pytest.mark.parametrize("name, content", [
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
    ("logo.png", b"GIF89a not a png at all"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"broken" * 10),
])
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused_in_dutch(client, agency_staff, name,
                                                              content):
    client.force_login(agency_staff)
    response = client.post(reverse("reisbureau:first_start"), {
        "name": "Gemeente Zuiderhaven", "licences": 100,
        "logo": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Het bestand is geen PNG- of JPEG-afbeelding." in text
    assert not MunicipalitySettings.objects.exists()


def test_a_logo_over_the_size_limit_is_refused(client, agency_staff, settings):
    settings.REISBUREAU = {**settings.REISBUREAU,
                           "UPLOAD_MAX_BYTES": {**settings.REISBUREAU["UPLOAD_MAX_BYTES"],
                                                "image": 100}}
    client.force_login(agency_staff)
    response = client.post(reverse("reisbureau:first_start"), {
        "name": "Gemeente Zuiderhaven", "licences": 100,
        "logo": SimpleUploadedFile("logo.png", _png((300, 300)))})
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not MunicipalitySettings.objects.exists()


def test_a_pool_smaller_than_the_licences_in_use_saves_nothing(client, agency_staff, traveller):
    services.licence_request(user=traveller, actor=agency_staff)
    client.force_login(agency_staff)
    response = client.post(reverse("reisbureau:first_start"),
                           {"name": "Gemeente Zuiderhaven", "licences": 0})
    assert response.status_code == 400
    assert "kan niet kleiner" in response.content.decode() or "in gebruik" in \
        response.content.decode()
    assert not MunicipalitySettings.objects.exists()  # all or nothing


def test_only_agency_staff_save_the_settings(manager):
    with pytest.raises(DomainError):
        services.municipality_settings_save(actor=manager, name="Gemeente X")


def test_every_app_contributes_its_checklist_steps():
    keys = [c.key for c in setup_checks.registered()]
    assert keys == ["starter_pack", "people", "officers", "first_session"]


def test_the_checklist_shows_what_is_not_done_yet(client, agency_staff, make_user):
    from customs.models import CustomsSession
    from learning.models import PackItem, ToolkitPage

    ToolkitPage.objects.all().delete()
    PackItem.objects.all().delete()
    CustomsSession.objects.all().delete()

    def status():
        return {item["key"]: item["done"] for item in setup_checks.checklist()}

    assert status() == {"starter_pack": False, "people": False, "officers": False,
                        "first_session": False}
    client.force_login(agency_staff)
    page = client.get(reverse("reisbureau:first_start")).content.decode()
    assert "4 stappen nog te doen" in page

    make_user("officer", "traveller")
    from django.utils import timezone

    CustomsSession.objects.create(date=timezone.localdate())
    ToolkitPage.objects.create(section="Stap 1", title="Stap 1", body="Tekst", order=1)
    assert status()["starter_pack"] is False  # a page typed in by hand is no starter pack
    PackItem.objects.create(kind="toolkit_pages", key="stap-1", object_id=1, content_hash="x")
    assert status() == {"starter_pack": True, "people": True, "officers": True,
                        "first_session": True}
    page = client.get(reverse("reisbureau:first_start")).content.decode()
    assert "0 stappen nog te doen" in page


def test_the_starter_pack_step_is_done_once_the_starter_pack_was_loaded(agency_staff):
    """Not before: an empty house, or toolkit pages without a pack, leave it open. After
    `load_starter_pack` (the service it calls) it is done."""
    from learning import pack
    from learning.models import PackItem, ToolkitPage

    def starter_pack_done():
        return {i["key"]: i["done"] for i in setup_checks.checklist()}["starter_pack"]

    PackItem.objects.all().delete()
    ToolkitPage.objects.all().delete()
    assert starter_pack_done() is False
    ToolkitPage.objects.create(section="Eigen", title="Eigen pagina", body="Tekst", order=1)
    assert starter_pack_done() is False
    pack.starter_pack_load(actor=agency_staff)
    assert PackItem.objects.exists()
    assert starter_pack_done() is True
    label = next(c.label for c in setup_checks.registered() if c.key == "starter_pack")
    assert str(label) == "Startpakket geladen"


def test_sso_configured_counts_as_people_step(settings, agency_staff):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{"provider_id": "entra"}]}}
    assert setup_checks.people_imported_or_sso_configured()


def test_the_register_of_ai_applications_names_the_municipality_as_saved(client, agency_staff):
    services.municipality_settings_save(actor=agency_staff, name="Gemeente Zuiderhaven")
    client.force_login(agency_staff)
    response = client.get(reverse("customs:register_export", kwargs={"fmt": "json"}))
    assert response.status_code == 200
    assert '"organization": "Gemeente Zuiderhaven"' in response.content.decode()
