"""Rate limits that keep spam and noise out: each refusal says which limit was
reached and when it lifts. Counted from the database, so they hold across every
web server and worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
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
}


def _recent(user, action: str, since):
    from forum.topics.models import Like, Post, Topic

    from .models import Flag

    if action == "topic":
        return Topic.objects.filter(author=user, created_at__gte=since)
    if action == "reply":
        return Post.objects.filter(
            author=user, post_number__gt=1, created_at__gte=since
        )
    if action == "flag":
        return Flag.objects.filter(user=user, created_at__gte=since)
    return Like.objects.filter(user=user, created_at__gte=since)


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
