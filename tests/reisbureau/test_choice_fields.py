"""Dropdowns of model objects read their choices in one ordinary query.

Django's ModelChoiceField iterates its queryset with `QuerySet.iterator()`: on PostgreSQL a
server-side cursor, four round trips (DECLARE WITH HOLD, FETCH, an empty FETCH, CLOSE) for
every dropdown of every filter form (issue 19). reisbureau.forms' fields read them at once.
"""

import inspect

import pytest
from django import forms
from django.db.models.query import QuerySet

from reisbureau.forms import ModelChoiceField, ModelMultipleChoiceField

pytestmark = pytest.mark.django_db

APPS = ("reisbureau", "journeys", "customs", "community", "learning", "impact",
        "algoritmeregister", "api", "portal")


def _form_classes():
    import importlib

    for label in APPS:
        try:
            module = importlib.import_module(f"{label}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_model_choice_of_the_portal_uses_the_one_query_fields():
    checked = 0
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                checked += 1
                assert isinstance(field, ModelChoiceField | ModelMultipleChoiceField), (
                    f"{cls.__module__}.{cls.__name__}.{name} is Django's own "
                    "ModelChoiceField: use reisbureau.forms' (one query, no server-side cursor)")
    assert checked >= 20  # the filter forms, the people form, the training forms, ...


def test_their_choices_never_open_a_server_side_cursor(monkeypatch, make_user):
    from reisbureau.models import Department, Persona

    Department.objects.create(name="Burgerzaken")
    Persona.objects.create(name="Schrijver")

    def no_iterator(self, *args, **kwargs):
        raise AssertionError("QuerySet.iterator() used for a dropdown")

    monkeypatch.setattr(QuerySet, "iterator", no_iterator)
    single = ModelChoiceField(queryset=Department.objects.order_by("name"))
    multiple = ModelMultipleChoiceField(queryset=Persona.objects.order_by("name"))
    assert [label for _value, label in single.choices] == ["---------", "Burgerzaken"]
    assert [label for _value, label in multiple.choices] == ["Schrijver"]
