"""Make the seeded demo look lived in: when people joined and were last seen,
when questions were solved, and how often topics were read, all consistent with
the back-dated posts. Deterministic (no randomness), and it never undoes what
real use of the demo has done: views only grow, sign-ins keep their time."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from django.db.models import Max, Min
from django.utils import timezone

from accounts.models import User
from forum.topics.models import Post, Topic

from .fixtures_format import load_yaml


def jitter(key: str, spread: int) -> int:
    """A stable number in [0, spread) for `key`: varied, yet the same every run."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % spread


def bring_to_life(fixtures_dir: Path) -> None:
    """Settle dates, solutions and views of everything seeded from `fixtures_dir`."""
    now = timezone.now()
    seeded = Topic.objects.filter(posts__seed_record__isnull=False).distinct()
    _settle_solutions(seeded, now)
    _settle_views(seeded)
    usernames = [spec["username"] for spec in load_yaml(fixtures_dir / "users.yaml")]
    _settle_people(User.objects.filter(username__in=usernames), now)


def _settle_solutions(topics, now) -> None:
    # The asker marks the answer a little after it arrived, not when seeding ran.
    for topic in topics.filter(solution__isnull=False).select_related("solution"):
        solved_at = min(
            topic.solution.created_at
            + timedelta(hours=1 + jitter(f"solved {topic.title}", 20)),
            now,
        )
        if topic.solved_at != solved_at:
            Topic.objects.filter(pk=topic.pk).update(solved_at=solved_at)


def _settle_views(topics) -> None:
    # Readers outnumber writers: a few dozen views for every reply and like,
    # more for older topics.
    for topic in topics.only("pk", "created_at", "reply_count", "like_count"):
        age_days = (timezone.now() - topic.created_at).days
        views = (
            15
            + 9 * topic.reply_count
            + 4 * topic.like_count
            + age_days // 3
            + jitter(f"views {topic.title}", 40)
        )
        Topic.objects.filter(pk=topic.pk, view_count__lt=views).update(view_count=views)


def _settle_people(users, now) -> None:
    activity = {
        row["author_id"]: row
        for row in Post.objects.filter(author__in=users)
        .values("author_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
    }
    earliest = Post.objects.aggregate(first=Min("created_at"))["first"] or now
    for user in users:
        row = activity.get(user.pk)
        first = row["first"] if row else earliest
        joined = first - timedelta(days=3 + jitter(f"joined {user.username}", 60))
        # Seen after their last post, and most of them in the last two weeks:
        # people read far more often than they write.
        last = row["last"] if row else first
        recently = now - timedelta(hours=1 + jitter(f"seen {user.username}", 14 * 24))
        seen = min(now, max(last + timedelta(hours=2), recently))
        changes = {}
        if user.date_joined > joined:
            changes["date_joined"] = joined
        if user.last_seen_at is None or user.last_seen_at < seen:
            changes["last_seen_at"] = seen
        if changes:
            User.objects.filter(pk=user.pk).update(**changes)
