"""Topic view counts without a database write per page view.

A view counts once per viewer (member, or visitor by address and browser) per topic
per day. Counts wait in the cache and are written in one batch by the
`flush_views` task that Celery beat runs every minute; without a worker (eager
Celery, as in development) the batch is written at most once a minute in-process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from .models import Topic

PENDING_IDS = "views:pending-ids"
FLUSH_LOCK = "views:flush-lock"
FLUSH_STARTED = "views:flush-started"
FLUSH_EVERY = 60


def viewer_key(request: HttpRequest) -> str:
    # Pages served from the anonymous cache count too, before authentication ran.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    raw = (
        f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')}"
    )
    return "v" + hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


def record_view(request: HttpRequest, topic_id: int) -> None:
    """Count this request as a view of the topic, once per viewer per day."""
    day = timezone.now().date().isoformat()
    if not cache.add(f"views:seen:{day}:{topic_id}:{viewer_key(request)}", 1, 90000):
        return
    key = f"views:pending:{topic_id}"
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)
    pending = cache.get(PENDING_IDS) or set()
    if topic_id not in pending:
        cache.set(PENDING_IDS, pending | {topic_id}, None)
    if settings.CELERY_TASK_ALWAYS_EAGER and _flush_due():
        # Without a Celery worker (and beat) nobody else would write them.
        flush_view_counts()


def _flush_due() -> bool:
    """True at most once a minute per cache, never on the very first view."""
    if cache.add(FLUSH_STARTED, 1, None):
        cache.add(FLUSH_LOCK, 1, FLUSH_EVERY)
        return False
    return cache.add(FLUSH_LOCK, 1, FLUSH_EVERY)


def flush_view_counts() -> int:
    """Write the views waiting in the cache; returns how many were written."""
    pending = cache.get(PENDING_IDS) or set()
    cache.delete(PENDING_IDS)
    written = 0
    for topic_id in pending:
        key = f"views:pending:{topic_id}"
        count = cache.get(key) or 0
        if not count:
            continue
        cache.decr(key, count)
        Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + count)
        written += count
    return written
