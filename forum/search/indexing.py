"""Keep the search index up to date: index and remove topics, rebuild it all.
The tasks run these after commit; searching is in services.py."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from forum.topics.models import Topic

from .backends import IndexMissing, get_backend
from .documents import all_topic_ids, documents_for


def index_topic(topic_id: int) -> None:
    """Bring the search entries of one topic up to date (removed if deleted)."""
    _index([topic_id])


def remove_topic(topic_id: int) -> None:
    """Drop every search entry of a topic."""
    get_backend().index_topics({topic_id: []})


def _index(topic_ids: list[int]) -> None:
    backend = get_backend()
    try:
        backend.index_topics(documents_for(topic_ids))
    except IndexMissing:
        # Indexing into nothing would leave every other topic unfindable.
        rebuild()


def rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Index every topic again while the site keeps searching; returns the number
    of topics. Topics changed meanwhile are indexed once more at the end."""
    started = timezone.now()
    batches = (documents_for(ids) for ids in all_topic_ids())
    get_backend().rebuild(batches, progress or (lambda count: None))
    changed = list(
        Topic.objects.filter(
            Q(bumped_at__gte=started)
            | Q(deleted_at__gte=started)
            | Q(posts__edited_at__gte=started)
            | Q(posts__deleted_at__gte=started)
        )
        .values_list("id", flat=True)
        .distinct()
    )
    if changed:
        get_backend().index_topics(documents_for(changed))
    return Topic.objects.count()
