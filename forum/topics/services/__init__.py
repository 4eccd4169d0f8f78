"""Every write to topics and posts. Views, admin, API and tasks call these."""

from .moderation import (
    close_topic,
    delete_post,
    delete_topic,
    hide_post,
    move_topic,
    open_topic,
    pin_topic,
    restore_post,
    restore_topic,
    unhide_post,
    unpin_topic,
)
from .posting import create_post, create_topic, edit_post, rebake_posts
from .solutions import accept_solution, unaccept_solution

__all__ = [
    "accept_solution",
    "close_topic",
    "create_post",
    "create_topic",
    "delete_post",
    "delete_topic",
    "edit_post",
    "hide_post",
    "move_topic",
    "open_topic",
    "pin_topic",
    "rebake_posts",
    "restore_post",
    "restore_topic",
    "unaccept_solution",
    "unhide_post",
    "unpin_topic",
]
