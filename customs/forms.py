from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.constants import Tool

from .constants import DataSubject, Decision, Device, Hosting
from .models import Measure

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]


def yes_no(label, help_text=""):
    return forms.TypedChoiceField(label=label, help_text=help_text, choices=YES_NO,
                                  coerce=lambda v: v == "ja", widget=forms.RadioSelect)


class QuestionnaireForm(forms.Form):
    """The adviser's risk questionnaire: pre-scan DPIA and AI Act decision aid."""

    personal_data = yes_no(_("Does the task involve personal data?"),
                           _("Names, e-mail addresses, case files: anything about a person."))
    special_categories = yes_no(
        _("Special categories of personal data or the citizen service number (BSN)?"),
        _("Health, religion, ethnicity, criminal records, the BSN."))
    data_subjects = forms.MultipleChoiceField(
        label=_("About whom?"), choices=DataSubject.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    social_domain = yes_no(_("Is this work in the social domain?"),
                           _("Work and income, Wmo, youth care, debt relief."))
    affects_decisions = yes_no(_("Does the output affect decisions about people?"))
    output_to_citizens = yes_no(_("Does generated text reach citizens directly?"))
    profiling = yes_no(_("Does it score or profile people, or recognise emotions at work?"))
    device = forms.ChoiceField(label=_("On which device is the tool used?"),
                               choices=Device.choices, widget=forms.RadioSelect)
    hosting = forms.ChoiceField(label=_("Where does the tool run and store data?"),
                                choices=Hosting.choices, widget=forms.RadioSelect)
    human_check = yes_no(_("Does a person check the output before it is used?"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    measures = forms.MultipleChoiceField(
        label=_("Measures from the catalogue"), required=False,
        widget=forms.CheckboxSelectMultiple)
    extra_measures = forms.CharField(
        label=_("Other measures"), required=False, help_text=_("One measure per line."),
        widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)

    def __init__(self, *args, submission_id=None, **kwargs):
        super().__init__(*args, prefix=f"besluit{submission_id}" if submission_id else None,
                         **kwargs)
        measures = Measure.objects.filter(is_active=True)
        self.fields["measures"].choices = [(str(m.pk), m.title) for m in measures]

    def clean_measures(self):
        ids = [int(pk) for pk in self.cleaned_data["measures"]]
        found = {m.pk: m for m in Measure.objects.filter(pk__in=ids, is_active=True)}
        return [found[pk] for pk in ids if pk in found]


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(label=_("Explanation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ExclusionRuleForm(forms.Form):
    title = forms.CharField(label=_("Exclusion rule"), max_length=200)
    description = forms.CharField(label=_("Explanation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    when_social_domain = forms.BooleanField(label=_("When the task is in the social domain"),
                                            required=False)
    when_special_categories = forms.BooleanField(
        label=_("When special categories of personal data or the BSN are involved"),
        required=False)
    when_affects_decisions = forms.BooleanField(
        label=_("When the output affects decisions about people"), required=False)
    when_private_device = forms.BooleanField(label=_("When a private device may be used"),
                                             required=False)
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=500,
        help_text=_("Comma-separated, e.g. conversation, client. The rule matches only when "
                    "one of them is in the task's description."))
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class AuditFilterForm(forms.Form):
    actie = forms.CharField(label=_("Action contains"), required=False, max_length=80)
    door = forms.CharField(label=_("By (e-mail contains)"), required=False, max_length=254)
    van = forms.DateField(label=_("From"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Until"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))


class ToolChangeForm(forms.Form):
    tool = forms.ChoiceField(label=_("Tool"), choices=Tool.choices)
    description = forms.CharField(
        label=_("What changed?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: a new language model, data now stored outside the EEA, new "
                    "terms of use."))
