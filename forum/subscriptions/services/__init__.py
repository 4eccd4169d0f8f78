"""Every write of the subscriptions app: notifications, levels, emails, digests."""

from .levels import reset_feed_token, set_category_level, set_tag_level, set_topic_level
from .messages import messages_read, notify_invited, notify_message
from .notifications import (
    COUNTS_TTL,
    counts_key,
    forget_counts,
    mark_all_read,
    mark_read,
    notify_like,
    notify_moderation,
    notify_post,
    notify_solution,
    notify_topic_edit,
    posts_read,
)

__all__ = [
    "COUNTS_TTL",
    "counts_key",
    "forget_counts",
    "mark_all_read",
    "mark_read",
    "messages_read",
    "notify_invited",
    "notify_like",
    "notify_message",
    "notify_moderation",
    "notify_post",
    "notify_solution",
    "notify_topic_edit",
    "posts_read",
    "reset_feed_token",
    "set_category_level",
    "set_tag_level",
    "set_topic_level",
]
