import time

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from forum.search import indexing
from forum.topics.models import Topic


class Command(BaseCommand):
    help = (
        "Index every topic again. Safe while the site serves: searches keep "
        "using the old index (Whoosh) or the old entries (PostgreSQL) meanwhile."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, no_progress: bool = False, **options) -> None:
        started = time.perf_counter()
        with tqdm(
            total=Topic.objects.count(),
            unit="topic",
            desc=f"Indexing ({settings.SEARCH_BACKEND})",
            disable=no_progress,
            file=self.stderr._out,
        ) as bar:
            topics = indexing.rebuild(progress=bar.update)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {topics} topics with {settings.SEARCH_BACKEND} "
                f"in {elapsed:.2f} s."
            )
        )
