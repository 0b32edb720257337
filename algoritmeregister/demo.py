"""Demo register for "Gemeente Voorbeeldstad": a draft entry for every task customs cleared,
all but one completed by the officer and published. Idempotent."""

from django.conf import settings
from django.db import transaction

from reisbureau.demo import demo_email
from reisbureau.models import User

from . import services
from .constants import EntryState
from .models import RegisterEntry

CONSIDERATIONS = (
    "Medewerkers besteden minder tijd aan routinewerk en houden meer tijd over voor inwoners. "
    "Het alternatief, alles met de hand blijven doen, kost meer tijd en levert geen betere "
    "kwaliteit. De inzet is beperkt tot ondersteunend werk: een medewerker blijft "
    "verantwoordelijk voor de uitkomst.")
LEGAL_BASIS = ("De gemeente voert haar eigen bedrijfsvoering uit; er worden geen besluiten over "
               "inwoners met AI genomen.")


@transaction.atomic
def seed_demo() -> None:
    if not getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
        raise RuntimeError("Demo data is only for the local and test settings.")
    officer = User.objects.get(email=demo_email("douane"))
    services.entries_create_missing(actor=officer)
    if RegisterEntry.objects.exclude(state=EntryState.DRAFT).exists():
        return
    drafts = list(RegisterEntry.objects.order_by("pk"))
    for entry in drafts[:-1]:  # the last one stays a draft
        entry = services.entry_update(entry=entry, actor=officer,
                                      considerations=CONSIDERATIONS, legal_basis=LEGAL_BASIS)
        entry = services.entry_mark_ready(entry=entry, actor=officer)
        services.entry_publish(entry=entry, actor=officer)
