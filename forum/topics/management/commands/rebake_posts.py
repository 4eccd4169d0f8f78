import sys

from django.core.management.base import BaseCommand

from forum.topics.models import Post
from forum.topics.services import rebake_posts

BATCH = 500


class Command(BaseCommand):
    help = "Re-cook every post's HTML from its Markdown (after the pipeline changed)."

    def handle(self, *args, **options) -> None:
        total = Post.objects.count()
        done = changed = 0
        last_id = 0
        while True:
            batch = list(
                Post.objects.filter(id__gt=last_id)
                .order_by("id")
                .only("id", "raw", "cooked")[:BATCH]
            )
            if not batch:
                break
            changed += rebake_posts(batch)
            done += len(batch)
            last_id = batch[-1].id
            self._progress(done, total)
        self.stdout.write(f"\nRe-cooked {done} posts; {changed} changed.")

    def _progress(self, done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total}")
        sys.stderr.flush()
