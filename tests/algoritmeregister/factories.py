from algoritmeregister import services
from algoritmeregister.models import RegisterEntry
from tests.customs.factories import CustomsDecisionFactory, OfficerFactory

CONSIDERATIONS = "Sneller dan met de hand; een medewerker blijft verantwoordelijk."


def draft_entry(officer=None, **decision) -> RegisterEntry:
    """A task customs cleared, and the draft entry the portal prefills for it."""
    officer = officer or OfficerFactory()
    cleared = CustomsDecisionFactory(**decision)
    services.entries_create_missing(actor=officer)
    return RegisterEntry.objects.get(task=cleared.task)


def ready_entry(officer=None, **decision) -> RegisterEntry:
    officer = officer or OfficerFactory()
    entry = draft_entry(officer, **decision)
    entry = services.entry_update(entry=entry, actor=officer, considerations=CONSIDERATIONS)
    return services.entry_mark_ready(entry=entry, actor=officer)


def published_entry(officer=None, **decision) -> RegisterEntry:
    officer = officer or OfficerFactory()
    return services.entry_publish(entry=ready_entry(officer, **decision), actor=officer)
