"""Moderator actions on topics and posts. Deleting is soft: everything is restorable."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.search.tasks import schedule_index

from ..models import Post, Topic
from ..permissions import check_is_moderator, is_moderator


def _set_topic_flags(topic: Topic, by, **flags) -> Topic:
    check_is_moderator(by)
    for name, value in flags.items():
        setattr(topic, name, value)
    topic.save(update_fields=list(flags))
    schedule_index(topic.id)
    return topic


def pin_topic(*, topic: Topic, by, globally: bool = False) -> Topic:
    """Pin `topic` at the top of its category, or of every list when `globally`."""
    return _set_topic_flags(topic, by, is_pinned=True, is_pinned_globally=globally)


def unpin_topic(*, topic: Topic, by) -> Topic:
    """Let `topic` fall back into its place by activity."""
    return _set_topic_flags(topic, by, is_pinned=False, is_pinned_globally=False)


def close_topic(*, topic: Topic, by) -> Topic:
    """Stop `topic` taking replies."""
    return _set_topic_flags(topic, by, is_closed=True)


def open_topic(*, topic: Topic, by) -> Topic:
    """Let `topic` take replies again."""
    return _set_topic_flags(topic, by, is_closed=False)


def move_topic(*, topic: Topic, category: Category, by) -> Topic:
    """Move `topic` to `category`, carrying its counts along."""
    check_is_moderator(by)
    if category.id not in category_access(by).visible:
        raise ValidationError("You cannot move a topic into a category you cannot see.")
    if category.id == topic.category_id:
        return topic
    with transaction.atomic():
        if not topic.is_deleted:
            Category.objects.filter(id=topic.category_id).update(
                topic_count=F("topic_count") - 1,
                post_count=F("post_count") - topic.post_count,
            )
            Category.objects.filter(id=category.id).update(
                topic_count=F("topic_count") + 1,
                post_count=F("post_count") + topic.post_count,
            )
        topic.category = category
        topic.save(update_fields=["category"])
        if topic.solution_id and not category.allow_solutions:
            Post.objects.filter(topic=topic, is_solution=True).update(is_solution=False)
            topic.solution = None
            topic.save(update_fields=["solution"])
        schedule_index(topic.id)
    return topic


def hide_post(*, post: Post, by) -> Post:
    """Hide `post` behind a notice; its text stays and can be shown again."""
    check_is_moderator(by)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    schedule_index(post.topic_id)
    post.is_hidden = True
    return post


def unhide_post(*, post: Post, by) -> Post:
    """Show a hidden post again."""
    check_is_moderator(by)
    Post.objects.filter(pk=post.pk).update(is_hidden=False)
    schedule_index(post.topic_id)
    post.is_hidden = False
    return post


def delete_post(*, post: Post, by) -> Post:
    """Soft-delete a reply (author or moderator); post 1 deletes the whole topic."""
    if post.is_first_post:
        delete_topic(topic=post.topic, by=by)
        return post
    if not (is_moderator(by) or post.author_id == by.id):
        check_is_moderator(by)
    if post.is_deleted:
        return post
    now = timezone.now()
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(
            deleted_at=now, deleted_by=by, is_solution=False
        )
        Topic.objects.filter(pk=post.topic_id).update(
            post_count=F("post_count") - 1, reply_count=F("reply_count") - 1
        )
        Topic.objects.filter(pk=post.topic_id, solution=post).update(solution=None)
        Category.objects.filter(id=post.topic.category_id).update(
            post_count=F("post_count") - 1
        )
        schedule_index(post.topic_id)
    post.deleted_at, post.deleted_by, post.is_solution = now, by, False
    return post


def restore_post(*, post: Post, by) -> Post:
    """Bring back a soft-deleted reply."""
    check_is_moderator(by)
    if post.is_first_post:
        restore_topic(topic=post.topic, by=by)
        return post
    if not post.is_deleted:
        return post
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(deleted_at=None, deleted_by=None)
        Topic.objects.filter(pk=post.topic_id).update(
            post_count=F("post_count") + 1, reply_count=F("reply_count") + 1
        )
        Category.objects.filter(id=post.topic.category_id).update(
            post_count=F("post_count") + 1
        )
        schedule_index(post.topic_id)
    post.deleted_at = post.deleted_by = None
    return post


def delete_topic(*, topic: Topic, by) -> Topic:
    """Soft-delete a topic with its posts (its author or a moderator)."""
    if not (is_moderator(by) or topic.author_id == by.id):
        check_is_moderator(by)
    if topic.is_deleted:
        return topic
    now = timezone.now()
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(deleted_at=now, deleted_by=by)
        Category.objects.filter(id=topic.category_id).update(
            topic_count=F("topic_count") - 1,
            post_count=F("post_count") - topic.post_count,
        )
        schedule_index(topic.id)
    topic.deleted_at, topic.deleted_by = now, by
    return topic


def restore_topic(*, topic: Topic, by) -> Topic:
    """Bring back a soft-deleted topic."""
    check_is_moderator(by)
    if not topic.is_deleted:
        return topic
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(deleted_at=None, deleted_by=None)
        Category.objects.filter(id=topic.category_id).update(
            topic_count=F("topic_count") + 1,
            post_count=F("post_count") + topic.post_count,
        )
        schedule_index(topic.id)
    topic.deleted_at = topic.deleted_by = None
    return topic
