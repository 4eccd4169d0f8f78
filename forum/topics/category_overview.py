"""The categories landing page: visible categories with their latest topics."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import Value

from forum.categories.models import Category
from forum.categories.permissions import category_access

from .fragments import render_overview
from .lists import TopicRow, topic_rows
from .models import Topic
from .prepared import fetch_all, union_sql

LATEST_PER_CATEGORY = 3
LATEST_TOPICS = 20
PINNED_TOPICS = 5


@dataclass
class CategoryRow:
    category: Category
    subcategories: list[Category] = field(default_factory=list)
    topic_count: int = 0
    latest_topics: list[TopicRow] = field(default_factory=list)


@lru_cache(maxsize=256)
def _overview_sql(
    visible: frozenset[int], category_ids: tuple[int, ...], vendor: str
) -> tuple[str, tuple]:
    """The overview's UNION ALL, as SQL and parameters: the globally pinned
    topics, the latest of all and the latest of each category of `category_ids`,
    among the categories `visible`. Compiled once per set of categories (one per
    audience): building its 15 parts through the ORM cost more than running them.
    Nothing in it depends on the time or the request (`vendor` only keeps a
    process that talks to two backends from mixing their SQL)."""
    latest = Topic.objects.visible_in(visible).listed().order_by("-bumped_at")
    columns = ("id", "bumped_at", "category_id", "of_all")
    parts = [
        # Globally pinned topics head the latest column (the partial index).
        latest.filter(is_pinned_globally=True)
        .annotate(of_all=Value(2))
        .values_list(*columns)[:PINNED_TOPICS],
        latest.annotate(of_all=Value(1)).values_list(*columns)[:LATEST_TOPICS],
    ]
    parts += [
        latest.filter(category_id=category_id)
        .annotate(of_all=Value(0))
        .values_list(*columns)[:LATEST_PER_CATEGORY]
        for category_id in category_ids
    ]
    return union_sql(parts)


def category_overview(user) -> tuple[list[CategoryRow], list[TopicRow]]:
    """Top-level categories `user` may see, with their visible subcategories, the
    topic counts of both and the latest topics of each; and the latest topics of
    all. Four queries: the categories; the ids, as one UNION ALL of a few rows per
    category, each part read in order from the (category, bumped_at) index, and
    the latest of all from the bumped_at index; the rows; their tags. Each
    topic comes with its HTML (`latest_html`, `brief_html`)."""
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
        return [], []
    ids_sql = _overview_sql(
        category_access(user).visible, tuple(root_of), connection.vendor
    )
    found = sorted(fetch_all(*ids_sql), key=lambda row: row[1], reverse=True)
    pinned_ids = [row[0] for row in found if row[3] == 2]
    latest_ids = list(
        dict.fromkeys(pinned_ids + [row[0] for row in found if row[3] == 1])
    )
    per_root: dict[int, list[int]] = {}
    for row in found:
        if row[3]:
            continue
        newest = per_root.setdefault(root_of[row[2]], [])
        if len(newest) < LATEST_PER_CATEGORY:
            newest.append(row[0])
    overview_ids = [pk for ids in per_root.values() for pk in ids]
    topics = {
        t.id: t
        for t in topic_rows(list(dict.fromkeys(latest_ids + overview_ids)), user)
    }
    for root_id, ids in per_root.items():
        rows[root_id].latest_topics = [topics[pk] for pk in ids if pk in topics]
    latest = [topics[pk] for pk in latest_ids if pk in topics]
    render_overview(latest, [t for row in rows.values() for t in row.latest_topics])
    return list(rows.values()), latest
