"""manage.py import_discourse https://forum.example.org --api-key K --api-username U"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from forum.discourse.importer.client import DiscourseReader, DiscourseUnavailable
from forum.discourse.importer.run import import_site

EXAMPLES = 5  # items shown for each reason in the summary


class Bar:
    """The run's progress as a tqdm bar of topics (on stderr)."""

    def __init__(self, stream, *, disable: bool):
        self.stream = stream
        self.disable = disable
        self.bar = None

    def start(self, total: int | None) -> None:
        self.bar = tqdm(
            total=total,
            unit="topic",
            file=self.stream,
            disable=self.disable,
            dynamic_ncols=True,
        )

    def advance(self, label: str) -> None:
        self.bar.set_postfix_str(label[:40], refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Copy a Discourse forum (categories, groups and members, users and avatars, "
        "topics, raw posts, likes, solutions) through its API. Safe to run again: "
        "it resumes and adds only what is new."
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
        # The wrapper's own write() ends each line, which a bar must not do.
        bar = Bar(self.stderr._out, disable=options["verbosity"] < 1)
        try:
            summary = import_site(reader, progress=bar)
        except DiscourseUnavailable as error:
            raise CommandError(f"{error} Run the command again to resume.") from error
        finally:
            bar.close()
        created = ", ".join(f"{n} {kind}" for kind, n in summary.created.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {created or 'nothing new'}."))
        for reason, items in summary.skipped.items():
            shown = ", ".join(items[:EXAMPLES])
            more = (
                f", and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
            )
            self.stdout.write(
                f"Skipped or changed: {len(items)} {reason}: {shown}{more}"
            )
