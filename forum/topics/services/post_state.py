"""Moderator actions on one post's state: hide, lock, delete and restore (its
author may delete, and undo that). Each checks the permission and lands in the
staff action log, except an author's own delete and its undo."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.safeguards.log import log_action

from .. import events
from ..models import Post, Topic
from ..permissions import (
    can_moderate_topic,
    check_can_delete_post,
    check_can_moderate_topic,
    check_can_restore_post,
)
from .topic_state import delete_topic, restore_topic, shift_category_counts


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
    events.topic_changed(post.topic_id)
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
    events.topic_changed(post.topic_id)
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
    events.topic_changed(post.topic_id)
    return post


def _shift_post_counts(post: Post, delta: int) -> None:
    """A reply deleted (-1) or restored (+1): its topic's counts, and its category's
    unless the whole topic is deleted (then the category does not count it)."""
    Topic.objects.filter(pk=post.topic_id).update(
        post_count=F("post_count") + delta, reply_count=F("reply_count") + delta
    )
    topic = Topic.objects.values("category_id", "deleted_at").get(pk=post.topic_id)
    if topic["deleted_at"] is None:
        shift_category_counts(topic["category_id"], posts=delta)
