from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reisbureau.widgets import DateInput

from .constants import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “Power BI rapport impact”."))
    expires_on = forms.DateField(
        label=_("Valid until"), widget=DateInput(),
        help_text=_("At most a year from today. The token stops working after this day."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + timedelta(days=DEFAULT_TOKEN_DAYS)
        self.fields["expires_on"].widget.attrs.update({
            "min": today.isoformat(),
            "max": (today + timedelta(days=MAX_TOKEN_DAYS)).isoformat()})
