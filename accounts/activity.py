"""What a member's profile and activity pages show of what they wrote.

Their posts and topics are rows of topics, which stands above accounts: it
registers the two reads here in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_reads: dict[str, Callable[..., Any]] = {}


def register(*, recent_posts: Callable[..., list], counts: Callable[..., dict]) -> None:
    """`recent_posts(viewer, member, limit)`: the member's latest posts the viewer
    may see; `counts(viewer, member)`: their topics, replies, solutions and likes
    received, counting only what the viewer may see."""
    _reads.update(recent_posts=recent_posts, counts=counts)


def _read(name: str) -> Callable[..., Any]:
    if name not in _reads:
        raise LookupError("No app registered what members wrote (forum.topics).")
    return _reads[name]


def recent_posts(viewer, member, limit: int) -> list:
    return _read("recent_posts")(viewer, member, limit)


def counts(viewer, member) -> dict:
    return _read("counts")(viewer, member)
