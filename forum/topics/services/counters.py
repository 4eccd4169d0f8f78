"""The denormalised counters, recomputed from the rows they count.

Services keep these counters with F() updates; this is the auditor's side: it
finds every counter that differs from a fresh count (`find_counter_drift`) and
sets it right (`fix_counter_drift`), for `manage.py check_counters [--fix]` and
for the concurrency tests, which must end with no drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from forum.categories.models import Category

from ..models import Like, Post, Topic


@dataclass(frozen=True)
class Drift:
    model: str
    pk: int
    field: str
    stored: int
    actual: int

    def __str__(self) -> str:
        return f"{self.model} {self.pk} {self.field}: {self.stored} -> {self.actual}"


def _count(queryset) -> Coalesce:
    grouped = queryset.order_by().annotate(one=Value(1)).values("one")
    counted = grouped.annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _counters() -> list[tuple[str, type, dict]]:
    """(name, model, {counter: expression of its true value}) for every counter."""
    topic = OuterRef("pk")
    alive_posts = _count(Post.objects.filter(topic=topic, deleted_at__isnull=True))
    highest = (
        Post.objects.filter(topic=topic)
        .order_by()
        .values("topic")
        .annotate(n=Max("post_number"))
        .values("n")
    )
    user_model = get_user_model()
    return [
        (
            "topic",
            Topic,
            {
                "post_count": alive_posts,
                "reply_count": Greatest(alive_posts, 1) - 1,
                "like_count": _count(Like.objects.filter(post__topic=topic)),
                "highest_post_number": Coalesce(
                    Subquery(highest, output_field=IntegerField()), 0
                ),
            },
        ),
        (
            "post",
            Post,
            {"like_count": _count(Like.objects.filter(post=OuterRef("pk")))},
        ),
        (
            "category",
            Category,
            {
                "topic_count": _count(
                    Topic.objects.filter(
                        category=OuterRef("pk"), deleted_at__isnull=True
                    )
                ),
                "post_count": _count(
                    Post.objects.filter(
                        topic__category=OuterRef("pk"),
                        topic__deleted_at__isnull=True,
                        deleted_at__isnull=True,
                    )
                ),
            },
        ),
        (
            "user",
            user_model,
            {
                "likes_received": _count(
                    Like.objects.filter(post__author=OuterRef("pk"))
                )
            },
        ),
    ]


def find_counter_drift() -> list[Drift]:
    """Every stored counter that differs from a fresh count of its rows."""
    drift = []
    for name, model, counters in _counters():
        actual = {f"actual_{field}": value for field, value in counters.items()}
        rows = model.objects.annotate(**actual).values("pk", *counters, *actual)
        for row in rows.iterator(chunk_size=2000):
            drift.extend(
                Drift(name, row["pk"], field, row[field], row[f"actual_{field}"])
                for field in counters
                if row[field] != row[f"actual_{field}"]
            )
    return drift


def fix_counter_drift() -> list[Drift]:
    """Set every drifted counter to its true value, counted again at the moment of
    the update (so a write in between is not overwritten); returns what was found."""
    drift = find_counter_drift()
    with transaction.atomic():
        for name, model, counters in _counters():
            for field, value in counters.items():
                ids = [d.pk for d in drift if d.model == name and d.field == field]
                if ids:
                    model.objects.filter(pk__in=ids).update(**{field: value})
    return drift
