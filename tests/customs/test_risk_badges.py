"""Risk badges: the colour rises with the risk (green, amber, red, dark red), the text names the
level, and every badge's text has enough contrast (WCAG AA: 4.5:1) on its background."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from customs.constants import RiskLevel
from customs.models import Submission

THEME = Path(settings.BASE_DIR, "static/css/theme.css").read_text()


def _rule(level):
    match = re.search(r"\.portal-badge\.portal-badge--risk-" + level + r"\s*\{([^}]*)\}", THEME)
    assert match, f"no badge colour for risk {level}"
    props = dict(p.split(":", 1) for p in match.group(1).split(";") if ":" in p)
    return {k.strip(): v.strip() for k, v in props.items()}


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]


def _luminance(hex_colour):
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                for c in _rgb(hex_colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _hue(hex_colour):
    r, g, b = _rgb(hex_colour)
    high, low = max(r, g, b), min(r, g, b)
    if high == low:
        return None  # grey: no hue
    if high == r:
        hue = (g - b) / (high - low) % 6
    elif high == g:
        hue = (b - r) / (high - low) + 2
    else:
        hue = (r - g) / (high - low) + 4
    return hue * 60


@pytest.mark.parametrize("level", RiskLevel.values)
def test_each_risk_badge_is_readable(level):
    rule = _rule(level)
    assert _contrast(rule["color"], rule["background"]) >= 4.5


def test_the_colour_rises_with_the_risk():
    hues = {level: _hue(_rule(level)["background"]) for level in ("low", "medium", "high")}
    assert 90 <= hues["low"] <= 150  # green
    assert 30 <= hues["medium"] <= 60  # amber / orange-yellow
    assert hues["high"] < 15 or hues["high"] > 345  # red
    excluded = _hue(_rule("excluded")["background"])
    assert excluded < 15 or excluded > 345  # dark red


@pytest.mark.parametrize("level, text", [("low", "Laag"), ("medium", "Middel"),
                                         ("high", "Hoog"), ("excluded", "Uitgesloten")])
def test_the_badge_names_the_level_in_words_and_carries_its_colour(level, text):
    submission = Submission(proposed_risk=level, is_overdue=False, reason="new")
    with translation.override("nl"):
        html = render_to_string("customs/_risk.html", {"s": submission})
    assert f"portal-badge--risk-{level}" in html
    assert f"Risico: {text}" in html


def test_the_labels_are_those_of_the_choices_and_an_unknown_value_shows_as_stored():
    from reisbureau.constants import choice_label

    submission = Submission(proposed_risk="high", proposed_ai_act="prohibited", reason="expired")
    with translation.override("nl"):
        assert submission.risk_label == submission.get_proposed_risk_display() == "Hoog"
        assert submission.ai_act_label == submission.get_proposed_ai_act_display()
        assert submission.reason_label == submission.get_reason_display()
    assert choice_label(RiskLevel, "unknown") == "unknown"
