from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AgencyRole, Role
from .models import (
    AgencyStaffing,
    Department,
    FunctionGroup,
    Persona,
    TeamsChannel,
    TeamsEvent,
    User,
)
from .textlimits import DESCRIPTION, TextField


class CatalogueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = TextField(label=_("Description"), max_length=DESCRIPTION, rows=3,
                            required=False)

    def __init__(self, *args, model=None, instance=None, **kwargs):
        self.model, self.instance = model, instance
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name,
                                          "description": instance.description})
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = self.model.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This name is already in use."))
        return name


class _ListChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a field's choices with one ordinary query. Django's iterator uses
    `QuerySet.iterator()`, which on PostgreSQL is a server-side cursor: DECLARE ... WITH HOLD,
    a FETCH per chunk, one more (empty) FETCH and a CLOSE, four round trips for a dropdown of
    twenty departments on every filter form. The choices of a dropdown fit in memory."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """Django's field with its choices read in one query (see _ListChoiceIterator). Use this
    field for every choice of a model object."""

    iterator = _ListChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field with its choices read in one query (see _ListChoiceIterator), and a pk
    beyond the database's integer range is an ordinary invalid choice: Django lets such a value
    reach a `pk__in` query, where SQLite raises OverflowError (a 500). Use this field for every
    multiple choice of model objects."""

    iterator = _ListChoiceIterator

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # not a number: Django's own check says it is not a valid value
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": pk})
        return super()._check_values(value)


class EmployeeEmailField(forms.EmailField):
    """An employee picked by e-mail address: scales to thousands of employees."""

    def clean(self, value):
        email = super().clean(value)
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active employee has this e-mail address."))
        return user


class LicenceAssignForm(forms.Form):
    employee = EmployeeEmailField(label=_("E-mail address of the employee"))


class LicencePoolForm(forms.Form):
    size = forms.IntegerField(label=_("Number of licences"), min_value=0, max_value=1_000_000)


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    department = ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False)
    function_group = ModelChoiceField(
        label=_("Function group"), queryset=FunctionGroup.objects.all(), required=False)
    personas = ModelMultipleChoiceField(
        label=_("Personas"), queryset=Persona.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    is_key_user = forms.BooleanField(label=_("Key user (ambassador)"), required=False)
    is_active = forms.BooleanField(label=_("Active account"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False,
        widget=forms.CheckboxSelectMultiple)


class StaffingForm(forms.Form):
    employee = EmployeeEmailField(label=_("E-mail address of the employee"))
    role = forms.ChoiceField(label=_("Agency role"), choices=AgencyRole.choices)
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=60)

    def __init__(self, *args, instance: AgencyStaffing | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"employee": instance.user.email, "role": instance.role,
                                          "hours_per_week": instance.hours_per_week})
        super().__init__(*args, **kwargs)


class LicenceRequestForm(forms.Form):
    reason = forms.CharField(label=_("What do you want to use AI for? (optional)"),
                             max_length=255, required=False)


class MunicipalitySettingsForm(forms.Form):
    name = forms.CharField(label=_("Name of the municipality"), max_length=120)
    logo = forms.FileField(
        label=_("Logo (PNG or JPEG, at most 512 KB)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"}))
    licences = forms.IntegerField(label=_("Number of licences in the pool"), min_value=0,
                                  max_value=1_000_000)

    def clean_logo(self):
        from .uploads import clean_upload

        logo = self.cleaned_data.get("logo")
        if not logo:
            return logo
        return clean_upload(logo, kind="image")


class PeopleImportForm(forms.Form):
    file = forms.FileField(label=_("HR export (CSV or Excel workbook)"))
    full_export = forms.BooleanField(
        label=_("This is a full export of all employees (people who are not in it are "
                "offered for deactivation)"), required=False)

    def clean_file(self):
        from .uploads import clean_upload, spreadsheet_kind

        upload = self.cleaned_data["file"]
        return clean_upload(upload, kind=spreadsheet_kind(upload.name))


class PeopleImportApplyForm(forms.Form):
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate the people who are not in the file"), required=False)


class TeamsChannelForm(forms.Form):
    name = forms.CharField(label=_("Name of the channel"), max_length=200)
    webhook_url = forms.CharField(
        label=_("Webhook address"), max_length=2000, required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("The address Teams shows for the workflow \"Post to a channel when a webhook "
                    "request is received\". It is stored encrypted and not shown again."))
    events = forms.MultipleChoiceField(label=_("What to post in this channel"),
                                       choices=TeamsEvent.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, instance: TeamsChannel | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name, "events": instance.events,
                                          "active": instance.active})
            super().__init__(*args, **kwargs)
            self.fields["webhook_url"].help_text = _(
                "Stored: %(hint)s. Leave empty to keep it; enter a new address to replace it."
            ) % {"hint": instance.webhook_hint}
        else:
            super().__init__(*args, **kwargs)
            self.fields["webhook_url"].required = True
