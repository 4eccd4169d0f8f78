"""What members do with what they read: likes, bookmarks, read state, drafts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from accounts import trust
from accounts.models import User
from forum.safeguards.ratelimits import check_rate_limit

from .. import events
from ..banner import forget_banner
from ..levels import NotificationLevel
from ..models import Bookmark, Draft, Like, ListState, Post, Topic, TopicUser
from ..permissions import can_see_topic

# A page reports every few seconds; a longer gap is someone who walked away.
MAX_SECONDS_PER_REPORT = 60


def _check_can_act_on(user, post: Post) -> None:
    if not user.is_authenticated or not can_see_topic(user, post.topic):
        raise Http404("No such post.")
    if post.is_deleted or post.is_hidden:
        raise ValidationError("This post is deleted or hidden.")


def toggle_like(*, user, post: Post) -> bool:
    """Like `post`, or take the like back; returns whether it is liked now."""
    _check_can_act_on(user, post)
    if Like.objects.filter(user=user, post=post).exists():
        unlike_post(user=user, post=post)
        return False
    like_post(user=user, post=post)
    return True


def like_post(*, user, post: Post) -> bool:
    """Like `post`; liking it again changes nothing. Returns whether one was added."""
    _check_can_act_on(user, post)
    if post.author_id == user.id:
        raise ValidationError("You can't like your own post.")
    if Like.objects.filter(user=user, post=post).exists():
        return False
    check_rate_limit(user, "like")
    with transaction.atomic():
        try:
            with transaction.atomic():
                like = Like.objects.create(user=user, post=post)
        except IntegrityError:
            return False  # a double click raced us; the like exists
        _count_like(post, 1)
    events.post_liked(like)
    return True


def unlike_post(*, user, post: Post) -> bool:
    """Take back a like of `post`, if any. Returns whether a like was removed."""
    _check_can_act_on(user, post)
    with transaction.atomic():
        deleted, _ = Like.objects.filter(user=user, post=post).delete()
        if not deleted:
            return False
        _count_like(post, -1)
    events.post_unliked(post)
    return True


def _count_like(post: Post, delta: int) -> None:
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + delta)
    Topic.objects.filter(pk=post.topic_id).update(like_count=F("like_count") + delta)
    User.objects.filter(pk=post.author_id).update(
        likes_received=F("likes_received") + delta
    )


def toggle_bookmark(*, user, post: Post) -> bool:
    """Bookmark `post`, or remove the bookmark; returns whether it is bookmarked now."""
    _check_can_act_on(user, post)
    deleted, _ = Bookmark.objects.filter(user=user, post=post).delete()
    if not deleted:
        Bookmark.objects.get_or_create(user=user, post=post)
    return not deleted


def add_bookmark(*, user, post: Post) -> Bookmark:
    """Bookmark `post`; bookmarking it again changes nothing."""
    _check_can_act_on(user, post)
    bookmark, _ = Bookmark.objects.get_or_create(user=user, post=post)
    return bookmark


def remove_bookmark(*, user, post: Post) -> bool:
    """Remove the bookmark of `post`, if any. Returns whether one was removed."""
    _check_can_act_on(user, post)
    deleted, _ = Bookmark.objects.filter(user=user, post=post).delete()
    return bool(deleted)


def record_reading(*, user, topic: Topic, highest_seen: int, seconds: int = 0) -> int:
    """Note that `user` has read `topic` up to post `highest_seen` (as reported by
    the page while they scroll, with the seconds spent since the last report);
    returns their last read post number. Feeds the trust-level statistics."""
    if not can_see_topic(user, topic):
        raise Http404("No such topic.")
    highest = Topic.objects.filter(pk=topic.pk).values_list("highest_post_number")
    highest_seen = max(0, min(highest_seen, highest.get()[0]))
    now = timezone.now()
    state, created = TopicUser.objects.get_or_create(
        user=user,
        topic=topic,
        defaults={
            "last_read_post_number": highest_seen,
            "notification_level": NotificationLevel.TRACKING,
        },
    )
    before = 0 if created else state.last_read_post_number
    if not created:
        TopicUser.objects.filter(pk=state.pk).update(
            last_read_post_number=Greatest("last_read_post_number", highest_seen),
            last_visited_at=now,
        )
    newly_read = max(0, highest_seen - before)
    trust.record_reading(
        user=user,
        topics_entered=int(created),
        posts_read=newly_read,
        seconds=max(0, min(seconds, MAX_SECONDS_PER_REPORT)),
    )
    events.posts_read(user=user, topic=topic, up_to=highest_seen)
    return max(before, highest_seen)


def note_posted(*, user, topic: Topic, post_number: int) -> None:
    """The author of a post has read up to it and tracks the topic (or watches it,
    when they started it)."""
    level = (
        NotificationLevel.WATCHING if post_number == 1 else NotificationLevel.TRACKING
    )
    state, created = TopicUser.objects.get_or_create(
        user=user,
        topic=topic,
        defaults={
            "last_read_post_number": post_number,
            "notification_level": level,
            "has_posted": True,
        },
    )
    if not created:
        TopicUser.objects.filter(pk=state.pk).update(
            last_read_post_number=Greatest("last_read_post_number", post_number),
            has_posted=True,
        )
        if state.notification_level == NotificationLevel.NORMAL:
            TopicUser.objects.filter(pk=state.pk).update(notification_level=level)


def dismiss_unread(*, user, topics) -> int:
    """Mark every topic of `topics` read to its last post."""
    ids = list(topics.values_list("id", flat=True))
    highest = Topic.objects.filter(pk=OuterRef("topic_id")).values(
        "highest_post_number"
    )
    updated = TopicUser.objects.filter(user=user, topic_id__in=ids).update(
        last_read_post_number=Subquery(highest[:1])
    )
    events.list_dismissed(user)
    return updated


def dismiss_new(*, user) -> None:
    """Stop showing the topics that are new right now as new."""
    ListState.objects.update_or_create(
        user=user, defaults={"new_dismissed_at": timezone.now()}
    )
    events.list_dismissed(user)


def clear_pin(*, user, topic: Topic) -> None:
    """Let a pinned topic fall into its place by activity, for `user` only."""
    if not can_see_topic(user, topic):
        raise Http404("No such topic.")
    TopicUser.objects.update_or_create(
        user=user, topic=topic, defaults={"pin_cleared_at": timezone.now()}
    )


def dismiss_banner(*, user, topic: Topic) -> None:
    """Hide the banner topic for `user`."""
    ListState.objects.update_or_create(user=user, defaults={"dismissed_banner": topic})
    forget_banner(user)


def save_draft(*, user, key: str, data: dict) -> Draft:
    """Keep what `user` has typed so far under `key` (new-topic or topic-<id>)."""
    draft, _ = Draft.objects.update_or_create(
        user=user, key=key, defaults={"data": data, "updated_at": timezone.now()}
    )
    return draft


def discard_draft(*, user, key: str) -> None:
    """Forget a draft (after posting, or when the member discards it)."""
    Draft.objects.filter(user=user, key=key).delete()
