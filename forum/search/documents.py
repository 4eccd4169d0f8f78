"""What gets indexed: one document per searchable post, carrying its topic's
title, tags, category and state. Both backends index these same documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from forum.topics.models import Post, Topic

from .text import plain_text


@dataclass(frozen=True)
class PostDocument:
    post_id: int
    topic_id: int
    post_number: int
    category_id: int
    author_id: int
    created_at: datetime
    title: str
    labels: str  # the tags and the category's name, searchable as words
    tags: tuple[str, ...]
    body: str  # plain text of the cooked HTML
    has_images: bool  # the post shows an image (uploaded or linked): with:images
    is_solution: bool
    topic_is_solved: bool
    topic_is_closed: bool
    topic_is_listed: bool


def documents_for(topic_ids: Iterable[int]) -> dict[int, list[PostDocument]]:
    """The documents of each topic in `topic_ids`, in three queries; a deleted or
    missing topic has none (its old entries must go)."""
    ids = list(topic_ids)
    documents: dict[int, list[PostDocument]] = {topic_id: [] for topic_id in ids}
    topics = {
        topic.id: topic
        for topic in Topic.objects.filter(id__in=ids, deleted_at__isnull=True)
        .select_related("category")
        .prefetch_related("tags")
    }
    posts = (
        Post.objects.filter(
            topic_id__in=list(topics), deleted_at__isnull=True, is_hidden=False
        )
        .only(
            "id",
            "topic_id",
            "post_number",
            "author_id",
            "created_at",
            "cooked",
            "is_solution",
        )
        .order_by("topic_id", "post_number")
    )
    for post in posts.iterator(chunk_size=500):
        topic = topics[post.topic_id]
        tags = tuple(sorted(tag.name.lower() for tag in topic.tags.all()))
        documents[topic.id].append(
            PostDocument(
                post_id=post.id,
                topic_id=topic.id,
                post_number=post.post_number,
                category_id=topic.category_id,
                author_id=post.author_id,
                created_at=post.created_at,
                title=topic.title,
                labels=" ".join([*tags, topic.category.name]),
                tags=tags,
                body=plain_text(post.cooked),
                has_images="<img " in post.cooked,
                is_solution=post.is_solution,
                topic_is_solved=topic.solution_id is not None,
                topic_is_closed=topic.is_closed,
                topic_is_listed=topic.is_visible,
            )
        )
    return documents


def all_topic_ids(batch_size: int = 200) -> Iterator[list[int]]:
    """Every topic id (deleted ones too, so their entries are dropped), in batches."""
    last = 0
    while True:
        batch = list(
            Topic.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]
