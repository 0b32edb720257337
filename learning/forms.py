from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import MARKDOWN_HELP
from journeys.constants import Tool
from journeys.models import StandardJourney
from reisbureau.constants import Role
from reisbureau.forms import ModelChoiceField, ModelMultipleChoiceField
from reisbureau.models import Department, FunctionGroup, Persona
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, PROMPT, TextField
from reisbureau.uploads import clean_upload
from reisbureau.widgets import DateInput, DateTimeInput

from .constants import LiteracyStatus, TrainingKind
from .models import Training
from .services import MAX_RENEWAL_MONTHS

# --- Learning ----------------------------------------------------------------------------

class TrainingOfferForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of training"), choices=TrainingKind.choices)
    tool = forms.ChoiceField(label=_("Tool"), required=False, choices=[("", "—"), *Tool.choices])
    description = TextField(label=_("Description"), max_length=DESCRIPTION, rows=4, required=False)
    persona = ModelChoiceField(
        label=_("For persona"), queryset=Persona.objects.all(), required=False,
        empty_label=_("Every persona"),
        help_text=_("Travellers with this persona get its sessions suggested first."))
    standard_journey = ModelChoiceField(
        label=_("For standard journey"), queryset=StandardJourney.objects.all(),
        required=False, empty_label=_("No particular journey"),
        help_text=_("Travellers on a journey from this standard journey get its sessions "
                    "suggested first."))


class LiteracyRequirementForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", _("Every role")), *Role.choices])
    function_group = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label=_("Every function group"))
    trainings = ModelMultipleChoiceField(
        label=_("Required trainings"), queryset=Training.objects.order_by("title", "pk"),
        widget=forms.CheckboxSelectMultiple)
    renewal_months = forms.IntegerField(
        label=_("Renew after (months)"), required=False, min_value=1,
        max_value=MAX_RENEWAL_MONTHS,
        help_text=_("Empty: the training never expires."))

    def clean(self):
        data = super().clean()
        if not data.get("role") and not data.get("function_group") \
                and "function_group" not in self.errors:
            raise forms.ValidationError(_("Choose a role, a function group or both."))
        return data


class TrainingForm(forms.Form):
    training = ModelChoiceField(
        label=_("Training on offer"), queryset=Training.objects.order_by("title", "pk"),
        required=False, empty_label=_("None (a one-off session)"),
        help_text=_("Attending a session of a training on offer counts towards the literacy "
                    "requirements that name it."))
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of training"), choices=TrainingKind.choices)
    tool = forms.ChoiceField(label=_("Tool"), required=False, choices=[("", "—"), *Tool.choices])
    description = TextField(label=_("Description"), max_length=DESCRIPTION, rows=4, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    trainer = ModelChoiceField(label=_("Trainer"), queryset=None)

    def __init__(self, *args, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers


class RegisterFilterForm(forms.Form):
    afdeling = ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    functiegroep = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label=_("All function groups"))
    toon = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("Everyone")), ("training", _("Who still needs a training")),
        ("untrained_users", _("Who uses AI without training")),
        (LiteracyStatus.LACKS, _("Who lacks a required training")),
        (LiteracyStatus.DUE, _("Who is due for renewal")),
        (LiteracyStatus.MEETS, _("Who meets the requirement"))])


class PromptathonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = TextField(label=_("Description"), max_length=DESCRIPTION, rows=3, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    submission_deadline = forms.DateTimeField(label=_("Submissions close at"),
                                              widget=DateTimeInput())
    voting_closes_at = forms.DateTimeField(label=_("Voting closes at"), widget=DateTimeInput())
    team_size = forms.IntegerField(label=_("Team size"), min_value=1, max_value=20)
    challenges = TextField(label=_("Challenges"), max_length=DESCRIPTION, rows=4,
                           help_text=_("One challenge a line."))


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)


class SubmissionForm(forms.Form):
    prompt = TextField(label=_("Prompt"), max_length=PROMPT, rows=4)
    result = TextField(label=_("Result"), max_length=PROMPT, rows=4)


class KeyUserForm(forms.Form):
    user = ModelChoiceField(label=_("Employee"), queryset=None)
    expertise = forms.CharField(label=_("Expertise"), max_length=300,
                                help_text=_("What colleagues can ask this key user about."))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class KeyUserFilterForm(forms.Form):
    afdeling = ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    q = forms.CharField(label=_("Expertise or name"), required=False, max_length=100)


class ToolkitPageForm(forms.Form):
    section = forms.CharField(label=_("Section"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    order = forms.IntegerField(label=_("Order in the section"), min_value=0, initial=0)
    body = TextField(label=_("Text"), max_length=LONG_TEXT, rows=12, help_text=MARKDOWN_HELP)


class PackForm(forms.Form):
    file = forms.FileField(label=_("Toolkit pack (JSON)"),
                           help_text=_("A JSON pack exported from a Reisbureau portal."))

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], kind="json")
