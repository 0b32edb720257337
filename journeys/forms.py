from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reisbureau.forms import EmployeeEmailField, ModelChoiceField, ModelMultipleChoiceField
from reisbureau.models import Department, FunctionGroup, Persona, User
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, PROMPT, SHORT_TEXT, TextField
from reisbureau.widgets import DateInput

from .constants import (
    MAX_MINUTES_PER_WEEK,
    Frequency,
    StandardJourneyKind,
    TaskKind,
    Outcome,
    Tool,
    Verdict,
)
from .models import StandardJourney

MINUTES_HELP = _("Between 1 and 2,400 minutes (a 40-hour week).")


def minutes_field(label, *, minimum=1, required=True, help_text=MINUTES_HELP):
    return forms.IntegerField(
        label=label, required=required, min_value=minimum, max_value=MAX_MINUTES_PER_WEEK,
        help_text=help_text,
    )


class InventoryEntryForm(forms.Form):
    title = forms.CharField(label=_("Which task costs you much time?"), max_length=200)
    description = TextField(label=_("What does it involve?"), max_length=DESCRIPTION, rows=3,
                            required=False)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    minutes_per_week = minutes_field(_("Minutes a week it takes now"))
    kind = forms.ChoiceField(label=_("Kind of task"), choices=TaskKind.choices,
                             widget=forms.RadioSelect)
    data_touched = TextField(
        label=_("Which data does it touch?"), max_length=SHORT_TEXT, rows=2, required=False,
        help_text=_("For example: personal data of residents, internal memos, public "
                    "information."))


class WorkshopRowForm(forms.Form):
    employee = EmployeeEmailField(label=_("E-mail address of the employee"))
    title = forms.CharField(label=_("Task"), max_length=200)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    minutes_per_week = minutes_field(_("Minutes a week"), help_text="")
    kind = forms.ChoiceField(label=_("Kind of task"), choices=TaskKind.choices)
    data_touched = forms.CharField(label=_("Data it touches"), required=False, max_length=500)


WorkshopFormSet = forms.formset_factory(WorkshopRowForm, extra=4, max_num=30,
                                        validate_max=True)


class InventoryFilterForm(forms.Form):
    afdeling = ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    functiegroep = ModelChoiceField(label=_("Function group"),
                                          queryset=FunctionGroup.objects.all(), required=False,
                                          empty_label=_("All function groups"))
    persona = ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label=_("All personas"))
    soort = forms.ChoiceField(label=_("Kind of task"), required=False,
                              choices=[("", _("All kinds")), *TaskKind.choices])


class TravellersField(forms.CharField):
    """Travellers named by e-mail address, one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        emails = [e.strip().lower() for e in value.replace(",", "\n").split() if e.strip()]
        users = list(User.objects.filter(email__in=emails, is_active=True))
        missing = sorted(set(emails) - {u.email for u in users})
        if missing:
            raise forms.ValidationError(_("No active employee has this e-mail address: "
                                          "%(emails)s") % {"emails": ", ".join(missing)})
        return users


class JourneyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = TextField(label=_("Goal"), max_length=DESCRIPTION, rows=3, required=False)
    travellers = TravellersField(
        label=_("Travellers"), required=False,
        help_text=_("E-mail addresses, one per line. Leave empty for an open group journey "
                    "that travellers join themselves."))
    is_open = forms.BooleanField(label=_("Open group journey: travellers can join"),
                                 required=False)
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=1, max_value=500,
                               help_text=_("Leave empty for no limit."))
    standard_journey = ModelChoiceField(
        label=_("Start from a standard journey"), required=False,
        queryset=StandardJourney.objects.filter(is_published=True),
        empty_label=_("No, start from scratch"))


class JourneyEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = TextField(label=_("Goal"), max_length=DESCRIPTION, rows=3, required=False)
    is_open = forms.BooleanField(label=_("Open group journey: travellers can join"),
                                 required=False)
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=1, max_value=500,
                               help_text=_("Leave empty for no limit."))


class AddTravellerForm(forms.Form):
    traveller = EmployeeEmailField(label=_("E-mail address of the traveller"))


class TaskForm(forms.Form):
    work_task = forms.CharField(label=_("Work task"), max_length=200)
    approach = TextField(label=_("Approach with AI"), max_length=DESCRIPTION, rows=3,
                         required=False)
    tool = forms.ChoiceField(label=_("Tool"), choices=Tool.choices, initial=Tool.CHAT)
    tool_other = forms.CharField(label=_("Other approved tool"), required=False,
                                 max_length=120,
                                 help_text=_("Only when you chose “Other approved tool”."))
    prompts = TextField(label=_("Prompts"), max_length=PROMPT, rows=3, required=False)
    data_involved = TextField(label=_("Data involved"), max_length=SHORT_TEXT, rows=2,
                              required=False)
    expected_minutes_saved = minutes_field(_("Expected minutes saved a week"), minimum=0,
                                           help_text=_("Between 0 and 2,400 minutes."))

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"{prefix_id}_%s"


class TaskTestForm(forms.Form):
    tested_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    measured_minutes = forms.IntegerField(
        label=_("Measured minutes saved a week"), min_value=0, max_value=MAX_MINUTES_PER_WEEK,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MINUTES_PER_WEEK)])
    remarks = TextField(label=_("Remarks"), max_length=SHORT_TEXT, rows=2, required=False)

    def __init__(self, *args, task_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task_id:
            self.auto_id = f"test{task_id}_%s"

    def clean_tested_on(self):
        # The service refuses it too; here the message stands at the date field.
        tested_on = self.cleaned_data["tested_on"]
        if tested_on > timezone.localdate():
            raise forms.ValidationError(_("A test date cannot be in the future."))
        return tested_on


class JourneyRequestForm(forms.Form):
    message = TextField(label=_("What would you like to use AI for?"), max_length=DESCRIPTION,
                        rows=3, required=False)


class StandardJourneyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = TextField(label=_("Description"), max_length=DESCRIPTION, rows=3, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=StandardJourneyKind.choices,
                             widget=forms.RadioSelect)
    personas = ModelMultipleChoiceField(
        label=_("Personas"), queryset=Persona.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    function_groups = ModelMultipleChoiceField(
        label=_("Function groups"), queryset=FunctionGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    is_published = forms.BooleanField(label=_("Published"), required=False)


class StandardTaskForm(forms.Form):
    work_task = forms.CharField(label=_("Work task"), max_length=200, required=False)
    approach = TextField(label=_("Approach with AI"), max_length=DESCRIPTION, rows=2,
                         required=False)
    tool = forms.ChoiceField(label=_("Tool"), choices=Tool.choices, initial=Tool.CHAT)
    prompts = TextField(label=_("Prompts"), max_length=PROMPT, rows=2, required=False)
    expected_minutes_saved = forms.IntegerField(
        label=_("Expected minutes saved a week"), min_value=0, max_value=MAX_MINUTES_PER_WEEK,
        required=False)


StandardTaskFormSet = forms.formset_factory(StandardTaskForm, extra=2, max_num=20)


class StandardFilterForm(forms.Form):
    persona = ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label=_("All personas"))
    functiegroep = ModelChoiceField(label=_("Function group"),
                                          queryset=FunctionGroup.objects.all(), required=False,
                                          empty_label=_("All function groups"))


class EvaluationForm(forms.Form):
    works_well = TextField(label=_("What works well?"), max_length=DESCRIPTION, rows=3)
    resistance = TextField(label=_("Where is the resistance?"), max_length=DESCRIPTION, rows=3,
                           required=False)
    lessons = TextField(label=_("Which lessons do we keep?"), max_length=DESCRIPTION, rows=3)

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        for task in self.tasks:
            self.fields[f"taak_{task.pk}"] = forms.ChoiceField(
                label=_("Does “%(task)s” work?") % {"task": task.work_task},
                choices=Verdict.choices, widget=forms.RadioSelect)

    def verdicts(self) -> dict[int, str]:
        return {t.pk: self.cleaned_data[f"taak_{t.pk}"] for t in self.tasks}


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = TextField(
        label=_("Travel report"), max_length=LONG_TEXT, rows=12,
        help_text=_("Markdown: use ## for headings, - for lists and [text](https://…) for "
                    "links."))
