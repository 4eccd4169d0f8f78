"""Trust levels: reading statistics and Discourse-like automatic promotion.

Level 0 (new) members are limited (forum.topics.limits); reading a little lifts them
to level 1, and coming back, reading and posting over weeks to level 2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import TrustLevel, User, UserStats

# A visit is recorded at most this often per member (seconds); the cache
# remembers the last one, so ordinary page views never write.
VISIT_INTERVAL = 10 * 60

# The posts a member wrote are rows of topics, which stands above accounts: it
# registers how to count them here in its AppConfig.ready().
_counters: dict[str, Callable[[User], int]] = {}


def register_counter(name: str, counter: Callable[[User], int]) -> None:
    """Let promotion count `name` ("posts": a member's live posts) with `counter`."""
    _counters[name] = counter


def _count(name: str, user: User) -> int:
    if name not in _counters:
        raise LookupError(f"No app registered how to count a member's {name}.")
    return _counters[name](user)


@dataclass(frozen=True)
class Requirements:
    days_visited: int
    topics_entered: int
    posts_read: int
    minutes_read: int
    posts: int


def requirements(level: int) -> Requirements:
    """What a member needs (at least) to reach `level` (1 or 2)."""
    if level == TrustLevel.BASIC:
        return Requirements(
            days_visited=0,
            topics_entered=settings.FORUM_TL1_MIN_TOPICS_ENTERED,
            posts_read=settings.FORUM_TL1_MIN_POSTS_READ,
            minutes_read=settings.FORUM_TL1_MIN_MINUTES_READ,
            posts=0,
        )
    return Requirements(
        days_visited=settings.FORUM_TL2_MIN_DAYS_VISITED,
        topics_entered=settings.FORUM_TL2_MIN_TOPICS_ENTERED,
        posts_read=settings.FORUM_TL2_MIN_POSTS_READ,
        minutes_read=settings.FORUM_TL2_MIN_MINUTES_READ,
        posts=settings.FORUM_TL2_MIN_POSTS,
    )


def describe(level: int) -> str:
    """The requirements for `level` in words, for messages and the docs."""
    needs = requirements(level)
    parts = [
        f"{needs.days_visited} days visited" if needs.days_visited else "",
        f"{needs.topics_entered} topics entered",
        f"{needs.posts_read} posts read",
        f"{needs.minutes_read} minutes spent reading",
        f"{needs.posts} posts written" if needs.posts else "",
    ]
    return ", ".join(part for part in parts if part)


def record_visit(user: User) -> UserStats:
    """Mark `user` as seen now; the first visit of a day counts a day visited."""
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        stats, _ = UserStats.objects.get_or_create(user=user)
        # The condition makes a second run on the same day change nothing.
        UserStats.objects.filter(pk=user.pk).exclude(last_visit_on=today).update(
            days_visited=F("days_visited") + 1, last_visit_on=today
        )
        User.objects.filter(pk=user.pk).update(last_seen_at=now)
    promote_if_eligible(user)
    return stats


def record_reading(
    *, user: User, topics_entered: int, posts_read: int, seconds: int
) -> None:
    """Add a batch of reading (from read tracking) to `user`'s statistics."""
    if topics_entered < 0 or posts_read < 0 or seconds < 0:
        raise ValueError("Reading statistics only grow.")
    UserStats.objects.get_or_create(user=user)
    UserStats.objects.filter(pk=user.pk).update(
        topics_entered=F("topics_entered") + topics_entered,
        posts_read=F("posts_read") + posts_read,
        seconds_read=F("seconds_read") + seconds,
    )
    promote_if_eligible(user)


def _meets(stats: UserStats, posts: int, needs: Requirements) -> bool:
    return (
        stats.days_visited >= needs.days_visited
        and stats.topics_entered >= needs.topics_entered
        and stats.posts_read >= needs.posts_read
        and stats.seconds_read >= needs.minutes_read * 60
        and posts >= needs.posts
    )


def promote_if_eligible(user: User) -> int:
    """Raise `user`'s trust level as far as their statistics allow; never lower it."""
    level = User.objects.values_list("trust_level", flat=True).get(pk=user.pk)
    if level >= TrustLevel.MEMBER:
        return level
    stats = UserStats.objects.filter(pk=user.pk).first() or UserStats(user=user)
    posts = _count("posts", user)
    new_level = level
    for candidate in (TrustLevel.BASIC, TrustLevel.MEMBER):
        if candidate > new_level and _meets(stats, posts, requirements(candidate)):
            new_level = candidate
    if new_level != level:
        # Only upwards: two promotions racing both end at the higher level.
        User.objects.filter(pk=user.pk, trust_level__lt=new_level).update(
            trust_level=new_level
        )
    user.trust_level = new_level
    return new_level
