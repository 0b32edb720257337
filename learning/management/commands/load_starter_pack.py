from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from learning import pack
from reisbureau.exceptions import DomainError
from reisbureau.models import User

SECTION_NAMES = {
    "measures": gettext_noop("measures"),
    "exclusion_rules": gettext_noop("exclusion rules"),
    "standard_journeys": gettext_noop("standard journeys and excursions"),
    "prompts": gettext_noop("prompts"),
    "toolkit_pages": gettext_noop("toolkit pages"),
    "training_templates": gettext_noop("training templates"),
    "weekly_tips": gettext_noop("tips of the week"),
}


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = ("Load the Dutch starter pack (measures, exclusion rules, standard journeys, prompts, "
            "toolkit, training templates, tips) or another toolkit pack file. Safe to run again: "
            "unchanged items stay as they are, items edited here are left alone and reported.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=pack.STARTER_PACK,
                            help="a toolkit pack JSON file (default: the starter pack)")
        parser.add_argument("--actor", default="",
                            help="e-mail of the superuser or agency staff member who loads it "
                                 "(default: the first active superuser)")
        parser.add_argument("--tips-from", type=date.fromisoformat, default=None,
                            help="first date for the tips of the week, YYYY-MM-DD (default: "
                                 "the Monday after next); one tip a week, free weeks only")
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would change and roll everything back")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            actor = self._actor(options["actor"])
            try:
                with transaction.atomic():
                    result = pack.starter_pack_load(actor=actor, path=options["file"],
                                                    tips_from=options["tips_from"])
                    if options["dry_run"]:
                        raise _DryRun
            except _DryRun:
                self.stdout.write(_("Dry run: nothing was saved."))
            except pack.PackError as exc:
                raise CommandError("\n".join([exc.message, *exc.problems])) from None
            except DomainError as exc:
                raise CommandError(exc.message) from None
            except OSError as exc:
                raise CommandError(_("The pack file cannot be read: %(error)s")
                                   % {"error": exc}) from None
            self._report(result)

    def _actor(self, email: str) -> User:
        users = User.objects.filter(is_active=True)
        actor = (users.filter(email__iexact=email) if email
                 else users.filter(is_superuser=True).order_by("pk")).first()
        if actor is None:
            raise CommandError(_("No active account to load the pack with. Create an "
                                 "administrator first (manage.py createsuperuser) or name one "
                                 "with --actor."))
        return actor

    def _report(self, result: dict) -> None:
        meta = result["pack"]
        self.stdout.write(_("Pack “%(name)s”, version %(version)s:")
                          % {"name": meta["name"] or "-", "version": meta["version"]})
        for section, counts in result["counts"].items():
            self.stdout.write(_("  %(section)s: %(created)s new, %(updated)s updated, "
                                "%(unchanged)s unchanged, %(kept)s already present (kept), "
                                "%(left_alone)s left alone")
                              % {"section": _(SECTION_NAMES[section]), **counts})
        if result["left_alone"]:
            self.stdout.write(_("Left alone (edited or removed here):"))
            for item in result["left_alone"]:
                self.stdout.write(f"  - {_(SECTION_NAMES[item['section']])}: "
                                  f"“{item['title']}”: {item['reason']}")
        changed = sum(c["created"] + c["updated"] for c in result["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            _("Done: %(changed)s items added or updated.") % {"changed": changed}
            if changed else _("Done: nothing changed.")))
