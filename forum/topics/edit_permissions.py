"""Who may change a topic's title, category and tags, and move it: its
moderators always, its author within the edit window of their trust level
(FORUM_TOPIC_EDIT_DAYS, a live setting) and into categories where they may start
topics. Each `*_refusal` says why not ("" when they may)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forum.categories.permissions import can_create_topic, can_moderate_category
from forum.core import live

from .models import Topic
from .permissions import can_moderate_topic, can_see_topic


def topic_edit_window(user) -> timedelta:
    """How long after starting a topic `user` may change its title, category
    and tags (FORUM_TOPIC_EDIT_DAYS, by trust level)."""
    days = live.get("FORUM_TOPIC_EDIT_DAYS")
    return timedelta(days=days[min(user.trust_level, len(days) - 1)])


def topic_edit_refusal(user, topic: Topic) -> str:
    """Why `user` may not change `topic`'s title, category and tags ("" if they
    may): its moderators always; its author in the edit window of their trust
    level, while the topic and its first post are open to them."""
    if not user.is_authenticated or not user.is_active:
        return "Sign in to edit topics."
    if not can_see_topic(user, topic):
        return "You may not see this topic."
    if can_moderate_topic(user, topic):
        return ""
    if topic.author_id != user.id:
        return "Only its author and moderators may edit a topic."
    if user.is_silenced:
        return "You are silenced: you can read, but not edit."
    if topic.is_deleted or topic.is_archived:
        return "This topic is archived or deleted; it can no longer be edited."
    window = topic_edit_window(user)
    if topic.created_at < timezone.now() - window:
        return (
            f"Authors may change a topic's title, category and tags for "
            f"{window.days} days after starting it; ask a moderator to change it now."
        )
    return ""


def can_edit_topic(user, topic: Topic) -> bool:
    return not topic_edit_refusal(user, topic)


def check_can_edit_topic(user, topic: Topic) -> None:
    if refusal := topic_edit_refusal(user, topic):
        raise PermissionDenied(refusal)


def move_refusal(user, topic: Topic, category) -> str:
    """Why `user` may not move `topic` into `category` ("" if they may):
    moderators move into the categories they moderate, authors into those where
    they may start topics."""
    if can_moderate_topic(user, topic):
        if can_moderate_category(user, category):
            return ""
        return "You can only move topics into categories you moderate."
    if not can_create_topic(user, category):
        return (
            f"You can't start topics in “{category.name}”, so you can't move "
            "your topic there."
        )
    return ""
