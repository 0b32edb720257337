from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.constants import TaskKind, Tool
from reisbureau.models import Department, FunctionGroup, Persona
from reisbureau.uploads import clean_upload

from .constants import PromptSort, TopicKind, TrainingKind, Visibility

MARKDOWN_HELP = _("Markdown: use ## for headings, - for lists and [text](https://…) for links.")


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.work_task} ({obj.journey.title})"


class PromptForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Prompt"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Put variables between double braces, for example {{onderwerp}}: users "
                    "fill them in before copying."))
    task_kind = forms.ChoiceField(label=_("Kind of task"), required=False,
                                  choices=[("", "—"), *TaskKind.choices])
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label="—")
    function_group = forms.ModelChoiceField(
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
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=Persona.objects.all(),
                                     required=False, empty_label=_("All personas"))
    functiegroep = forms.ModelChoiceField(
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
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=MARKDOWN_HELP)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=MARKDOWN_HELP)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Tip"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=MARKDOWN_HELP)
    publish_on = forms.DateField(label=_("Publish on"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The weekly job sends it on the first Monday on or after this date."))


class PreferenceForm(forms.Form):
    wants_weekly_tips = forms.BooleanField(label=_("Send me the tip of the week"),
                                           required=False)


# --- Learning ----------------------------------------------------------------------------

class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of training"), choices=TrainingKind.choices)
    tool = forms.ChoiceField(label=_("Tool"), required=False, choices=[("", "—"), *Tool.choices])
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None)

    def __init__(self, *args, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers


class RegisterFilterForm(forms.Form):
    afdeling = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    functiegroep = forms.ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False,
        empty_label=_("All function groups"))
    toon = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("Everyone")), ("training", _("Who still needs a training")),
        ("untrained_users", _("Who uses AI without training"))])


class PromptathonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))
    submission_deadline = forms.DateTimeField(label=_("Submissions close at"),
                                              widget=DateTimeInput())
    voting_closes_at = forms.DateTimeField(label=_("Voting closes at"), widget=DateTimeInput())
    team_size = forms.IntegerField(label=_("Team size"), min_value=1, max_value=20)
    challenges = forms.CharField(label=_("Challenges"), widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("One challenge a line."))


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)


class SubmissionForm(forms.Form):
    prompt = forms.CharField(label=_("Prompt"), widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 4}))


class KeyUserForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    expertise = forms.CharField(label=_("Expertise"), max_length=300,
                                help_text=_("What colleagues can ask this key user about."))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class KeyUserFilterForm(forms.Form):
    afdeling = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                      required=False, empty_label=_("All departments"))
    q = forms.CharField(label=_("Expertise or name"), required=False, max_length=100)


class ToolkitPageForm(forms.Form):
    section = forms.CharField(label=_("Section"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    order = forms.IntegerField(label=_("Order in the section"), min_value=0, initial=0)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=MARKDOWN_HELP)


class PackForm(forms.Form):
    file = forms.FileField(label=_("Toolkit pack (JSON)"),
                           help_text=_("A JSON pack exported from a Reisbureau portal."))

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], kind="json")
