from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from forum.demo.seeding import FIXTURES_DIR, SeedError, seed_forum


class Command(BaseCommand):
    help = "Create or update the demo forum from fixtures/ (safe to run repeatedly)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=FIXTURES_DIR,
            help="The folder to seed from (default: the project's fixtures/).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete everything in the database first (refused when DEBUG is off).",
        )

    def handle(self, *args, fixtures: Path, reset: bool = False, **options) -> None:
        if reset:
            if not settings.DEBUG:
                raise CommandError(
                    "--reset deletes every row; it is refused with DEBUG off."
                )
            call_command("flush", interactive=False, verbosity=0)
        try:
            report = seed_forum(fixtures)
        except SeedError as error:
            raise CommandError(str(error)) from error
        for line in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped {line}"))
        if not report.changed:
            self.stdout.write("The forum is already seeded; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded: {len(report.created)} created, {len(report.updated)} updated."
            )
        )
