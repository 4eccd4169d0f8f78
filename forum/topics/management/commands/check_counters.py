from django.core.management.base import BaseCommand, CommandError

from forum.topics.services.counters import find_counter_drift, fix_counter_drift


class Command(BaseCommand):
    help = (
        "Recount every denormalised counter (topics, posts, categories, likes "
        "received) and report drift; --fix sets the drifted ones right."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="Write the true values back."
        )

    def handle(self, *args, fix: bool = False, **options) -> None:
        drift = fix_counter_drift() if fix else find_counter_drift()
        for item in drift:
            self.stdout.write(str(item))
        if not drift:
            self.stdout.write("No counter drift.")
        elif fix:
            self.stdout.write(f"Fixed {len(drift)} counters.")
        else:
            # A non-zero exit lets cron and CI notice drift.
            raise CommandError(f"{len(drift)} counters drifted; run with --fix.")
