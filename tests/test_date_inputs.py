"""Every date and datetime input of every form in the portal gets an ISO value.

A browser's `<input type="date">` accepts only 2026-12-01 and shows it in the reader's locale;
Django's own DateInput writes the active language's format (01-12-2026 in Dutch), which the
browser drops, so the field shows empty ("Leg een test vast" lost its date this way). The forms
are found, not listed: each project app's forms module, every Form class in it.
"""

import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from reisbureau import widgets

pytestmark = pytest.mark.django_db

DATE = dt.date(2026, 12, 1)
DATETIME = dt.datetime(2026, 12, 1, 9, 30)


def _project_form_classes():
    found = []
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(settings.BASE_DIR) or ".venv" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__]
    return found


FORM_CLASSES = _project_form_classes()


def _date_fields(cls):
    return {name: field for name, field in cls.base_fields.items()
            if isinstance(field, forms.DateField | forms.DateTimeField)}


def _form(form_class, initial):
    """A form with its date fields set; a form made for one object gets a stand-in for it."""
    if form_class.__name__ == "AssessmentForm":  # customs: one DPIA/IAMA to-do, its owners
        from types import SimpleNamespace

        from reisbureau.models import User

        assessment = SimpleNamespace(pk=1, status="to_do", owner_id=None, reference="",
                                     not_needed_reason="", **initial)
        return form_class(assessment=assessment, owners=User.objects.none())
    return form_class(initial=initial)


def test_the_forms_are_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"TaskTestForm", "TrainingForm", "DashboardFilterForm", "AuditFilterForm",
            "TipForm", "CatalogueForm"} <= names
    assert sum(len(_date_fields(cls)) for cls in FORM_CLASSES) >= 12


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("form_class", [c for c in FORM_CLASSES if _date_fields(c)],
                         ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_date_input_renders_an_iso_value(form_class, language):
    fields = _date_fields(form_class)
    initial = {name: DATETIME if isinstance(field, forms.DateTimeField) else DATE
               for name, field in fields.items()}
    with translation.override(language):
        form = _form(form_class, initial)
        for name, field in fields.items():
            html = str(form[name])
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field.widget, widgets.DateTimeInput), name
                assert 'type="datetime-local"' in html and 'value="2026-12-01T09:30"' in html, \
                    html
            else:
                assert isinstance(field.widget, widgets.DateInput), name
                assert 'type="date"' in html and 'value="2026-12-01"' in html, html


def test_a_date_typed_back_in_iso_is_accepted():
    from journeys.forms import TaskTestForm

    with translation.override("nl"):
        form = TaskTestForm({"tested_on": "2026-12-01", "outcome": "works",
                             "measured_minutes": "30"})
        form.is_valid()
    assert form.cleaned_data.get("tested_on") == DATE, form.errors
