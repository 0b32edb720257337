import subprocess
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]


def test_dutch_catalogue_is_complete():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", "locale/nl/LC_MESSAGES/django.po"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_dutch_is_the_default_and_english_is_available(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    with translation.override("nl"):
        assert translation.gettext("My agency") == "Mijn reisbureau"
    with translation.override("en"):
        assert translation.gettext("My agency") == "My agency"


@pytest.mark.django_db
def test_language_switch_sets_english(client, traveller):
    client.force_login(traveller)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "My agency" in response.content.decode()
    assert "Mijn reisbureau" not in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_the_user_switches(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen bij het Reisbureau" in response.content.decode()
    assert response["Content-Language"] == "nl"
