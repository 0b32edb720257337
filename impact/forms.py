from datetime import date, timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeys.constants import MAX_MINUTES_PER_WEEK
from reisbureau.forms import ModelChoiceField
from reisbureau.models import Department, FunctionGroup, Persona
from reisbureau.textlimits import DESCRIPTION, LONG_TEXT, SHORT_TEXT, TextField
from reisbureau.uploads import clean_upload
from reisbureau.widgets import DateInput

from .constants import (
    SCALE_LABELS,
    ImportFormat,
    ImportMode,
    InterviewTheme,
    ObjectionKind,
    QuestionKind,
)


def _minutes_field():
    return forms.IntegerField(
        label=_("Minutes saved"), min_value=1, max_value=MAX_MINUTES_PER_WEEK,
        error_messages={"min_value": _("Enter a positive number of minutes saved.")})


def _no_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("You cannot log time saved on a date in the future."))
    return value


class TimeSavingForm(forms.Form):
    task = forms.TypedChoiceField(label=_("Task"), coerce=int)
    minutes = _minutes_field()
    day = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, tasks=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [(t.pk, f"{t.work_task} ({t.journey.title})")
                                       for t in tasks]

    def clean_day(self):
        return _no_future(self.cleaned_data["day"])


class TimeSavingEditForm(forms.Form):
    minutes = _minutes_field()
    day = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_day(self):
        return _no_future(self.cleaned_data["day"])


class DashboardFilterForm(forms.Form):
    van = forms.DateField(label=_("From"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    afdeling = ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    functiegroep = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label=_("All function groups"))
    persona = ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label=_("All personas"))

    EARLIEST = date(2000, 1, 1)

    def _in_range(self, value):
        if value and not self.EARLIEST <= value <= timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("Choose a date between 2000 and next year."))
        return value

    def clean_van(self):
        return self._in_range(self.cleaned_data["van"])

    def clean_tot(self):
        return self._in_range(self.cleaned_data["tot"])

    def without_errors(self):
        """The filters with every value that failed dropped, and a sentence per dropped value
        saying which it was and why (an impossible date in the URL is never silently ignored)."""
        notes, data = [], self.data.copy()
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS or name not in self.fields:
                continue
            notes.append(_("The value “%(value)s” for “%(field)s” was ignored: %(reason)s")
                         % {"value": str(self.data.get(name, ""))[:40],
                            "field": self.fields[name].label, "reason": " ".join(errors)})
            data.pop(name, None)
        if self.non_field_errors():
            notes.append(_("The period %(start)s – %(end)s was ignored: %(reason)s") % {
                "start": str(self.data.get("van", ""))[:40] or "…",
                "end": str(self.data.get("tot", ""))[:40] or "…",
                "reason": " ".join(self.non_field_errors())})
            data.pop("van", None)
            data.pop("tot", None)
        return DashboardFilterForm(data), notes

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("tot") or today
        start = data.get("van") or end - timedelta(days=364)
        if start > end:
            raise forms.ValidationError(_("The start of the period lies after its end."))
        if (end - start).days > 3 * 366:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        data["van"], data["tot"] = start, end
        return data


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = TextField(label=_("Introduction"), max_length=DESCRIPTION, rows=3, required=False)
    is_open = forms.BooleanField(label=_("Open to every traveller"), required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = TextField(label=_("Choices"), max_length=SHORT_TEXT, rows=3, required=False,
                        help_text=_("For a choice question: one choice a line."))

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines()
                if line.strip()]


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text, coerce=int, required=False, widget=forms.RadioSelect,
                    choices=[(v, f"{v} – {label}") for v, label in SCALE_LABELS])
            elif q.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=q.text, required=False, widget=forms.RadioSelect,
                    choices=[(c, c) for c in q.choices])
            else:
                self.fields[name] = TextField(label=q.text, max_length=DESCRIPTION, rows=3,
                                              required=False)

    def answers(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    subject = forms.CharField(label=_("Workplace or team"), max_length=200)
    department = ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                        required=False)
    function_group = ModelChoiceField(label=_("Function group"),
                                            queryset=FunctionGroup.objects.all(), required=False)
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=InterviewTheme.choices,
                                       widget=forms.CheckboxSelectMultiple)
    notes = TextField(label=_("Notes"), max_length=LONG_TEXT, rows=6)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ObjectionForm(forms.Form):
    target = forms.TypedChoiceField(label=_("About which task"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of objection"), choices=ObjectionKind.choices,
                             widget=forms.RadioSelect)
    description = TextField(label=_("Your objection"), max_length=DESCRIPTION, rows=5)

    def __init__(self, *args, target_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(target_choices)


class ObjectionAnswerForm(forms.Form):
    answer = TextField(label=_("Answer"), max_length=DESCRIPTION, rows=4)


class UsageImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Comma or semicolon separated, UTF-8 (with or without BOM) or Windows-1252."))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices,
                               widget=forms.RadioSelect, initial=ImportFormat.M365)
    mode = forms.ChoiceField(label=_("When rows have errors"), choices=ImportMode.choices,
                             widget=forms.RadioSelect, initial=ImportMode.SKIP_BAD_ROWS)

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], kind="csv")


class ProgressReportForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())

    EARLIEST = date(2000, 1, 1)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and start < self.EARLIEST:
            self.add_error("period_start", _("Choose a date from 2000 on."))
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if end and end > timezone.localdate():
            self.add_error("period_end",
                           _("A progress report covers a period that has ended or ends today."))
        return data
