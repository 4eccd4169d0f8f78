"""A member's posts and counts, as their profile and activity pages show them
(registered with accounts.activity)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from accounts.models import User

from .models import Post, Topic


def recent_posts(viewer, member: User, limit: int) -> list[Post]:
    """`member`'s latest posts, only those the viewer may see."""
    return list(
        Post.objects.visible_to(viewer)
        .alive()
        .filter(author=member, is_hidden=False)
        .select_related("topic", "topic__category")
        .order_by("-created_at")[:limit]
    )


def member_counts(viewer, member: User) -> dict:
    """Topics, replies, solutions and likes received of `member`, each counting
    only posts the viewer may see (the stored total would count restricted ones)."""
    posts = (
        Post.objects.visible_to(viewer)
        .alive()
        .filter(author=member, is_hidden=False)
        .aggregate(
            replies=Count("id", filter=Q(post_number__gt=1)),
            solutions=Count("id", filter=Q(is_solution=True)),
            likes_received=Coalesce(Sum("like_count"), 0),
        )
    )
    topics = Topic.objects.visible_to(viewer).filter(author=member).count()
    return {"topics": topics, **posts}
