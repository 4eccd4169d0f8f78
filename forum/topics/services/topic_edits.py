"""Changing a topic's title, category and tags after it was posted. Every change
is a revision of its first post (who, when, before and after), shown in the
post's history; watchers of a new category or tag hear of the topic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.categories.models import Category

from .. import events, validators
from ..edit_permissions import check_can_edit_topic, move_refusal
from ..models import Post, PostRevision, Topic
from ..permissions import is_staff_or_moderator
from .posting import slug_for


def edit_topic(
    *,
    topic: Topic,
    by,
    title: str | None = None,
    category: Category | None = None,
    tags=None,
    reason: str = "",
) -> Topic:
    """Change `topic`'s title, category and/or tags (None: leave it), as its
    author within their edit window or as its moderator; one revision for all."""
    check_can_edit_topic(by, topic)
    errors = {}
    new_title = topic.title
    if title is not None:
        try:
            new_title = validators.clean_title(title)
        except ValidationError as error:
            errors["title"] = error.messages
    old_tags = sorted(topic.tags.names())
    new_tags = old_tags
    if tags is not None:
        try:
            new_tags = sorted(
                validators.clean_tags(tags, may_create=is_staff_or_moderator(by))
            )
        except ValidationError as error:
            errors["tags"] = error.messages
    moves = category is not None and category.id != topic.category_id
    if moves and (refusal := move_refusal(by, topic, category)):
        errors["category"] = [refusal]
    if errors:
        raise ValidationError(errors)
    if new_title == topic.title and new_tags == old_tags and not moves:
        return topic
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if moves and locked.category_id == category.id:
            moves = False
        record_revision(
            topic=locked,
            by=by,
            title=new_title,
            category=category if moves else None,
            tags=new_tags if new_tags != old_tags else None,
            reason=reason,
        )
        if new_title != locked.title:
            topic.title = new_title
            topic.slug = slug_for(new_title)
            topic.save(update_fields=["title", "slug"])
        if moves:
            relocate(locked, topic, category)
        if new_tags != old_tags:
            topic.tags.set(new_tags)
        events.topic_edited(
            topic,
            category_changed=moves,
            added_tags=[name for name in new_tags if name not in old_tags],
        )
    return topic


def record_revision(
    *,
    topic: Topic,
    by,
    title: str,
    category: Category | None,
    tags: list[str] | None,
    reason: str,
) -> PostRevision:
    """Note a change of `topic` (its row locked by the caller) as a revision of
    its first post: the title, and the category and tags when they change."""
    first = Post.objects.select_for_update().get(topic=topic, post_number=1)
    old_tags = sorted(topic.tags.names()) if tags is not None else []
    revision = PostRevision.objects.create(
        post=first,
        number=first.version,
        editor=by,
        created_at=timezone.now(),
        raw_before=first.raw,
        raw_after=first.raw,
        title_before=topic.title,
        title_after=title,
        category_before_id=topic.category_id if category else None,
        category_after=category,
        tags_before=old_tags,
        tags_after=tags if tags is not None else [],
        reason=reason[:255],
    )
    Post.objects.filter(pk=first.pk).update(version=F("version") + 1)
    return revision


def relocate(locked: Topic, topic: Topic, category: Category) -> None:
    """Move `topic` (whose row `locked` the caller holds) into `category`,
    carrying its counts along; a category without solutions drops its solution."""
    if not locked.is_deleted:
        _shift_counts(locked.category_id, topics=-1, posts=-locked.post_count)
        _shift_counts(category.id, topics=1, posts=locked.post_count)
    topic.category = category
    topic.save(update_fields=["category"])
    if topic.solution_id and not category.allow_solutions:
        Post.objects.filter(topic=topic, is_solution=True).update(is_solution=False)
        Topic.objects.filter(pk=topic.pk).update(solution=None, solved_at=None)
        topic.solution = None
        topic.solved_at = None


def _shift_counts(category_id: int, *, topics: int = 0, posts: int = 0) -> None:
    Category.objects.filter(id=category_id).update(
        topic_count=F("topic_count") + topics, post_count=F("post_count") + posts
    )
