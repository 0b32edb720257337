from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.constants import TaskKind, Tool
from reisbureau.forms import ModelChoiceField
from reisbureau.models import FunctionGroup, Persona
from reisbureau.textlimits import LONG_TEXT, PROMPT, SHORT_TEXT, TextField
from reisbureau.uploads import clean_upload
from reisbureau.widgets import DateInput

from .constants import PromptSort, TopicKind, Visibility

MARKDOWN_HELP = _("Markdown: use ## for headings, - for lists and [text](https://…) for links.")


class TaskChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.work_task} ({obj.journey.title})"


class PromptForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = TextField(
        label=_("Prompt"), max_length=PROMPT, rows=8,
        help_text=_("Put variables between double braces, for example {{onderwerp}}: users "
                    "fill them in before copying."))
    task_kind = forms.ChoiceField(label=_("Kind of task"), required=False,
                                  choices=[("", "—"), *TaskKind.choices])
    persona = ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label="—")
    function_group = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label="—")
    tool = forms.ChoiceField(label=_("Tool"), required=False, choices=[("", "—"), *Tool.choices])
    task = TaskChoiceField(
        label=_("Cleared task on a journey"), queryset=None, required=False, empty_label="—",
        help_text=_("Only tasks that customs cleared can be linked."))
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices,
                                   initial=Visibility.EVERYONE, widget=forms.RadioSelect)

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks

    def clean_text(self):
        return self.cleaned_data["text"].strip()


class PromptFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    soort = forms.ChoiceField(label=_("Kind of task"), required=False,
                              choices=[("", _("All kinds")), *TaskKind.choices])
    hulpmiddel = forms.ChoiceField(label=_("Tool"), required=False,
                                   choices=[("", _("All tools")), *Tool.choices])
    persona = ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label=_("All personas"))
    functiegroep = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label=_("All function groups"))
    sorteer = forms.ChoiceField(label=_("Sort by"), required=False, choices=PromptSort.choices)
    mijn = forms.BooleanField(label=_("Only my prompts"), required=False)
    favorieten = forms.BooleanField(label=_("Only my favourites"), required=False)


def variables_form(names: list[str], data=None):
    """A form with one required text field per variable of a prompt."""
    fields = {
        f"var_{i}": forms.CharField(label=name, max_length=2000,
                                    error_messages={"required": _("Fill in “%(name)s”.")
                                                    % {"name": name}})
        for i, name in enumerate(names)
    }
    form_class = type("VariablesForm", (forms.Form,), fields)
    return form_class(data)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("JSON file with prompts"),
                           help_text=_("A JSON file exported from this library."))

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], kind="json")


class TopicForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices,
                             widget=forms.RadioSelect, initial=TopicKind.QUESTION)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = TextField(label=_("Text"), max_length=LONG_TEXT, rows=8, help_text=MARKDOWN_HELP)


class ReplyForm(forms.Form):
    body = TextField(label=_("Your answer"), max_length=LONG_TEXT, rows=5, help_text=MARKDOWN_HELP)


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=SHORT_TEXT, rows=2)


class TipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = TextField(label=_("Tip"), max_length=LONG_TEXT, rows=6, help_text=MARKDOWN_HELP)
    publish_on = forms.DateField(label=_("Publish on"), widget=DateInput(),
        help_text=_("The weekly job sends it on the first Monday on or after this date."))


class PreferenceForm(forms.Form):
    wants_weekly_tips = forms.BooleanField(label=_("Send me the tip of the week"),
                                           required=False)
