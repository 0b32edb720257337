"""Uploads are checked for type (name and content) and size before anything is saved."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import Prompt
from customs.models import Measure
from impact.models import UsageImport
from reisbureau.exceptions import DomainError
from reisbureau.uploads import check_upload, upload_limit

PROMPTS = json.dumps({"format": "reisbureau-prompts", "prompts": [
    {"title": "Samenvatten", "text": "Vat samen: {{tekst}}"}]}).encode()
PACK = json.dumps({"format": "reisbureau-toolkit", "schema_version": 1,
                   "measures": [{"title": "Alleen op een gemeentelaptop"}]}).encode()
CSV = b"email,date,tool,actions\nx@voorbeeldstad.example,2026-01-05,Word,3\n"
XLSX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200  # what Excel's own format starts with


@pytest.fixture
def small_limits(settings):
    settings.REISBUREAU = copy.deepcopy(settings.REISBUREAU)
    settings.REISBUREAU["UPLOAD_MAX_BYTES"] = {"csv": 100, "json": 100}


def test_defaults_are_twenty_megabytes_for_csv_and_five_for_json():
    assert upload_limit("csv") == 20 * 1024 * 1024
    assert upload_limit("json") == 5 * 1024 * 1024


IMPORTS = {
    # name: (url name, role fixture, good file, extra POST data, what must stay empty)
    "prompts": ("community:prompt_import", "traveller", ("prompts.json", PROMPTS), {},
                Prompt),
    "pack": ("learning:pack_import", "agency_staff", ("pakket.json", PACK), {}, Measure),
    "usage": ("impact:imports", "agency_staff", ("gebruik.csv", CSV),
              {"format": "generic", "mode": "skip_bad_rows"}, UsageImport),
}


def _post(client, request, which, name, content):
    url_name, role, _good, extra, _model = IMPORTS[which]
    client.force_login(request.getfixturevalue(role))
    return client.post(reverse(url_name), {
        "file": SimpleUploadedFile(name, content, "application/octet-stream"), **extra})


@pytest.mark.parametrize("which", IMPORTS)
def test_a_too_large_file_is_refused_with_a_dutch_message(client, request, small_limits, which):
    name, content = IMPORTS[which][2]
    padded = content + b" " * 200
    response = _post(client, request, which, name, padded)
    assert response.status_code == 200
    assert "Het bestand is te groot (hoogstens 0.00 MB)." in response.content.decode()
    assert not IMPORTS[which][4].objects.exists()


@pytest.mark.parametrize("which", IMPORTS)
def test_a_wrong_extension_is_refused(client, request, which):
    _name, content = IMPORTS[which][2]
    response = _post(client, request, which, "virus.exe", content)
    assert response.status_code == 200
    assert "Kies een" in response.content.decode()
    assert not IMPORTS[which][4].objects.exists()


@pytest.mark.parametrize("which", IMPORTS)
def test_content_of_the_wrong_type_is_refused(client, request, which):
    name, _content = IMPORTS[which][2]
    response = _post(client, request, which, name, XLSX)
    body = response.content.decode()
    assert response.status_code == 200
    if name.endswith(".csv"):
        assert "Het bestand is geen tekstbestand (CSV)." in body
    else:
        assert "Het bestand is geen geldige JSON." in body
    assert not IMPORTS[which][4].objects.exists()


@pytest.mark.parametrize("which", IMPORTS)
def test_an_empty_file_is_refused(client, request, which):
    name, _content = IMPORTS[which][2]
    response = _post(client, request, which, name, b"")
    assert response.status_code == 200
    assert "leeg" in response.content.decode()
    assert not IMPORTS[which][4].objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("export.csv", "email;datum\néé@voorbeeldstad.example;5-1-2026\n".encode("cp1252")),
    ("export.csv", "\ufeffemail,date\nx@voorbeeldstad.example,2026-01-05\n".encode()),
    ("export.TXT", b"email,date\n"),
    ("pakket.json", b'\xef\xbb\xbf{"a": 1}'),
])
def test_good_files_pass(name, content):
    check_upload(SimpleUploadedFile(name, content), kind="json" if "json" in name else "csv")


def test_a_csv_with_nul_bytes_is_not_text():
    with pytest.raises(DomainError, match="geen tekstbestand"):
        check_upload(SimpleUploadedFile("a.csv", b"email\x00,date\n"), kind="csv")


def test_the_service_checks_too_for_callers_without_a_form(agency_staff, small_limits):
    from impact import services

    with pytest.raises(DomainError, match="te groot"):
        services.usage_import_start(actor=agency_staff,
                                    uploaded_file=SimpleUploadedFile("a.csv", CSV * 5),
                                    format="generic", mode="skip_bad_rows")
    assert not UsageImport.objects.exists()
