"""The categories landing page: visible categories with their latest topics."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from forum.topics.models import Topic

from .models import Category

LATEST_PER_CATEGORY = 3


@dataclass
class CategoryRow:
    category: Category
    subcategories: list[Category] = field(default_factory=list)
    topic_count: int = 0
    latest_topics: list[Topic] = field(default_factory=list)


def category_overview(user) -> list[CategoryRow]:
    """Top-level categories `user` may see, with their visible subcategories, the
    topic counts of both, and the latest topics of each (in two queries)."""
    categories = list(Category.objects.visible_to(user).order_by("position", "name"))
    rows = {c.id: CategoryRow(category=c) for c in categories if c.parent_id is None}
    root_of = {}
    for category in categories:
        root_id = category.parent_id or category.id
        if root_id not in rows:
            continue
        root_of[category.id] = root_id
        rows[root_id].topic_count += category.topic_count
        if category.parent_id:
            rows[root_id].subcategories.append(category)
    if not rows:
        return []
    per_root = [
        Topic.objects.visible_to(user)
        .listed()
        .filter(category_id__in=[c for c, r in root_of.items() if r == root_id])
        .order_by("-bumped_at")
        .values_list("id", flat=True)[:LATEST_PER_CATEGORY]
        for root_id in rows
    ]
    ids = _union_all_ids(per_root)
    topics = Topic.objects.filter(id__in=ids).select_related("category", "last_poster")
    for topic in sorted(topics, key=lambda t: t.bumped_at, reverse=True):
        rows[root_of[topic.category_id]].latest_topics.append(topic)
    return list(rows.values())


def _union_all_ids(querysets) -> list[int]:
    """Run several LIMITed id queries as one UNION ALL. Each stays served by the
    (category, bumped_at) index; wrapping them in sub-selects is what lets SQLite
    accept ORDER BY and LIMIT inside a compound statement, which the ORM refuses."""
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{index}")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]
