"""The portal's date and time inputs.

A browser's `<input type="date">` only accepts an ISO value (2026-12-01) and shows it in the
reader's own locale; Django's `DateInput` writes the active language's format (01-12-2026 in
Dutch), which the browser throws away, leaving the field empty. Every date or datetime field
in a portal form uses these two widgets.
"""

from django import forms

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)
