"""What happens after a post or topic changes, one named function per event.

Each function is called by every place that causes its event, inside the write's
transaction; after that transaction commits, the handlers that the reacting apps
registered in their AppConfig.ready() run (notifications and email, the search
index, the anonymous page cache), in the order of HANDLER_ORDER. A handler that
fails is logged and the others still run. `topics` imports none of those apps:
they depend on it, not the reverse.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

POST_CREATED = "post_created"
POST_EDITED = "post_edited"
POST_LIKED = "post_liked"
POST_UNLIKED = "post_unliked"
SOLUTION_ACCEPTED = "solution_accepted"
SOLUTION_UNACCEPTED = "solution_unaccepted"
TOPIC_CHANGED = "topic_changed"
EVENTS = (
    POST_CREATED,
    POST_EDITED,
    POST_LIKED,
    POST_UNLIKED,
    SOLUTION_ACCEPTED,
    SOLUTION_UNACCEPTED,
    TOPIC_CHANGED,
)

# The one place that orders the reactions: who reacts first to every event.
# Uploads first: which uploads a post uses decides who may fetch them.
HANDLER_ORDER = ("uploads", "subscriptions", "search", "page_cache")

_handlers: dict[str, dict[str, Callable[..., Any]]] = {event: {} for event in EVENTS}


def register(event: str, reactor: str, handler: Callable[..., Any]) -> None:
    """Have `handler(**payload)` run after each `event` commits; `reactor` names
    the reacting app, one of HANDLER_ORDER."""
    if event not in _handlers:
        raise ValueError(f"Unknown event {event!r}; known: {', '.join(EVENTS)}.")
    if reactor not in HANDLER_ORDER:
        raise ValueError(f"Place {reactor!r} in topics.events.HANDLER_ORDER.")
    _handlers[event][reactor] = handler


def _run(event: str, payload: dict[str, Any]) -> None:
    handlers = _handlers[event]
    for reactor in HANDLER_ORDER:
        handler = handlers.get(reactor)
        if handler is None:
            continue
        try:
            handler(**payload)
        except Exception:
            logger.exception("The %s handler of %s failed", reactor, event)


def dispatch(event: str, **payload: Any) -> None:
    """The single dispatch point: run `event`'s handlers once the current
    transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: _run(event, payload))


def post_created(post) -> None:
    """A topic's first post or a reply was created."""
    dispatch(POST_CREATED, post=post)


def post_edited(post) -> None:
    """A post's text (and for a first post maybe its topic's title) changed."""
    dispatch(POST_EDITED, post=post)


def post_liked(like) -> None:
    dispatch(POST_LIKED, like=like)


def post_unliked(post) -> None:
    dispatch(POST_UNLIKED, post=post)


def solution_accepted(post, by) -> None:
    """`by` marked `post` as its topic's solution."""
    dispatch(SOLUTION_ACCEPTED, post=post, by=by)


def solution_unaccepted(topic) -> None:
    dispatch(SOLUTION_UNACCEPTED, topic=topic)


def topic_changed(topic_id: int) -> None:
    """A moderator changed a topic or its posts: moved, pinned, closed, listed,
    split, merged, a post hidden, deleted or restored."""
    dispatch(TOPIC_CHANGED, topic_id=topic_id)
