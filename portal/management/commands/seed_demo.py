from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reisbureau.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Build (or complete) the demo municipality “Gemeente Voorbeeldstad”. Idempotent."

    def handle(self, *args, **options):
        # Texts stored by services (notifications) are written in the portal's language.
        with translation.override(settings.LANGUAGE_CODE):
            for config in _seeders():
                try:
                    config.seed_demo()
                except RuntimeError as exc:  # the core refuses production settings
                    raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Log in with the demo accounts (password: {DEMO_PASSWORD})."
        ))


def _seeders():
    """Every app that brings demo data has a `seed_demo()` on its AppConfig; they run in the
    order of INSTALLED_APPS (the core first, then the apps that build on it)."""
    return [config for config in apps.get_app_configs() if hasattr(config, "seed_demo")]
