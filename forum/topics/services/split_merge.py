"""Moderator actions that move posts between topics: split replies off into a
new topic, merge one topic into another. Both renumber the moved posts and
recount the topics and categories they touch."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from forum.categories.models import Category
from forum.safeguards.log import log_action

from .. import events, validators
from ..models import Post, Topic
from ..permissions import can_moderate_category, check_can_moderate_topic
from .posting import slug_for


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
            slug=slug_for(title),
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
    events.topic_changed(topic.id)
    events.topic_changed(new_topic.id)
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
    events.topic_changed(source.id)
    events.topic_changed(target.id)
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
