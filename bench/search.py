"""Search measurements for `make bench`: index build time and query latency.

Whoosh (the embedded default, for small communities) is measured on the first
topics holding WHOOSH_POSTS posts, in a throwaway index directory; PostgreSQL full
text, when the database is PostgreSQL, on the whole generated forum.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count
from django.test import override_settings

QUERIES = {
    "common word": "data",
    "rare word": "microlensing",
    "phrase with filter": '"the butler" status:solved',
    "misspelled": "photomtery",
    "code identifier": "lsst.daf.butler",
}
RUNS = 20
WHOOSH_POSTS = 20_000


def measure() -> list[dict]:
    """One entry per backend: build seconds, posts indexed, and per-query p50/p95."""
    from forum.topics.models import Topic

    results = []
    with (
        tempfile.TemporaryDirectory() as index_dir,
        override_settings(SEARCH_BACKEND="whoosh", SEARCH_INDEX_DIR=index_dir),
    ):
        ids, posts = [], 0
        for topic_id, count in (
            Topic.objects.order_by("id").values_list("id").annotate(n=Count("posts"))
        ):
            ids.append(topic_id)
            posts += count
            if posts >= WHOOSH_POSTS:
                break
        results.append(_measure("whoosh", ids, posts))
    if connection.vendor == "postgresql":
        with override_settings(SEARCH_BACKEND="postgres"):
            ids = list(Topic.objects.values_list("id", flat=True))
            posts = Topic.objects.aggregate(n=Count("posts"))["n"]
            results.append(_measure("postgres", ids, posts))
    return results


def _measure(backend: str, topic_ids: list[int], posts: int) -> dict:
    from forum.search.backends import get_backend
    from forum.search.documents import documents_for
    from forum.search.query import parse
    from forum.search.services import search

    batches = (
        documents_for(topic_ids[i : i + 200]) for i in range(0, len(topic_ids), 200)
    )
    started = time.perf_counter()
    get_backend().rebuild(batches, lambda count: None)
    build = time.perf_counter() - started
    queries = []
    for name, text in QUERIES.items():
        query = parse(text)
        search(query, user=AnonymousUser())  # warm caches and the index reader
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            search(query, user=AnonymousUser())
            times.append((time.perf_counter() - started) * 1000)
        queries.append(
            {
                "query": name,
                "text": text,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(statistics.quantiles(times, n=20)[18], 1),
            }
        )
    return {
        "backend": backend,
        "topics": len(topic_ids),
        "posts": posts,
        "index_build_seconds": round(build, 1),
        "queries": queries,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }


def print_report(results: list[dict]) -> None:
    for result in results:
        print(
            f"\nSearch, {result['backend']}: index of {result['posts']:,} posts "
            f"({result['topics']:,} topics) built in {result['index_build_seconds']} s"
        )
        for item in result["queries"]:
            print(
                f"  {item['query']:<20} {item['text']:<28} "
                f"p50 {item['p50_ms']:>7} ms  p95 {item['p95_ms']:>7} ms"
            )
