from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from forum.core.backup import MANIFEST, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media with a backup made by `backup`, check "
        "every table's row count against its manifest, and rebuild the search index."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm: everything written since the backup is replaced.",
        )

    def handle(self, *args, folder: Path, yes: bool = False, **options) -> None:
        if not (folder / MANIFEST).is_file():
            raise CommandError(f"{folder} holds no backup ({MANIFEST} is missing).")
        if not yes:
            raise CommandError("Restoring replaces the database and media; add --yes.")
        try:
            differences = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError("Restored, but:\n" + "\n".join(differences))
        if settings.SEARCH_BACKEND == "whoosh":
            # The Whoosh index lives beside the database, not in it.
            call_command("rebuild_search_index", no_progress=True, stdout=self.stdout)
        self.stdout.write(f"Restored {folder}; every table's row count matches.")
