from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from forum.demo.seeding import FIXTURES_DIR, SeedError, seed_forum


class Command(BaseCommand):
    help = (
        "Create or update the forum's categories, groups, role accounts and guides "
        "from fixtures/, and with --demo the demo people and discussions too "
        "(safe to run repeatedly)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=FIXTURES_DIR,
            help="The folder to seed from (default: the project's fixtures/).",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also seed the invented demo people and their discussions "
            "(`make run` passes it; leave it out in production).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete everything in the database first (refused when DEBUG is off).",
        )

    def handle(
        self, *args, fixtures: Path, demo: bool = False, reset: bool = False, **options
    ) -> None:
        if reset:
            if not settings.DEBUG:
                raise CommandError(
                    "--reset deletes every row; it is refused with DEBUG off."
                )
            call_command("flush", interactive=False, verbosity=0)
        try:
            report = seed_forum(fixtures, demo=demo)
        except SeedError as error:
            raise CommandError(str(error)) from error
        for line in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped {line}"))
        if report.left_out:
            self.stdout.write(
                f"{report.left_out} demo discussions and the demo people left out; "
                "`seed_forum --demo` adds them."
            )
        if not report.changed:
            self.stdout.write("The forum is already seeded; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the forum from {fixtures}: {len(report.created)} users, "
                f"categories, topics and posts created, {len(report.updated)} "
                "updated."
            )
        )
