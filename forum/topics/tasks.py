"""Celery tasks of the topics app."""

from celery import shared_task

from .events import drain_outbox as drain
from .services import close_solved_topics as close_solved
from .view_counts import flush_view_counts


@shared_task
def flush_views() -> int:
    """Write batched topic view counts (Celery beat runs this every minute)."""
    return flush_view_counts()


@shared_task
def drain_outbox() -> int:
    """Replay after-commit reactions that failed (Celery beat, every minute)."""
    return drain()


@shared_task
def close_solved_topics() -> int:
    """Close solved topics in categories that ask for it (Celery beat, hourly)."""
    return close_solved()
