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

from . import outbox

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


def _run(
    event: str, payload: dict[str, Any], skip: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Run the handlers of `event` except those in `skip`; returns the reactors
    that handled it (skipped ones included) and those that failed."""
    handlers = _handlers[event]
    done, failed = list(skip), []
    for reactor in HANDLER_ORDER:
        handler = handlers.get(reactor)
        if handler is None or reactor in skip:
            continue
        try:
            handler(**payload)
        except Exception:
            logger.exception("The %s handler of %s failed", reactor, event)
            failed.append(reactor)
        else:
            done.append(reactor)
    return done, failed


def dispatch(event: str, **payload: Any) -> None:
    """The single dispatch point: note `event` in the outbox with the write, and
    run its handlers once the transaction commits (at once outside one). What
    fails then is replayed by `drain_outbox`."""
    pending = outbox.record(event, payload)

    def run() -> None:
        outbox.settle(pending, *_run(event, payload))

    transaction.on_commit(run, robust=True)


def drain_outbox() -> int:
    """Replay the events whose handlers did not all run; returns how many were
    settled. Safe to run twice: a reactor that handled an event is skipped."""
    settled = 0
    for pending in outbox.due():
        payload = outbox.load(pending)
        if payload is None:  # its post or topic is gone: nothing left to do
            outbox.settle(pending, pending.done, [])
            continue
        pending.attempts += 1
        pending.save(update_fields=["attempts"])
        done, failed = _run(pending.event, payload, tuple(pending.done))
        outbox.settle(pending, done, failed)
        settled += not failed
    return settled


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


# Notices about a member's reading run at once, in the request, without the
# outbox: a read report comes every few seconds, and the next one repeats what a
# missed one said. Subscriptions listens (notifications of read posts are read,
# the header's cached counts forgotten), registered in its AppConfig.ready().
POSTS_READ = "posts_read"
LIST_DISMISSED = "list_dismissed"
_listeners: dict[str, list[Callable[..., Any]]] = {POSTS_READ: [], LIST_DISMISSED: []}


def listen(notice: str, listener: Callable[..., Any]) -> None:
    """Have `listener(**details)` run each time `notice` is given (once, however
    often it is registered)."""
    if listener not in _listeners[notice]:
        _listeners[notice].append(listener)


def posts_read(*, user, topic, up_to: int) -> None:
    """`user` has read `topic` up to post number `up_to`."""
    for listener in _listeners[POSTS_READ]:
        listener(user=user, topic=topic, up_to=up_to)


def list_dismissed(user) -> None:
    """`user` dismissed their unread or new topics."""
    for listener in _listeners[LIST_DISMISSED]:
        listener(user=user)
