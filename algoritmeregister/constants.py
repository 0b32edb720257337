"""The Algoritmeregister publication standard, version 1.0.0: its field names and allowed values
(vendored schema: algoritmeregister/standard/), and the portal's own publication states.

The choice values are the standard's own Dutch values (they go into the export as they are); the
labels are translated for the English interface.
"""

import json
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMA_VERSION = "1.0.0"
LANGUAGE = "nld"
SCHEMA_PATH = Path(__file__).resolve().parent / "standard" / \
    f"publicatiestandaard-{SCHEMA_VERSION}.schema.json"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def standard_fields() -> tuple[str, ...]:
    """The standard's field names in its own order: the CSV columns and the JSON keys."""
    return tuple(schema()["properties"])


@cache
def required_fields() -> tuple[str, ...]:
    return tuple(schema()["required"])


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for publication")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AlgorithmStatus(models.TextChoices):
    """`status` in the standard."""

    IN_DEVELOPMENT = "In ontwikkeling", _("In development")
    IN_USE = "In gebruik", _("In use")
    OUT_OF_USE = "Buiten gebruik", _("Out of use")


class PublicationCategory(models.TextChoices):
    """`publication_category` in the standard (the handreiking's categories A, B and C)."""

    HIGH_RISK = "Hoog-risico AI-systeem (Categorie A)", _("High-risk AI system (category A)")
    IMPACTFUL = "Impactvolle algoritmes (Categorie B)", _("Impactful algorithms (category B)")
    OTHER = "Overige algoritmes (Categorie C)", _("Other algorithms (category C)")


class Theme(models.TextChoices):
    """`theme` in the standard: the top level of the TOP-lijst (Thema-indeling voor Officiële
    Publicaties), as the register's own field configuration lists them."""

    ORGANISATION = "Organisatie en bedrijfsvoering", _("Organisation and operations")
    CULTURE = "Cultuur en recreatie", _("Culture and recreation")
    ECONOMY = "Economie", _("Economy")
    FINANCE = "Overheidsfinanciën", _("Public finance")
    HOUSING = "Wonen", _("Housing")
    INTERNATIONAL = "Internationaal", _("International")
    MIGRATION = "Migratie en integratie", _("Migration and integration")
    NATURE = "Natuur en milieu", _("Nature and environment")
    EDUCATION = "Onderwijs en wetenschap", _("Education and science")
    SAFETY = "Openbare orde en veiligheid", _("Public order and safety")
    LAW = "Recht", _("Law")
    SPACE = "Ruimte en infrastructuur", _("Spatial planning and infrastructure")
    SOCIAL_SECURITY = "Sociale zekerheid", _("Social security")
    TRAFFIC = "Verkeer", _("Traffic")
    WORK = "Werk", _("Work")
    HEALTH = "Zorg en gezondheid", _("Care and health")
