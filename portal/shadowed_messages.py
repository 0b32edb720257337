"""Django's own messages that an app's catalogue words differently in Dutch.

An app's translations outrank Django's own (django/conf/locale), and Django REST framework's
Dutch catalogue says "Dit veld is vereist." where every form of the portal said "Dit veld is
verplicht.". The project's catalogue (LOCALE_PATHS) outranks every app, so these messages are
listed here for `makemessages` and carry Django's own Dutch wording in locale/nl.
tests/test_i18n.py checks each against Django's catalogue.
"""

from django.utils.translation import gettext_noop

SHADOWED = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a "
                 "corrupted image."),
    gettext_noop("Value must be valid JSON."),
]
