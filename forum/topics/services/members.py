"""What topics does when a member's account goes: their rows stay, by an heir."""

from __future__ import annotations

from django.db.models import Count, F

from accounts.models import User

from ..models import Like, Post, PostRevision, Topic


def hand_over_to_heir(*, user, heir) -> None:
    """Before `user` is deleted (accounts.services.delete_account): their topics,
    posts and edits become `heir`'s, and the like counters stay exact."""
    _hand_over_likes(user=user, heir=heir)
    for model, field in [
        (Topic, "author"),
        (Topic, "last_poster"),
        (Topic, "deleted_by"),
        (Post, "author"),
        (Post, "deleted_by"),
        (PostRevision, "editor"),
    ]:
        model._base_manager.filter(**{field: user}).update(**{field: heir})


def count_live_posts(user) -> int:
    """The posts `user` wrote that are not deleted (trust level promotion)."""
    return Post.objects.filter(author=user, deleted_at__isnull=True).count()


def _hand_over_likes(*, user, heir) -> None:
    """Before `user` is deleted: take their likes back out of every counter, and
    move the likes their posts received to `heir`, who now authors those posts."""
    given = Like.objects.filter(user=user)
    Post.objects.filter(pk__in=given.values("post_id")).update(
        like_count=F("like_count") - 1
    )
    for group, model, field in [
        ("post__topic_id", Topic, "like_count"),
        ("post__author_id", User, "likes_received"),
    ]:
        counts = given.order_by().values(group).annotate(n=Count("id"))
        for row in counts:
            model.objects.filter(pk=row[group]).update(**{field: F(field) - row["n"]})
    received = User.objects.values_list("likes_received", flat=True).get(pk=user.pk)
    User.objects.filter(pk=heir.pk).update(
        likes_received=F("likes_received") + received
    )
    given.delete()
