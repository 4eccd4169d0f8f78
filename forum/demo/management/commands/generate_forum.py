import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from forum.demo.generate import Size, generate_forum


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large generated forum (for benchmarks): "
        "users, categories, tags, topics and cooked posts."
    )

    def add_arguments(self, parser) -> None:
        default = Size()
        parser.add_argument("--users", type=int, default=default.users)
        parser.add_argument("--topics", type=int, default=default.topics)
        parser.add_argument("--posts", type=int, default=default.posts)
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Processes cooking the body pool (1 cooks in this process).",
        )

    def handle(self, *args, users, topics, posts, seed, workers, **options) -> None:
        if min(users, topics, posts) < 1 or workers < 1:
            raise CommandError("Sizes and --workers must be positive numbers.")
        if posts < topics:
            raise CommandError("--posts must be at least --topics (one per topic).")
        quiet = options["verbosity"] == 0
        bars: dict[str, tqdm] = {}
        totals = {"cooking": min(posts, 4000), "posts": posts}

        def progress(stage: str, done: int) -> None:
            if stage not in bars:
                for bar in bars.values():
                    bar.close()
                bars[stage] = tqdm(
                    total=totals[stage], desc=stage, unit="", disable=quiet
                )
            bars[stage].update(done)

        if connection.vendor == "postgresql":
            # The site's per-statement limit (DATABASE_STATEMENT_TIMEOUT, 20 s) is
            # for requests; at the default size the final counter updates run
            # longer than that on PostgreSQL (seen: the likes count, 200,000 posts).
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        started = time.perf_counter()
        try:
            report = generate_forum(
                size=Size(users=users, topics=topics, posts=posts),
                seed=seed,
                workers=workers,
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars.values():
                bar.close()
        elapsed = time.perf_counter() - started
        steps = ", ".join(f"{name} {sec:.1f} s" for name, sec in report.seconds.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.users:,} users, {report.topics:,} topics, "
                f"{report.posts:,} posts ({report.distinct_bodies:,} distinct bodies, "
                f"{report.solved:,} solved, {report.tagged:,} tagged, "
                f"{report.likes:,} likes, {report.read_states:,} read states) "
                f"in {elapsed:.1f} s ({steps})."
            )
        )
