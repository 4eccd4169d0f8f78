"""manage.py import_discourse https://forum.example.org --api-key K --api-username U"""

from django.core.management.base import BaseCommand, CommandError

from forum.discourse.importer.client import DiscourseReader, DiscourseUnavailable
from forum.discourse.importer.run import import_site


class Command(BaseCommand):
    help = (
        "Copy a Discourse forum (categories, users, topics, raw posts, solutions) "
        "through its API. Safe to run again: it resumes and adds only what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("site_url")
        parser.add_argument("--api-key", required=True)
        parser.add_argument("--api-username", required=True)

    def handle(self, *args, site_url, api_key, api_username, **options):
        if not site_url.startswith(("http://", "https://")):
            raise CommandError(
                "Give the site's full URL, e.g. https://forum.example.org"
            )
        reader = DiscourseReader(site_url, api_key=api_key, api_username=api_username)
        count = 0

        def progress(message: str) -> None:
            nonlocal count
            count += 1
            self.stdout.write(f"[{count:>5}] {message}")

        try:
            summary = import_site(reader, progress=progress)
        except DiscourseUnavailable as error:
            raise CommandError(f"{error} Run the command again to resume.") from error
        created = ", ".join(f"{n} {kind}" for kind, n in summary.created.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {created or 'nothing new'}."))
        if summary.skipped:
            self.stdout.write(f"Skipped or changed ({len(summary.skipped)}):")
            for reason in summary.skipped:
                self.stdout.write(f"  - {reason}")
