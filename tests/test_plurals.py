"""Counts shown to people agree with their noun: "1 reiziger", "2 reizigers" (issue 15, item 6).

A few representative messages and pages are rendered in Dutch with 1 and with 2; a static scan
keeps a new count from slipping in through a plain gettext / {% blocktranslate %} again.
"""

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from reisbureau.exceptions import DomainError

ROOT = Path(__file__).resolve().parents[1]
APPS = ("reisbureau", "journeys", "customs", "community", "learning", "impact", "portal")


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Messages ------------------------------------------------------------------------------

@pytest.mark.parametrize("count, expected", [
    (1, "1 melding gemarkeerd als gelezen."),
    (2, "2 meldingen gemarkeerd als gelezen."),
])
def test_marking_notifications_read_says_how_many_in_proper_dutch(client, traveller, count,
                                                                   expected):
    from reisbureau import services

    for i in range(count):
        services.notification_send(recipient=traveller, subject=f"Bericht {i}", email=False)
    client.force_login(traveller)
    body = client.post(reverse("notifications_mark_read"), follow=True).content.decode()
    assert expected in body
    assert "1 meldingen" not in body


@pytest.mark.parametrize("seats, travellers, expected", [
    (1, 2, "Deze reis heeft 1 plaats. U noemde 2 reizigers."),
    (2, 3, "Deze reis heeft 2 plaatsen. U noemde 3 reizigers."),
])
def test_too_many_travellers_gives_one_count_per_sentence(adviser, make_user, seats, travellers,
                                                          expected):
    from journeys import services

    people = [make_user("traveller") for _ in range(travellers)]
    with translation.override("nl"), pytest.raises(DomainError) as exc:
        services.journey_create(actor=adviser, title="Reis", travellers=people, seats=seats)
    assert exc.value.message == expected


@pytest.mark.parametrize("rows, expected", [(1, "1 tijdvreter vastgelegd."),
                                            (2, "2 tijdvreters vastgelegd.")])
def test_workshop_reports_time_eaters_in_proper_dutch(client, adviser, make_user, rows, expected):
    data = {"rij-TOTAL_FORMS": "3", "rij-INITIAL_FORMS": "0"}
    for i in range(rows):
        data.update({f"rij-{i}-employee": make_user("traveller").email, f"rij-{i}-title": f"T{i}",
                     f"rij-{i}-frequency": "daily", f"rij-{i}-minutes_per_week": "60",
                     f"rij-{i}-kind": "routine"})
    client.force_login(adviser)
    assert expected in client.post(reverse("journeys:workshop"), data, follow=True
                                   ).content.decode()


def test_python_messages_choose_singular_and_plural():
    from django.utils.translation import ngettext

    with translation.override("nl"):
        def say(singular, plural, n):
            return ngettext(singular, plural, n) % {"count": n, "date": "01-12-2026", "url": ""}

        agenda = ("Customs session on %(date)s: %(count)s task on the agenda",
                  "Customs session on %(date)s: %(count)s tasks on the agenda")
        assert say(*agenda, 1) == "Douanezitting op 01-12-2026: 1 taak op de agenda"
        assert say(*agenda, 2) == "Douanezitting op 01-12-2026: 2 taken op de agenda"
        imported = ("%(count)s prompt imported.", "%(count)s prompts imported.")
        assert say(*imported, 1) == "1 prompt geïmporteerd."
        assert say(*imported, 2) == "2 prompts geïmporteerd."


# --- Pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n, expected", [
    (1, ["1 licentie vrij.", "1 medewerker wacht."]),
    (2, ["2 licenties vrij.", "2 medewerkers wachten."]),
])
def test_agency_start_panel_counts_in_proper_dutch(n, expected):
    capacity = SimpleNamespace(licences_free=n, waiting=n)
    with translation.override("nl"):
        text = _text(render_to_string("reisbureau/home/agency.html", {"capacity": capacity}))
    for sentence in expected:
        assert sentence in text


@pytest.mark.parametrize("n, expected", [
    (1, ["1 van 1 licentie in gebruik.", "Er wordt nu 1 reiziger bediend."]),
    (2, ["2 van 2 licenties in gebruik.", "Er worden nu 2 reizigers bediend."]),
])
def test_manager_start_panel_counts_in_proper_dutch(n, expected):
    capacity = SimpleNamespace(licences_used=n, licences_total=n, served_now=n)
    with translation.override("nl"):
        text = _text(render_to_string("reisbureau/home/manager.html", {"capacity": capacity}))
    for sentence in expected:
        assert sentence in text


@pytest.mark.parametrize("n, expected", [(1, "U bedient 1 reiziger."),
                                         (2, "U bedient 2 reizigers.")])
def test_adviser_start_panel_counts_in_proper_dutch(n, expected):
    mine = SimpleNamespace(serving=n, capacity=10, hours_per_week=8, is_over=False,
                           over_capacity=False)
    with translation.override("nl"):
        text = _text(render_to_string("reisbureau/home/adviser.html", {"my_capacity": mine}))
    assert expected in text


@pytest.mark.parametrize("minutes, expected", [(1, "1 minuut per week"),
                                               (2, "2 minuten per week")])
def test_journey_page_counts_minutes_in_proper_dutch(client, adviser, minutes, expected):
    from journeys import services

    journey = services.journey_create(actor=adviser, title="Reis")
    services.task_add(journey=journey, actor=adviser, work_task="Notuleren",
                      expected_minutes_saved=minutes)
    client.force_login(adviser)
    text = _text(client.get(journey.get_absolute_url()).content.decode())
    assert f"Verwachte tijdwinst: {expected}." in text


# --- Static check: a new count through plain gettext fails here ----------------------------

BLOCK = re.compile(r"\{%\s*blocktrans(?:late)?\b(?P<args>.*?)%\}(?P<body>.*?)"
                   r"\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
COUNTLIKE = re.compile(r"\|length\b|count|minutes|seats|travellers|members")
# Blocks with a number that is not a count of things (an ordinal or a "label: value" pair).
TEMPLATE_WHITELIST = {"Page {{ n }} of {{ total }}", "useful: {{ useful }} · copied: {{ copies }}"}


def uncounted_blocks(text):
    """{% blocktranslate %} blocks that show a count but have no `count` clause."""
    found = []
    for m in BLOCK.finditer(text):
        args, body = m.group("args"), m.group("body")
        if re.search(r"\bcount\s+\w+\s*=", args) or body.strip() in TEMPLATE_WHITELIST:
            continue
        bound = dict(re.findall(r"(\w+)=(\S+)", args))
        ordinals = {name for name, expr in bound.items() if expr.startswith("forloop.")}
        shown = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", body)) - ordinals  # "Task {{ n }}"
        if any(COUNTLIKE.search(name) or COUNTLIKE.search(bound.get(name, "")) for name in shown):
            found.append(body.strip())
    return found


GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy",
           "_lazy"}
COUNT_PLACEHOLDER = re.compile(r"%\((count|counter)\)[sd]")


def gettext_counts(source):
    """Plain gettext calls whose text carries %(count)s: those need ngettext."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        texts = [a.value for a in node.args
                 if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name in GETTEXT:
            found += [t for t in texts if COUNT_PLACEHOLDER.search(t)]
    return found


def test_no_template_shows_a_count_without_blocktranslate_count():
    offenders = []
    paths = sorted(ROOT.glob("templates/**/*.html")) + sorted(ROOT.glob("*/templates/**/*.html"))
    for path in paths:
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        offenders += [f"{path.relative_to(ROOT)}: {b}" for b in uncounted_blocks(path.read_text())]
    assert not offenders, "use {% blocktranslate count counter=… %}:\n" + "\n".join(offenders)


def test_no_python_message_puts_a_count_in_plain_gettext():
    offenders = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            offenders += [f"{path.relative_to(ROOT)}: {t}"
                          for t in gettext_counts(path.read_text())]
    assert not offenders, "use ngettext:\n" + "\n".join(offenders)


def test_the_scans_would_catch_a_new_count():
    assert uncounted_blocks('{% blocktranslate with n=items|length %}{{ n }} items'
                            '{% endblocktranslate %}')
    assert uncounted_blocks('{% blocktranslate with count=page.paginator.count %}{{ count }} found'
                            '{% endblocktranslate %}')
    assert uncounted_blocks('{% blocktranslate with m=e.minutes_per_week %}{{ m }} minutes'
                            '{% endblocktranslate %}')
    assert not uncounted_blocks('{% blocktranslate count counter=items|length %}{{ counter }} '
                                'item{% plural %}{{ counter }} items{% endblocktranslate %}')
    assert uncounted_blocks('{% blocktranslate %}{{ count }} found{% endblocktranslate %}')
    assert not uncounted_blocks('{% blocktranslate with name=user.name %}Hello {{ name }}'
                                '{% endblocktranslate %}')
    assert not uncounted_blocks('{% blocktranslate with n=forloop.counter %}Row {{ n }}'
                                '{% endblocktranslate %}')
    assert gettext_counts('_("%(count)s prompts imported.") % {"count": 2}')
    assert gettext_counts('gettext_lazy("%(count)s items")')
    assert not gettext_counts('ngettext("%(count)s item", "%(count)s items", n)')
    assert not gettext_counts('_("Saved as version %(n)s.")')
