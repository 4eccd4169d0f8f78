"""`manage.py backup` then `manage.py restore` gives back the same forum: row
counts, every post's raw and cooked text, and the media files (SQLite through the
online backup API; PostgreSQL through pg_dump/pg_restore in CI)."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts import services as account_services
from forum.core.backup import row_counts
from forum.topics import services
from forum.topics.models import Post
from tests.accounts.test_services import _png
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot(media: Path) -> dict:
    posts = hashlib.sha256()
    for row in Post.objects.order_by("pk").values_list("pk", "raw", "cooked"):
        posts.update(repr(row).encode())
    files = {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    return {"rows": row_counts(), "posts": posts.hexdigest(), "media": files}


def test_backup_and_restore_round_trip_the_forum(
    settings, tmp_path, topic, member, other_member
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(3):
        PostFactory(topic=topic, author=other_member, raw=f"Reply number {n} *here*.")
    services.like_post(user=other_member, post=topic.posts.get(post_number=1))
    account_services.set_avatar(user=member, upload=_png())
    before = snapshot(settings.MEDIA_ROOT)
    assert before["media"], "the avatar is a media file"

    out = io.StringIO()
    call_command("backup", tmp_path / "backup", stdout=out)
    assert "Backed up" in out.getvalue()
    Post.objects.filter(topic=topic, post_number=2).update(raw="Changed after.")
    PostFactory(
        topic=topic,
        author=UserFactory(username="late"),
        raw="Written after the backup was made.",
    )
    for path in settings.MEDIA_ROOT.rglob("*.png"):
        path.unlink()
    (settings.MEDIA_ROOT / "stray.txt").write_text("not in the backup")
    assert snapshot(settings.MEDIA_ROOT) != before

    call_command("restore", tmp_path / "backup", yes=True, stdout=out)
    assert "every table's row count matches" in out.getvalue()
    assert snapshot(settings.MEDIA_ROOT) == before


def test_restore_asks_for_confirmation(tmp_path, settings, topic):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", tmp_path / "backup")


def test_backup_refuses_an_existing_folder(tmp_path):
    with pytest.raises(CommandError, match="new folder"):
        call_command("backup", tmp_path)
