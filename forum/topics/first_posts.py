"""The "first post — welcome them" notice, for a page of posts in one query."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

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
        # A page post is a first post when its author has no earlier live post:
        # one index seek per post (author, id), whatever the author wrote since.
        earlier = Post.objects.filter(
            author_id=OuterRef("author_id"),
            id__lt=OuterRef("id"),
            deleted_at__isnull=True,
        )
        first_ids = set(
            Post.objects.filter(
                id__in=[p.id for p in posts if p.author_id in candidates],
                deleted_at__isnull=True,
            )
            .filter(~Exists(earlier))
            .values_list("id", flat=True)
        )
    for post in posts:
        post.is_welcome_post = post.id in first_ids
