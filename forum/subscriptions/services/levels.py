"""Notification levels: how closely a member follows a category, tag or topic."""

from __future__ import annotations

import secrets

from django.http import Http404
from taggit.models import Tag

from forum.categories.models import Category
from forum.categories.permissions import can_see_category
from forum.topics.levels import NotificationLevel
from forum.topics.models import Topic, TopicUser
from forum.topics.permissions import can_see_tag, can_see_topic

from ..models import CategorySubscription, FeedToken, TagSubscription


def set_category_level(*, user, category: Category, level: int) -> None:
    """Watch, track, watch first posts, mute or reset (normal) a category."""
    if not can_see_category(user, category):
        raise Http404("No such category.")
    if level == NotificationLevel.NORMAL:
        CategorySubscription.objects.filter(user=user, category=category).delete()
        return
    CategorySubscription.objects.update_or_create(
        user=user, category=category, defaults={"level": level}
    )


def set_tag_level(*, user, tag: Tag, level: int) -> None:
    """Watch, track, watch first posts, mute or reset (normal) a tag."""
    if not can_see_tag(user, tag):
        raise Http404("No such tag.")
    if level == NotificationLevel.NORMAL:
        TagSubscription.objects.filter(user=user, tag=tag).delete()
        return
    TagSubscription.objects.update_or_create(
        user=user, tag=tag, defaults={"level": level}
    )


def set_topic_level(*, user, topic: Topic, level: int) -> None:
    """Watch, track, mute or reset (normal) a topic."""
    if not can_see_topic(user, topic):
        raise Http404("No such topic.")
    if level == NotificationLevel.WATCHING_FIRST_POST:
        level = NotificationLevel.WATCHING
    TopicUser.objects.update_or_create(
        user=user, topic=topic, defaults={"notification_level": level}
    )


def reset_feed_token(*, user) -> FeedToken:
    """Give `user` a new secret for their personal feed URLs (the old ones stop)."""
    token, _ = FeedToken.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token
