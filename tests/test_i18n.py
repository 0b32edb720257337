import json
import re
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
def test_the_header_offers_the_other_language_as_one_button(client, traveller):
    """Not a select plus a button: one button named in the language it switches to."""
    client.force_login(traveller)
    html = client.get("/").content.decode()
    form = re.search(r'<form action="/i18n/setlang/".*?</form>', html, re.S).group(0)
    assert "<select" not in form
    assert re.findall(r"<button[^>]*>[^<]*</button>", form) == [
        '<button type="submit" name="language" value="en" lang="en" '
        'class="portal-language__switch">English</button>']

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    form = re.search(r'<form action="/i18n/setlang/".*?</form>',
                     client.get("/").content.decode(), re.S).group(0)
    assert re.findall(r"<button[^>]*>[^<]*</button>", form) == [
        '<button type="submit" name="language" value="nl" lang="nl" '
        'class="portal-language__switch">Nederlands</button>']


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_the_user_switches(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen bij het Reisbureau" in response.content.decode()
    assert response["Content-Language"] == "nl"


# --- The portal addresses people with "u", allauth's pages included -----------------------

INFORMAL = re.compile(r"\b(jij|jou|je|jouw|jezelf|jullie)\b", re.IGNORECASE)
# msgids whose Dutch may use an informal pronoun, with the reason. There are none.
INFORMAL_ALLOWED: set[str] = set()


def _dutch_msgstrs():
    """(msgid, msgstr) of our Dutch catalogue; plural forms each count."""
    text = (ROOT / "locale/nl/LC_MESSAGES/django.po").read_text()
    for block in re.split(r"\n\n+", text):
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = json.loads(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        for key, value in fields.items():
            if key.startswith("msgstr") and fields.get("msgid"):
                yield fields["msgid"], value


def test_the_dutch_catalogue_never_says_jij_or_je():
    found = [(msgid, msgstr) for msgid, msgstr in _dutch_msgstrs()
             if INFORMAL.search(msgstr) and msgid not in INFORMAL_ALLOWED]
    assert found == []


def test_the_scan_would_catch_an_informal_text():
    assert INFORMAL.search("Het door jou opgegeven wachtwoord")
    assert INFORMAL.search("Je bent ingelogd.")
    assert not INFORMAL.search("U bent ingelogd; uw wachtwoord is bijgewerkt. Een beetje jeuk.")


def test_allauths_informal_dutch_is_overridden_by_ours():
    """Every allauth text the portal lists (reisbureau/allauth_texts.py) comes out with "u"."""
    from reisbureau.allauth_texts import ALLAUTH_TEXTS

    with translation.override("nl"):
        informal = [text for text in ALLAUTH_TEXTS
                    if INFORMAL.search(translation.gettext(text))
                    or translation.gettext(text) == text]
    assert informal == []


@pytest.mark.django_db
def test_a_wrong_password_is_answered_with_u_not_jou(client, traveller):
    response = client.post("/accounts/login/", {"login": traveller.email, "password": "fout"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het e-mailadres en/of wachtwoord dat u hebt opgegeven is niet correct." in html
    assert not INFORMAL.search(html.replace("&#x27;", "'")), INFORMAL.search(html)


def test_django_s_own_messages_keep_django_s_dutch_whatever_app_is_added():
    """An installed app's catalogue outranks Django's own: Django REST framework's Dutch says
    "Dit veld is vereist." for "This field is required.". The project catalogue puts Django's
    wording back (portal/shadowed_messages.py), and no other installed app changes another."""
    import gettext as gettext_module
    from pathlib import Path

    import django
    from django.apps import apps
    from django.utils import translation

    from portal.shadowed_messages import SHADOWED

    def catalogue(path):
        return gettext_module.GNUTranslations(path.open("rb"))._catalog if path.exists() else {}

    own = catalogue(Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.mo")
    shadowing = set()
    for config in apps.get_app_configs():
        theirs = catalogue(Path(config.path) / "locale/nl/LC_MESSAGES/django.mo")
        shadowing |= {msgid for msgid, text in theirs.items()
                      if msgid and isinstance(msgid, str) and own.get(msgid, text) != text}
    assert shadowing <= set(SHADOWED), sorted(shadowing - set(SHADOWED))
    with translation.override("nl"):
        for message in SHADOWED:
            assert translation.gettext(message) == own[message], message
