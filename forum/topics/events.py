"""What the posting services tell the apps that react to posts.

A higher app registers a handler at start-up (in its AppConfig.ready); topics
calls them without importing the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Post

PostHandler = Callable[["Post"], None]

_post_saved: list[PostHandler] = []


def on_post_saved(handler: PostHandler) -> None:
    """Call `handler(post)` whenever a post is created or its text is edited."""
    if handler not in _post_saved:
        _post_saved.append(handler)


def post_saved(post: Post) -> None:
    """Run in the saving transaction, so what handlers write commits with the post."""
    for handler in _post_saved:
        handler(post)
