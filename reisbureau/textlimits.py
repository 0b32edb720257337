"""How long a free text may be, and the one message when it is longer.

Every free-text field users fill in has a maximum, enforced twice: by the form (which also gives
the textarea a `maxlength`) and by the model (a validator, so a service's `full_clean` refuses it
too). Both say the same thing, in the words the community board has always used.

Limits: titles and names 200 (their CharField's own max_length), short texts such as reasons and
remarks 2,000, descriptions and explanations 5,000, prompts and their results 10,000, Markdown
posts (board, tips, travel reports, toolkit pages) 20,000.
"""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

SHORT_TEXT = 2_000
DESCRIPTION = 5_000
PROMPT = 10_000
LONG_TEXT = 20_000


def text_too_long(limit: int) -> str:
    return gettext("The text is too long (at most %(max)s characters).") % {
        "max": number_format(limit, force_grouping=True)}


text_too_long_lazy = lazy(text_too_long, str)


@deconstructible(path="reisbureau.textlimits.MaxLengthValidator")
class MaxLengthValidator(validators.MaxLengthValidator):
    """Django's validator with the portal's message (the count grouped as the reader writes
    numbers: 20.000 in Dutch)."""

    def __call__(self, value):
        if self.clean(value) > self.limit_value:
            raise ValidationError(text_too_long(self.limit_value), code=self.code)


def limited(limit: int) -> dict:
    """A model TextField's arguments for a free text of at most `limit` characters: the form
    field's maximum and the validator `full_clean` runs. Use as `TextField(..., **limited(n))`."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


class TextField(forms.CharField):
    """A free-text form field with a maximum and the portal's message when it is exceeded.
    A textarea unless another widget is given."""

    widget = forms.Textarea

    def __init__(self, *, max_length: int, rows: int | None = None, **kwargs):
        if rows is not None:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        messages = kwargs.pop("error_messages", None) or {}
        messages.setdefault("max_length", text_too_long_lazy(max_length))
        super().__init__(max_length=max_length, error_messages=messages, **kwargs)
