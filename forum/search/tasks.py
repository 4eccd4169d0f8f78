"""Search indexing runs after commit, in Celery. Tasks take ids and are safe to
run twice: each one reads the current rows and replaces the topic's entries."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction

from . import indexing

logger = logging.getLogger(__name__)

REBUILD_KEY = "search-rebuild-scheduled"
REBUILD_GUARD_SECONDS = 600


@shared_task(ignore_result=True)
def index_topic(topic_id: int) -> None:
    indexing.index_topic(topic_id)


@shared_task(ignore_result=True)
def rebuild_index() -> None:
    try:
        indexing.rebuild()
    finally:
        cache.delete(REBUILD_KEY)


def schedule_index(topic_id: int) -> None:
    """Reindex `topic_id` once the current transaction commits. A failure to
    index is logged, never raised into the write that caused it."""

    def enqueue() -> None:
        index_topic.delay(topic_id)

    transaction.on_commit(enqueue, robust=True)


def schedule_rebuild() -> None:
    """Rebuild the whole index in the background, at most once at a time."""
    if not cache.add(REBUILD_KEY, True, timeout=REBUILD_GUARD_SECONDS):
        return
    try:
        rebuild_index.delay()
    except Exception:
        cache.delete(REBUILD_KEY)
        logger.exception("Could not schedule a search index rebuild")
