"""The "first post — welcome them" notice, for a page of posts in one query."""

from __future__ import annotations

from django.db import connection

from accounts.models import TrustLevel
from accounts.permissions import is_staff_or_moderator

from .models import Post


def mark_first_posts(posts: list[Post], viewer) -> None:
    """Set `is_welcome_post` on the posts that are their author's first post.

    Only newcomers (below trust level 2, not staff or moderators) are welcomed,
    and never by their own notice.
    """
    candidates = {
        post.author_id
        for post in posts
        if post.author_id != viewer.pk
        and post.author.trust_level < TrustLevel.MEMBER
        and not is_staff_or_moderator(post.author)
    }
    first_ids: set[int] = set()
    if candidates:
        first_ids = _first_post_ids([p.id for p in posts if p.author_id in candidates])
    for post in posts:
        post.is_welcome_post = post.id in first_ids


def _first_post_ids(ids: list[int]) -> set[int]:
    """Those of the live posts `ids` whose author has no earlier live post: one
    index seek per post on `post_author_alive` (author, id), whatever the author
    wrote since. Plain SQL: on every topic page, building it with the ORM cost
    more than running it."""
    table = connection.ops.quote_name(Post._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT p.id FROM {table} p WHERE p.id IN ({marks})"  # noqa: S608
        " AND p.deleted_at IS NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {table} e WHERE e.author_id = p.author_id"
        " AND e.deleted_at IS NULL AND e.id < p.id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0] for row in cursor.fetchall()}
