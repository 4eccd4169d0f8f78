from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forum.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump -Fc) and the uploaded "
        "media into a new folder, with a manifest of row counts (docs/deployment.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help="A folder that does not exist.")

    def handle(self, *args, folder: Path, **options) -> None:
        if folder.exists():
            raise CommandError(f"{folder} exists; back up into a new folder.")
        try:
            manifest = make_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backed up {rows} rows and the media into {folder}.")
