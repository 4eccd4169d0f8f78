"""The "first post — welcome them" notice, for a page of posts in one query."""

from __future__ import annotations

from django.db.models import Min

from forum.topics.models import Post

from .models import TrustLevel


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
        and not post.author.is_staff_or_moderator
    }
    first_ids: set[int] = set()
    if candidates:
        first_ids = set(
            Post.objects.filter(author_id__in=candidates, deleted_at__isnull=True)
            .values("author_id")
            .annotate(first_id=Min("id"))
            .values_list("first_id", flat=True)
        )
    for post in posts:
        post.is_welcome_post = post.id in first_ids
