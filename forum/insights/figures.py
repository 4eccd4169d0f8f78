"""The community's figures over a period: what the staff dashboard charts and the
public /about page shows. Each is one aggregate query (grouped by day or by
category), so they stay fast on a large forum."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from forum.categories.models import Category
from forum.mailin.models import IncomingMessage, SentMail
from forum.moderation.models import Flag
from forum.topics.models import Post, Topic

PERIODS = {7: "7 days", 30: "30 days", 90: "90 days", 365: "a year"}


@dataclass(frozen=True)
class Period:
    days: int
    start: datetime
    end: datetime

    @classmethod
    def last(cls, days: int, *, now: datetime | None = None) -> Period:
        end = now or timezone.now()
        return cls(days=days, start=end - timedelta(days=days), end=end)

    @property
    def dates(self) -> list[date]:
        first = timezone.localdate(self.start)
        return [first + timedelta(days=n) for n in range(self.days + 1)]


@dataclass(frozen=True)
class CategoryHealth:
    category: Category
    questions: int
    solved: int
    median_hours_to_first_reply: float | None
    median_hours_to_solution: float | None

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.questions if self.questions else None


def _per_day(rows: QuerySet, field: str, period: Period, value=None) -> list[int]:
    counts = dict(
        rows.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=value or Count("pk"))
        .values_list("day", "n")
    )
    return [counts.get(day, 0) for day in period.dates]


def daily_series(period: Period) -> dict[str, list[int]]:
    """Counts per day, oldest first, one list per figure (see `Period.dates`)."""
    users = get_user_model().objects.filter(is_active=True)
    posts = Post.objects.filter(deleted_at__isnull=True)
    return {
        "sign-ups": _per_day(users, "date_joined", period),
        "active members": _per_day(
            posts, "created_at", period, Count("author", distinct=True)
        ),
        "new topics": _per_day(
            Topic.objects.filter(deleted_at__isnull=True), "created_at", period
        ),
        "posts": _per_day(posts, "created_at", period),
        "flags handled": _per_day(
            Flag.objects.exclude(resolved_at=None), "resolved_at", period
        ),
        "emails sent": _per_day(SentMail.objects.all(), "sent_at", period),
        "emails bounced": _per_day(
            IncomingMessage.objects.filter(status=IncomingMessage.Status.BOUNCE),
            "created_at",
            period,
        ),
    }


def active_members(period: Period) -> int:
    """Members who posted in the period, each counted once (the daily series
    counts a member on every day they posted)."""
    return (
        Post.objects.filter(
            deleted_at__isnull=True,
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .values("author")
        .distinct()
        .count()
    )


def _hours(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 3600


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(statistics.median(known), 1) if known else None


def category_health(period: Period, viewer) -> list[CategoryHealth]:
    """Per Q&A category the viewer sees: questions asked in the period, how many
    are solved, and the median hours to a first reply and to the solution."""
    categories = list(
        Category.objects.visible_to(viewer)
        .filter(allow_solutions=True)
        .order_by("position")
    )
    first_reply = (
        Post.objects.filter(topic=OuterRef("pk"), post_number__gt=1, deleted_at=None)
        .order_by()
        .values("topic")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    rows = (
        Topic.objects.filter(
            category__in=categories,
            deleted_at=None,
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .annotate(first_reply_at=Subquery(first_reply))
        .values_list("category_id", "created_at", "first_reply_at", "solved_at")
    )
    by_category: dict[int, list[tuple]] = {category.id: [] for category in categories}
    for category_id, created, replied, solved in rows:
        by_category[category_id].append((created, replied, solved))
    return [
        CategoryHealth(
            category=category,
            questions=len(topics),
            solved=sum(1 for _, _, solved in topics if solved is not None),
            median_hours_to_first_reply=_median([_hours(c, r) for c, r, _ in topics]),
            median_hours_to_solution=_median([_hours(c, s) for c, _, s in topics]),
        )
        for category in categories
        for topics in [by_category[category.id]]
    ]


def unanswered_questions(viewer, *, older_than_days: int, limit: int = 20) -> QuerySet:
    """Open questions in Q&A categories with no reply for `older_than_days`."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return (
        Topic.objects.visible_to(viewer)
        .listed()
        .filter(
            category__allow_solutions=True,
            reply_count=0,
            is_closed=False,
            created_at__lt=cutoff,
        )
        .select_related("category")
        .order_by("created_at")[:limit]
    )


def public_figures() -> dict[str, int]:
    """What /about shows everyone: counts of public content and of members."""
    anonymous = AnonymousUser()
    now = timezone.now()
    topics = Topic.objects.visible_to(anonymous).listed()
    posts = Post.objects.filter(topic__in=topics, deleted_at=None, is_hidden=False)
    totals = topics.aggregate(
        topics=Count("pk"),
        solved=Count("pk", filter=Q(solution__isnull=False)),
        topics_last_30_days=Count(
            "pk", filter=Q(created_at__gte=now - timedelta(days=30))
        ),
    )
    totals["posts"] = posts.count()
    totals["members"] = get_user_model().objects.filter(is_active=True).count()
    totals["active_members_last_30_days"] = (
        get_user_model()
        .objects.filter(is_active=True, last_seen_at__gte=now - timedelta(days=30))
        .count()
    )
    return totals
