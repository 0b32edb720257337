from django import forms
from django.utils.translation import gettext_lazy as _

from journeys import clearance
from journeys.clearance import MAX_RATIONALE_LENGTH
from journeys.constants import Tool
from reisbureau.forms import ModelChoiceField
from reisbureau.textlimits import DESCRIPTION, SHORT_TEXT, TextField
from reisbureau.widgets import DateInput

from . import aiact
from .aiact_questions import QUESTIONS as AI_ACT_QUESTIONS
from .constants import AssessmentStatus, DataSubject, Decision, Device, Hosting
from .models import Measure
from .services import decision_measure_texts

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

    # Then the AI Act decision aid (customs.aiact_questions), one field per question that the
    # answers so far make relevant: a follow-up question appears after the answer that calls
    # for it (one more round trip without JavaScript), and only a relevant question counts.
    AI_ACT_PREFIX = "aiact_"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The questions shown on the page that was posted: an unanswered one of those is an
        # error, a follow-up the adviser has not seen yet is only announced.
        self.ai_act_seen = set(self.data.get("aiact_shown", "").split(",")) \
            if self.is_bound else set()
        self.ai_act_walk = aiact.walk(self._posted_ai_act_answers() if self.is_bound else {})
        for question in AI_ACT_QUESTIONS:
            if question["id"] not in self.ai_act_walk.relevant:
                continue
            multi = question["kind"] == "multi"
            field = (forms.MultipleChoiceField if multi else forms.ChoiceField)(
                label=question["text"], help_text=question.get("help", ""),
                choices=[(a["id"], a["text"]) for a in question["answers"]],
                widget=forms.CheckboxSelectMultiple if multi else forms.RadioSelect,
                required=not self.is_bound or question["id"] in self.ai_act_seen)
            self.fields[self.AI_ACT_PREFIX + question["id"]] = field

    @property
    def ai_act_shown(self) -> str:
        return ",".join(self.ai_act_walk.relevant)

    def _posted_ai_act_answers(self) -> dict:
        answers = {}
        for question in AI_ACT_QUESTIONS:
            name = self.AI_ACT_PREFIX + question["id"]
            if question["kind"] == "multi" and hasattr(self.data, "getlist"):
                answers[question["id"]] = self.data.getlist(name)
            else:
                answers[question["id"]] = self.data.get(name)
        return answers

    def clean(self):
        data = super().clean()
        walk = self.ai_act_walk
        for question_id, message in walk.invalid.items():
            if self.AI_ACT_PREFIX + question_id not in self.errors:
                self.add_error(self.AI_ACT_PREFIX + question_id, message)
        if set(walk.missing) - self.ai_act_seen:
            self.add_error(None, _("Your answers lead to further questions of the AI Act "
                                   "decision aid. Answer them below and submit again."))
        data["ai_act_answers"] = walk.answers
        return data


CLEARING = (Decision.CLEARED, Decision.CLEARED_WITH_MEASURES)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    measures = forms.MultipleChoiceField(
        label=_("Measures from the catalogue"), required=False,
        widget=forms.CheckboxSelectMultiple)
    extra_measures = TextField(label=_("Other measures"), max_length=SHORT_TEXT, rows=2,
                               required=False, help_text=_("One measure per line."))
    # The rule is journeys.clearance.check_decision's; clean() asks it, so form and service
    # never disagree. The label states it, so no "(optional)" is added.
    rationale = TextField(label=_("Rationale (required, except when clearing without measures)"),
                          max_length=MAX_RATIONALE_LENGTH, rows=3, required=False)
    rationale.show_optional = False

    def __init__(self, *args, submission_id=None, submission=None, **kwargs):
        if submission is not None:
            submission_id = submission.pk
        super().__init__(*args, prefix=f"besluit{submission_id}" if submission_id else None,
                         **kwargs)
        measures = Measure.objects.filter(is_active=True)
        self.fields["measures"].choices = [(str(m.pk), m.title) for m in measures]
        # A prohibited AI practice cannot be cleared: the form offers no clearance and says
        # why (the service refuses it as well, customs.aiact.check_clearable).
        self.clearance_refusal = aiact.clearance_refusal(submission) if submission else None
        if self.clearance_refusal:
            field = self.fields["decision"]
            field.widget.choices = [(value, label) for value, label in field.choices
                                    if value not in CLEARING]
            field.help_text = self.clearance_refusal

    def clean_decision(self):
        decision = self.cleaned_data["decision"]
        if self.clearance_refusal and decision in CLEARING:
            raise forms.ValidationError(self.clearance_refusal)
        return decision

    def clean_measures(self):
        ids = [int(pk) for pk in self.cleaned_data["measures"]]
        found = {m.pk: m for m in Measure.objects.filter(pk__in=ids, is_active=True)}
        return [found[pk] for pk in ids if pk in found]

    def clean(self):
        data = super().clean()
        if {"decision", "measures", "extra_measures", "rationale"} <= data.keys():
            try:
                clearance.check_decision(
                    data["decision"],
                    decision_measure_texts(data["measures"], data["extra_measures"]),
                    data["rationale"])
            except clearance.DecisionError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = TextField(label=_("Explanation"), max_length=DESCRIPTION, rows=2, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ExclusionRuleForm(forms.Form):
    title = forms.CharField(label=_("Exclusion rule"), max_length=200)
    description = TextField(label=_("Explanation"), max_length=DESCRIPTION, rows=2, required=False)
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
    van = forms.DateField(label=_("From"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Until"), required=False, widget=DateInput())


class ToolChangeForm(forms.Form):
    tool = forms.ChoiceField(label=_("Tool"), choices=Tool.choices)
    description = TextField(
        label=_("What changed?"), max_length=SHORT_TEXT, rows=4,
        help_text=_("For example: a new language model, data now stored outside the EEA, new "
                    "terms of use."))


class AssessmentForm(forms.Form):
    """Progress on one DPIA or IAMA (prefixed with its id: a page shows several)."""

    status = forms.ChoiceField(label=_("Status"), choices=AssessmentStatus.choices)
    owner = ModelChoiceField(label=_("Owner"), queryset=None, required=False,
                                   empty_label=_("Nobody yet"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    reference = forms.CharField(
        label=_("Document (link or document number)"), required=False, max_length=500,
        help_text=_("Required when the assessment is done."))
    not_needed_reason = TextField(
        label=_("Why it is not needed"), max_length=SHORT_TEXT, rows=2, required=False,
        help_text=_("Required when the assessment is not needed."))

    def __init__(self, *args, assessment, owners, **kwargs):
        super().__init__(*args, prefix=f"beoordeling{assessment.pk}", initial={
            "status": assessment.status, "owner": assessment.owner_id,
            "due_date": assessment.due_date, "reference": assessment.reference,
            "not_needed_reason": assessment.not_needed_reason}, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.display_name


class ObjectionForm(forms.Form):
    objection = TextField(label=_("Why do you object?"), max_length=SHORT_TEXT, rows=3)
