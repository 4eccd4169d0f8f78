"""Moderator actions on topics and posts. Each checks `can_moderate_topic` (site
moderators in every category they see, a category's moderator groups there)
and lands in the staff action log. Deleting is soft: all is restorable."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from forum.categories.models import Category
from forum.safeguards.log import log_action

from .. import events, validators
from ..banner import forget_banner
from ..models import Post, Topic
from ..permissions import (
    can_moderate_category,
    can_moderate_topic,
    check_can_delete_post,
    check_can_delete_topic,
    check_can_moderate_topic,
    check_can_restore_post,
)
from .posting import slug_for

TOPIC_STATE = [
    "is_pinned",
    "is_pinned_globally",
    "pinned_until",
    "is_closed",
    "is_archived",
    "is_visible",
    "is_banner",
]


def _topic_state(topic: Topic, names) -> dict:
    return {name: _plain(getattr(topic, name)) for name in names}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _set_topic(topic: Topic, by, action: str, reason: str = "", **changes) -> Topic:
    """Change some of a topic's flags as a moderator, and log it."""
    check_can_moderate_topic(by, topic)
    before = _topic_state(topic, changes)
    Topic.objects.filter(pk=topic.pk).update(**changes)
    for name, value in changes.items():
        setattr(topic, name, value)
    log_action(
        actor=by,
        action=action,
        target=topic,
        before=before,
        after=_topic_state(topic, changes),
        reason=reason,
    )
    _after_change(topic.id)
    return topic


def pin_topic(
    *,
    topic: Topic,
    by,
    globally: bool = False,
    until: datetime | None = None,
    reason: str = "",
) -> Topic:
    """Pin `topic` at the top of its category (or of every list when `globally`),
    optionally until a date."""
    return _set_topic(
        topic,
        by,
        "pin_globally" if globally else "pin",
        reason,
        is_pinned=True,
        is_pinned_globally=globally,
        pinned_at=timezone.now(),
        pinned_until=until,
    )


def unpin_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Let `topic` fall back into its place by activity."""
    return _set_topic(
        topic, by, "unpin", reason, is_pinned=False, is_pinned_globally=False
    )


def close_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Stop `topic` taking replies."""
    return _set_topic(topic, by, "close", reason, is_closed=True)


def open_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Let `topic` take replies again."""
    return _set_topic(topic, by, "open", reason, is_closed=False)


def archive_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Freeze `topic`: no replies, no edits."""
    return _set_topic(topic, by, "archive", reason, is_archived=True)


def unarchive_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    return _set_topic(topic, by, "unarchive", reason, is_archived=False)


def unlist_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Keep `topic` reachable by its link but out of every list."""
    return _set_topic(topic, by, "unlist", reason, is_visible=False)


def list_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    return _set_topic(topic, by, "list", reason, is_visible=True)


def make_banner(*, topic: Topic, by, reason: str = "") -> Topic:
    """Show `topic` above every page (replacing any other banner)."""
    with transaction.atomic():
        check_can_moderate_topic(by, topic)
        Topic.objects.filter(is_banner=True).exclude(pk=topic.pk).update(
            is_banner=False
        )
        _set_topic(topic, by, "make_banner", reason, is_banner=True)
    forget_banner()
    return topic


def remove_banner(*, topic: Topic, by, reason: str = "") -> Topic:
    """Stop showing `topic` as the banner."""
    _set_topic(topic, by, "remove_banner", reason, is_banner=False)
    forget_banner()
    return topic


def move_topic(*, topic: Topic, category: Category, by, reason: str = "") -> Topic:
    """Move `topic` to `category`, carrying its counts along."""
    check_can_moderate_topic(by, topic)
    if not can_moderate_category(by, category):
        raise ValidationError("You can only move topics into categories you moderate.")
    if category.id == topic.category_id:
        return topic
    with transaction.atomic():
        # Two moderators moving the same topic at once: the second waits here and
        # moves it from where the first one put it, so counts stay right.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        before = {"category": locked.category_id}
        if locked.category_id == category.id:
            return locked
        if not locked.is_deleted:
            _shift_counts(locked.category_id, topics=-1, posts=-locked.post_count)
            _shift_counts(category.id, topics=1, posts=locked.post_count)
        topic.category = category
        topic.save(update_fields=["category"])
        if topic.solution_id and not category.allow_solutions:
            Post.objects.filter(topic=topic, is_solution=True).update(is_solution=False)
            Topic.objects.filter(pk=topic.pk).update(solution=None, solved_at=None)
            topic.solution = None
        log_action(
            actor=by,
            action="move",
            target=topic,
            before=before,
            after={"category": category.id},
            reason=reason,
        )
    _after_change(topic.id)
    return topic


def change_owner(*, topic: Topic, new_owner, by, reason: str = "") -> Topic:
    """Make `new_owner` the author of `topic` and of its first post."""
    check_can_moderate_topic(by, topic)
    before = {"author": topic.author_id}
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(author=new_owner)
        topic.posts.filter(post_number=1).update(author=new_owner)
        topic.author = new_owner
        log_action(
            actor=by,
            action="change_owner",
            target=topic,
            before=before,
            after={"author": new_owner.pk},
            reason=reason,
        )
    _after_change(topic.id)
    return topic


def hide_post(*, post: Post, by, reason: str = "") -> Post:
    """Hide `post` behind a notice; its text stays and can be shown again."""
    return _set_post(post, by, "hide_post", reason, is_hidden=True)


def unhide_post(*, post: Post, by, reason: str = "") -> Post:
    """Show a hidden post again."""
    return _set_post(post, by, "unhide_post", reason, is_hidden=False)


def lock_post(*, post: Post, by, reason: str = "") -> Post:
    """Stop the author editing `post` (moderators still can)."""
    return _set_post(post, by, "lock_post", reason, is_locked=True)


def unlock_post(*, post: Post, by, reason: str = "") -> Post:
    return _set_post(post, by, "unlock_post", reason, is_locked=False)


def _set_post(post: Post, by, action: str, reason: str, **changes) -> Post:
    check_can_moderate_topic(by, post.topic)
    before = {name: getattr(post, name) for name in changes}
    Post.objects.filter(pk=post.pk).update(**changes)
    for name, value in changes.items():
        setattr(post, name, value)
    log_action(
        actor=by,
        action=action,
        target=post,
        before=before,
        after=changes,
        reason=reason,
    )
    _after_change(post.topic_id)
    return post


def delete_post(*, post: Post, by, reason: str = "") -> Post:
    """Soft-delete a reply (its author or a moderator); post 1 deletes the topic."""
    if post.is_first_post:
        delete_topic(topic=post.topic, by=by, reason=reason)
        return post
    if post.is_deleted:
        return post
    check_can_delete_post(by, post)
    is_own = post.author_id == by.id
    now = timezone.now()
    with transaction.atomic():
        # Conditional: of concurrent deletes only the one that flips the row counts.
        if not Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=by, is_solution=False
        ):
            post.refresh_from_db(fields=["deleted_at", "deleted_by", "is_solution"])
            return post
        _shift_post_counts(post, -1)
        Topic.objects.filter(pk=post.topic_id, solution=post).update(
            solution=None, solved_at=None
        )
        if not is_own:
            log_action(actor=by, action="delete_post", target=post, reason=reason)
    post.deleted_at, post.deleted_by, post.is_solution = now, by, False
    _after_change(post.topic_id)
    return post


def restore_post(*, post: Post, by, reason: str = "") -> Post:
    """Bring back a soft-deleted reply (a moderator, or its author undoing)."""
    if post.is_first_post:
        check_can_moderate_topic(by, post.topic)
        restore_topic(topic=post.topic, by=by, reason=reason)
        return post
    # Already restored (by a concurrent moderator, say): nothing to do for a
    # moderator; anyone else is refused as before.
    if not post.is_deleted:
        check_can_moderate_topic(by, post.topic)
        return post
    check_can_restore_post(by, post)
    is_undo = not can_moderate_topic(by, post.topic)
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, deleted_at__isnull=False).update(
            deleted_at=None, deleted_by=None
        ):
            post.refresh_from_db(fields=["deleted_at", "deleted_by"])
            return post
        _shift_post_counts(post, 1)
        if not is_undo:
            log_action(actor=by, action="restore_post", target=post, reason=reason)
    post.deleted_at = post.deleted_by = None
    _after_change(post.topic_id)
    return post


def delete_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Soft-delete a topic with its posts (its author or a moderator)."""
    if topic.is_deleted:
        return topic
    check_can_delete_topic(by, topic)
    is_own = topic.author_id == by.id
    now = timezone.now()
    with transaction.atomic():
        if not Topic.objects.filter(pk=topic.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=by
        ):
            topic.refresh_from_db(fields=["deleted_at", "deleted_by"])
            return topic
        # Read under the row lock the update took: the count may have moved since.
        count = Topic.objects.values_list("post_count", flat=True).get(pk=topic.pk)
        _shift_counts(topic.category_id, topics=-1, posts=-count)
        if not is_own:
            log_action(actor=by, action="delete_topic", target=topic, reason=reason)
    topic.deleted_at, topic.deleted_by = now, by
    _after_change(topic.id)
    return topic


def restore_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Bring back a soft-deleted topic."""
    check_can_moderate_topic(by, topic)
    if not topic.is_deleted:
        return topic
    with transaction.atomic():
        if not Topic.objects.filter(pk=topic.pk, deleted_at__isnull=False).update(
            deleted_at=None, deleted_by=None
        ):
            topic.refresh_from_db(fields=["deleted_at", "deleted_by"])
            return topic
        count = Topic.objects.values_list("post_count", flat=True).get(pk=topic.pk)
        _shift_counts(topic.category_id, topics=1, posts=count)
        log_action(actor=by, action="restore_topic", target=topic, reason=reason)
    topic.deleted_at = topic.deleted_by = None
    _after_change(topic.id)
    return topic


def split_topic(
    *,
    topic: Topic,
    post_numbers: list[int],
    title: str,
    category: Category,
    by,
    reason: str = "",
) -> Topic:
    """Move the chosen replies of `topic` into a new topic (e.g. an off-topic
    tangent); the first of them becomes the new topic's first post."""
    check_can_moderate_topic(by, topic)
    if not can_moderate_category(by, category):
        raise ValidationError("You can only split into a category you moderate.")
    title = validators.clean_title(title)
    numbers = sorted({n for n in post_numbers if n > 1})
    if not numbers:
        raise ValidationError(
            "Choose one or more replies (not the first post) to split."
        )
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        posts = list(
            topic.posts.filter(post_number__in=numbers).order_by("post_number")
        )
        if len(posts) != len(numbers):
            raise ValidationError("Some of the chosen posts are not in this topic.")
        first = posts[0]
        opening = topic.posts.filter(post_number=1).first()
        new_topic = Topic.objects.create(
            title=title,
            slug=_slug(title),
            category=category,
            author=first.author,
            created_at=first.created_at,
            continues_post=opening,
        )
        if opening is not None:
            Post.objects.filter(pk=opening.pk).update(has_continuations=True)
        _move_posts(posts, new_topic, start=1)
        Topic.objects.filter(pk=topic.pk, solution__in=posts).update(
            solution=None, solved_at=None
        )
        _recount(topic)
        _recount(new_topic)
        log_action(
            actor=by,
            action="split_topic",
            target=topic,
            before={"post_numbers": numbers},
            after={"new_topic": new_topic.id},
            reason=reason,
        )
    _after_change(topic.id)
    _after_change(new_topic.id)
    return new_topic


def merge_topics(*, source: Topic, target: Topic, by, reason: str = "") -> Topic:
    """Append every post of `source` to `target`, then delete `source`."""
    check_can_moderate_topic(by, source)
    check_can_moderate_topic(by, target)
    if source.pk == target.pk:
        raise ValidationError("A topic cannot be merged into itself.")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        highest = {t.pk: t.highest_post_number for t in locked}[target.pk]
        posts = list(source.posts.order_by("post_number"))
        Post.objects.filter(topic=source, is_solution=True).update(is_solution=False)
        _move_posts(posts, target, start=highest + 1)
        Topic.objects.filter(pk=source.pk).update(
            deleted_at=timezone.now(), deleted_by=by, solution=None, solved_at=None
        )
        _recount(source)
        _recount(target)
        log_action(
            actor=by,
            action="merge_topics",
            target=source,
            after={"into": target.pk},
            reason=reason,
        )
    _after_change(source.id)
    _after_change(target.id)
    return target


def _move_posts(posts: list[Post], topic: Topic, *, start: int) -> None:
    """Renumber `posts` into `topic` from `start`, keeping their order and the
    "in reply to" links that stay within the moved posts."""
    renumber = {post.post_number: start + i for i, post in enumerate(posts)}
    for post in posts:
        Post.objects.filter(pk=post.pk).update(
            topic=topic,
            post_number=renumber[post.post_number],
            reply_to_post_number=renumber.get(post.reply_to_post_number),
            is_solution=False,
        )


def _recount(topic: Topic) -> None:
    """Recompute a topic's counters and times from its posts, and its category's."""
    alive = topic.posts.filter(deleted_at__isnull=True)
    stats = alive.aggregate(
        first=Min("created_at"), last=Max("created_at"), likes=Max("like_count")
    )
    count = alive.count()
    highest = topic.posts.aggregate(n=Max("post_number"))["n"] or 0
    last_poster = alive.order_by("-post_number").values_list("author_id", flat=True)
    Topic.objects.filter(pk=topic.pk).update(
        post_count=count,
        reply_count=max(count - 1, 0),
        highest_post_number=highest,
        bumped_at=stats["last"] or topic.bumped_at,
        last_posted_at=stats["last"] or topic.last_posted_at,
        last_poster_id=last_poster.first(),
    )
    _recount_category(topic.category_id)


def _recount_category(category_id: int) -> None:
    topics = Topic.objects.filter(category_id=category_id, deleted_at__isnull=True)
    posts = Post.objects.filter(
        topic__category_id=category_id,
        topic__deleted_at__isnull=True,
        deleted_at__isnull=True,
    )
    Category.objects.filter(id=category_id).update(
        topic_count=topics.count(), post_count=posts.count()
    )


def _shift_post_counts(post: Post, delta: int) -> None:
    """A reply deleted (-1) or restored (+1): its topic's counts, and its category's
    unless the whole topic is deleted (then the category does not count it)."""
    Topic.objects.filter(pk=post.topic_id).update(
        post_count=F("post_count") + delta, reply_count=F("reply_count") + delta
    )
    topic = Topic.objects.values("category_id", "deleted_at").get(pk=post.topic_id)
    if topic["deleted_at"] is None:
        _shift_counts(topic["category_id"], posts=delta)


def _shift_counts(category_id: int, *, topics: int = 0, posts: int = 0) -> None:
    Category.objects.filter(id=category_id).update(
        topic_count=F("topic_count") + topics, post_count=F("post_count") + posts
    )


def _slug(title: str) -> str:
    return slug_for(title)


def _after_change(topic_id: int) -> None:
    events.topic_changed(topic_id)
