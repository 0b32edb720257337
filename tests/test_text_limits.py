"""Every free text users fill in has a maximum, in the model (a validator `full_clean` runs)
and in the form, with the board's Dutch message (reisbureau/textlimits.py)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from community import services as community_services
from community.models import Prompt
from journeys import services as journey_services
from journeys.models import InventoryEntry
from reisbureau.exceptions import DomainError
from reisbureau.textlimits import MaxLengthValidator, text_too_long

# Text fields the portal writes itself, never straight from a user's input.
SYSTEM_WRITTEN = {
    "reisbureau.Notification.body",  # composed by services from texts already limited
}


def _project_text_fields():
    for model in apps.get_models():
        config = apps.get_containing_app_config(model.__module__)
        if config is None or not config.path.startswith(str(settings.BASE_DIR)) or \
                ".venv" in config.path:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.model is model:
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_text_field_with_user_input_has_a_maximum():
    fields = dict(_project_text_fields())
    assert len(fields) > 30 and "community.Prompt.text" in fields
    missing = []
    for name, field in fields.items():
        if name in SYSTEM_WRITTEN:
            continue
        limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        if not limits or field.max_length != limits[0]:
            missing.append(name)
    assert not missing, f"TextFields without a maximum (model validator + max_length): {missing}"
    assert SYSTEM_WRITTEN <= fields.keys(), "the whitelist names a field that no longer exists"


def test_the_message_is_the_boards_in_dutch_and_english():
    with translation.override("nl"):
        assert text_too_long(20_000) == "De tekst is te lang (hoogstens 20.000 tekens)."
        assert text_too_long(5000) == "De tekst is te lang (hoogstens 5.000 tekens)."
    with translation.override("en"):
        assert text_too_long(10_000) == "The text is too long (at most 10,000 characters)."


@pytest.mark.django_db
def test_an_over_long_prompt_is_refused_in_dutch_and_not_saved(client, traveller):
    client.force_login(traveller)
    response = client.post(reverse("community:prompt_new"), {
        "title": "Lang", "text": "x" * 100_000, "visibility": "everyone"})
    assert response.status_code == 200
    assert "De tekst is te lang (hoogstens 10.000 tekens)." in response.content.decode()
    assert not Prompt.objects.exists()
    # The service refuses it too (a JSON import reaches it without the form).
    with pytest.raises(DomainError, match="hoogstens 10.000 tekens"):
        community_services.prompt_create(author=traveller, title="Lang", text="x" * 10_001)
    assert not Prompt.objects.exists()


@pytest.mark.django_db
def test_an_over_long_time_eater_description_is_refused_in_dutch_and_not_saved(client,
                                                                                traveller):
    client.force_login(traveller)
    response = client.post(reverse("journeys:index"), {
        "title": "Notuleren", "description": "x" * 100_000, "frequency": "daily",
        "minutes_per_week": "120", "kind": "routine"})
    assert response.status_code == 200
    assert "De tekst is te lang (hoogstens 5.000 tekens)." in response.content.decode()
    assert not InventoryEntry.objects.exists()
    with pytest.raises(DomainError, match="hoogstens 5.000 tekens"):
        journey_services.inventory_entry_create(
            employee=traveller, actor=traveller, title="Notuleren", frequency="daily",
            minutes_per_week=120, kind="routine", description="x" * 5001)
    assert not InventoryEntry.objects.exists()
    # At the limit it is saved.
    client.post(reverse("journeys:index"), {
        "title": "Notuleren", "description": "x" * 5000, "frequency": "daily",
        "minutes_per_week": "120", "kind": "routine"})
    assert InventoryEntry.objects.get().description == "x" * 5000
