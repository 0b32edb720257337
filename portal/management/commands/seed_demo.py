from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reisbureau.demo import DEMO_PASSWORD, seed_core


class Command(BaseCommand):
    help = "Build (or complete) the demo municipality “Gemeente Voorbeeldstad”. Idempotent."

    def handle(self, *args, **options):
        # Texts stored by services (notifications) are written in the portal's language.
        with translation.override(settings.LANGUAGE_CODE):
            try:
                seed_core()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            for hook in _app_seeders():
                hook()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Log in with the demo accounts (password: {DEMO_PASSWORD})."
        ))


def _app_seeders():
    """Feature apps add their demo data through a `seed_demo()` in their own demo module."""
    from importlib import import_module

    seeders = []
    for app in ("journeys", "customs", "community", "impact"):
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        seeders.append(module.seed_demo)
    return seeders
