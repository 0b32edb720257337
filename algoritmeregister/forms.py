from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from reisbureau.textlimits import SHORT_TEXT, TextField

from .constants import EntryState, Theme
from .models import RegisterEntry
from .services import EDITABLE_FIELDS

# The form's sections follow the standard's own headings.
SECTIONS = (
    (_("General information"), ("name", "description_short", "theme", "status", "start_date",
                                "end_date", "contact", "link", "publication_category",
                                "source_link")),
    (_("Responsible use"), ("purpose_and_impact", "considerations", "human_intervention",
                            "risk_management", "legal_basis", "legal_basis_title",
                            "legal_basis_link", "processing_register_link",
                            "impact_assessments", "impact_assessment_link",
                            "impact_assessment_explanation")),
    (_("Operation"), ("data", "data_source_title", "data_source_link", "technical_operation",
                      "supplier", "source_code_link")),
    (_("Metadata"), ("search_terms",)),
)
assert {f for _label, fields in SECTIONS for f in fields} == set(EDITABLE_FIELDS)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EntryForm(forms.ModelForm):
    theme = forms.MultipleChoiceField(label=_("Theme"), choices=Theme.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = RegisterEntry
        fields = EDITABLE_FIELDS
        formfield_callback = _formfield

    def sections(self):
        return [(label, [self[name] for name in names]) for label, names in SECTIONS]


class WithdrawForm(forms.Form):
    reason = TextField(label=_("Why is it withdrawn?"), max_length=SHORT_TEXT, rows=3)


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *EntryState.choices])
