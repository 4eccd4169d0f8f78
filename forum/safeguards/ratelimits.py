"""Rate limits that keep spam and noise out: each refusal says which limit was
reached and when it lifts. Counted from the database, so they hold across every
web server and worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.timesince import timeuntil


class RateLimited(PermissionDenied):
    """A limit was reached; `retry_after` says in how many seconds it lifts."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    noun: str
    window: timedelta
    window_name: str
    setting: str


LIMITS = {
    "topic": Limit("new topics", timedelta(days=1), "per day", "FORUM_TOPICS_PER_DAY"),
    "reply": Limit(
        "replies", timedelta(minutes=1), "per minute", "FORUM_REPLIES_PER_MINUTE"
    ),
    "flag": Limit("flags", timedelta(days=1), "per day", "FORUM_FLAGS_PER_DAY"),
    "like": Limit("likes", timedelta(days=1), "per day", "FORUM_LIKES_PER_DAY"),
    "message": Limit(
        "personal messages", timedelta(hours=1), "per hour", "FORUM_MESSAGES_PER_HOUR"
    ),
}


# action -> (user, since) -> the user's rows of that action since then (with
# `created_at`); the app that owns the rows registers it in its ready().
_COUNTERS: dict[str, Callable[[Any, datetime], QuerySet]] = {}


def register_counter(action: str, counter: Callable[[Any, datetime], QuerySet]) -> None:
    """Let the limit on `action` count `counter(user, since)`."""
    _COUNTERS[action] = counter


def _recent(user, action: str, since):
    return _COUNTERS[action](user, since)


def limit_for(user, action: str) -> int:
    """The number allowed in the window for `user`'s trust level (0, 1 or 2+)."""
    by_level = getattr(settings, LIMITS[action].setting)
    level = min(getattr(user, "trust_level", 2), len(by_level) - 1)
    return by_level[level]


def check_rate_limit(user, action: str) -> None:
    """Raise RateLimited when `user` may not do `action` again yet."""
    if user.is_staff or getattr(user, "is_moderator", False):
        return
    limit = LIMITS[action]
    allowed = limit_for(user, action)
    now = timezone.now()
    recent = _recent(user, action, now - limit.window).order_by("created_at")
    times = list(recent.values_list("created_at", flat=True)[:allowed])
    if len(times) < allowed:
        return
    lifts_at = times[0] + limit.window if times else now + limit.window
    raise RateLimited(
        f"You have reached the limit of {allowed} {limit.noun} {limit.window_name}. "
        f"You can do this again in {timeuntil(lifts_at, now)}.",
        retry_after=max(1, int((lifts_at - now).total_seconds())),
    )
