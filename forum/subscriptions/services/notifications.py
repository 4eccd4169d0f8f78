"""In-site notifications: who hears about a post, a like or a solution.

Services elsewhere call the `*_created`/`*_liked`/`*_accepted` functions inside
their transaction; the fan-out itself runs after commit in a Celery task.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from forum import markup
from forum.categories.permissions import category_access
from forum.topics.models import NotificationLevel, Post, TopicUser

from ..models import CategorySubscription, Notification, TagSubscription

Kind = Notification.Kind
# The order decides which single notification a member gets about one post.
PRIORITY = [
    Kind.REPLIED,
    Kind.QUOTED,
    Kind.MENTIONED,
    Kind.WATCHED_TOPIC,
    Kind.WATCHED_POST,
]
QUOTE_LINK = re.compile(r"\]\(/t/[\w-]+/(\d+)/(\d+)\)")
COUNTS_TTL = 30
# From least to most attentive, to pick a member's strongest level.
LEVEL_RANK = [0, 1, 2, 4, 3]  # muted, normal, tracking, watching first post, watching


def notify_post(post) -> tuple[list[Notification], dict[int, str]]:
    """Tell the people a new post concerns, once each, if they may see it, in the
    site; returns the notifications and who they went to (member id: kind), whom
    the task then emails per their preferences after a short delay."""
    wanted = recipients_for_post(post)
    created = _create(wanted, actor_id=post.author_id, topic=post.topic, post=post)
    return created, wanted


def recipients_for_post(post) -> dict[int, str]:
    """Who a new post concerns and why (one reason each, the strongest)."""
    topic = post.topic
    wanted: dict[int, str] = {}

    def want(user_ids, kind: str) -> None:
        for user_id in user_ids:
            current = wanted.get(user_id)
            if current is None or PRIORITY.index(kind) < PRIORITY.index(current):
                wanted[user_id] = kind

    if post.reply_to_post_number:
        want(
            topic.posts.filter(post_number=post.reply_to_post_number).values_list(
                "author_id", flat=True
            ),
            Kind.REPLIED,
        )
    want(_quoted_authors(post.raw), Kind.QUOTED)
    names = markup.mentioned_usernames(post.raw)
    if names:
        want(
            get_user_model()
            .objects.filter(username__in=names)
            .values_list("id", flat=True),
            Kind.MENTIONED,
        )
    watch_topic, watch_post = watchers(topic, is_first_post=post.post_number == 1)
    want(watch_post, Kind.WATCHED_POST)
    want(watch_topic, Kind.WATCHED_TOPIC)
    wanted.pop(post.author_id, None)
    return wanted


def notify_like(like) -> list[Notification]:
    post = like.post
    if like.user_id == post.author_id:
        return []
    return _create(
        {post.author_id: Kind.LIKED}, actor_id=like.user_id, topic=post.topic, post=post
    )


def notify_solution(post, by_id: int) -> list[Notification]:
    if by_id == post.author_id:
        return []
    return _create(
        {post.author_id: Kind.SOLUTION}, actor_id=by_id, topic=post.topic, post=post
    )


def _quoted_authors(raw: str) -> set[int]:
    pairs = {(int(t), int(n)) for t, n in QUOTE_LINK.findall(raw)}
    if not pairs:
        return set()
    topic_ids = {t for t, _ in pairs}
    rows = Post.objects.filter(topic_id__in=topic_ids).values_list(
        "topic_id", "post_number", "author_id"
    )
    return {author for t, n, author in rows if (t, n) in pairs}


def watchers(topic, *, is_first_post: bool) -> tuple[set[int], set[int]]:
    """Who follows `topic` closely enough to hear of a new post in it: those
    watching its first post (new topics only) and those watching every post. A
    topic muted by a member silences its category's and tags' levels for them."""
    levels: dict[int, int] = {}

    def follow(rows) -> None:
        for user_id, level in rows:
            current = levels.get(user_id, NotificationLevel.MUTED)
            levels[user_id] = max(current, level, key=LEVEL_RANK.index)

    category_ids = [topic.category_id, topic.category.parent_id]
    follow(
        CategorySubscription.objects.filter(
            category_id__in=[c for c in category_ids if c]
        ).values_list("user_id", "level")
    )
    follow(
        TagSubscription.objects.filter(tag__in=topic.tags.all()).values_list(
            "user_id", "level"
        )
    )
    for user_id, level in TopicUser.objects.filter(topic=topic).values_list(
        "user_id", "notification_level"
    ):
        if level == NotificationLevel.MUTED:
            levels.pop(user_id, None)
        elif level == NotificationLevel.WATCHING:
            levels[user_id] = NotificationLevel.WATCHING
    every_post = {u for u, lv in levels.items() if lv == NotificationLevel.WATCHING}
    first_post = {
        u for u, lv in levels.items() if lv == NotificationLevel.WATCHING_FIRST_POST
    }
    if is_first_post:
        return every_post | first_post, set()
    return set(), every_post


def _create(wanted: dict[int, str], *, actor_id, topic, post) -> list[Notification]:
    """Create the notifications, skipping anyone who may not see the topic now.
    Safe to run twice: a repeated event finds its notification already there."""
    created = []
    users = get_user_model().objects.filter(id__in=wanted, is_active=True)
    for user in users:
        if topic.category_id not in category_access(user).visible:
            continue
        notification, made = Notification.objects.get_or_create(
            user=user,
            kind=wanted[user.id],
            post=post,
            actor_id=actor_id,
            defaults={"topic": topic},
        )
        if made:
            created.append(notification)
            forget_counts(user)
    return created


def posts_read(*, user, topic, up_to: int) -> None:
    """Reading a post reads the notifications about it."""
    updated = Notification.objects.filter(
        user=user, topic=topic, read_at__isnull=True, post__post_number__lte=up_to
    ).update(read_at=timezone.now())
    if updated:
        forget_counts(user)


def mark_read(*, user, notification: Notification) -> None:
    """Mark one of `user`'s notifications read."""
    Notification.objects.filter(pk=notification.pk, user=user).update(
        read_at=timezone.now()
    )
    forget_counts(user)


def mark_all_read(*, user) -> int:
    """Mark all of `user`'s notifications read."""
    updated = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_counts(user)
    return updated


def counts_key(user_id: int) -> str:
    return f"header-counts:{user_id}"


def forget_counts(user) -> None:
    """Drop `user`'s cached header counts so the next page shows fresh numbers."""
    cache.delete(counts_key(user.pk))


def notify_moderation(*, user, post, kind: str) -> None:
    """Tell a post's author or its flaggers what moderation decided."""
    _create({user.pk: kind}, actor_id=None, topic=post.topic, post=post)
