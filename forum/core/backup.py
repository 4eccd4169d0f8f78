"""Backups that restore: the database, the uploaded media, and a manifest.

A backup is a folder: `database.sqlite3` (SQLite's online backup API, so pages still
in the write-ahead log are included and writers may go on) or `database.dump`
(`pg_dump -Fc`), `media/` (a copy of MEDIA_ROOT), and `manifest.json` (when, from
which engine, and the row count of every table, checked again after a restore).
The search index is not copied: it is derived data, rebuilt after a restore (with
PostgreSQL search it lives in the database and comes back with it).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    """Rows per model, for the manifest and the check after a restore."""
    # Some tables exist on one engine only (PostgreSQL search).
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables and not model._meta.proxy
    }


def make_backup(target: Path) -> dict:
    """Write a backup of the site into the new folder `target`; returns its manifest."""
    target.mkdir(parents=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        _sqlite_backup(target / "database.sqlite3")
    elif vendor == "postgresql":
        _run(["pg_dump", "-Fc", "-f", str(target / "database.dump"), *_pg_args()])
    else:
        raise BackupError(f"No backup method for the {vendor} database.")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / MEDIA)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "rows": row_counts(),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def restore_backup(source: Path) -> list[str]:
    """Replace the database and media with the backup in `source`; returns the
    tables whose row counts differ from the manifest (none when all is well)."""
    manifest = json.loads((source / MANIFEST).read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the site uses "
            f"{connection.vendor}."
        )
    connection.close()
    if connection.vendor == "sqlite":
        _sqlite_restore(source / "database.sqlite3")
    else:
        _run(
            [
                *("pg_restore", "--clean", "--if-exists", "--no-owner"),
                *("--single-transaction", "-d", connection.settings_dict["NAME"]),
                *_pg_args(with_db=False),
                str(source / "database.dump"),
            ]
        )
    media = Path(settings.MEDIA_ROOT)
    shutil.rmtree(media, ignore_errors=True)
    if (source / MEDIA).is_dir():
        shutil.copytree(source / MEDIA, media)
    counts = row_counts()
    return [
        f"{label}: {expected} in the backup, {counts.get(label)} restored"
        for label, expected in manifest["rows"].items()
        if counts.get(label) != expected
    ]


def _sqlite_backup(path: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(path)
    connection.ensure_connection()
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_args(*, with_db: bool = True) -> list[str]:
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
    if db["USER"]:
        args += ["-U", db["USER"]]
    return args + ([db["NAME"]] if with_db else [])


def _run(command: list[str]) -> None:
    env = {**os.environ}
    if password := connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = password
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
