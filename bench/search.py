"""Search measurements for `make bench`: index build time and query latency.

Whoosh (the embedded default, for small communities) is measured on the first
topics holding WHOOSH_POSTS posts, in a throwaway index directory; PostgreSQL full
text, when the database is PostgreSQL, on the whole generated forum. On PostgreSQL
the LOAD_QUERIES are also run by CLIENTS processes at once for a few seconds each
(requests/s and p50/p95/p99), as the search page calls the search service.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
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
# The PostgreSQL targets (issue 18): >= 50 requests/s, p99 < 200 ms, 4 clients.
LOAD_QUERIES = {
    "common word": "butler",
    "phrase": '"photometric redshift"',
    "code identifier": "lsst.daf.butler",
    "filtered": "#support status:solved",
}
CLIENTS = 4


def ensure_postgres_index(record: Path) -> float | None:
    """On PostgreSQL, index the whole forum unless it is indexed already (before
    the servers start, so their search pages have it); the seconds the build took
    (kept in `record` for later runs). None on SQLite."""
    from forum.search.models import SearchTopic
    from forum.topics.models import Topic

    if connection.vendor != "postgresql":
        return None
    if SearchTopic.objects.exists():  # indexed by an earlier run (or by hand)
        if not record.exists():
            return None
        return json.loads(record.read_text())["index_build_seconds"]
    with override_settings(SEARCH_BACKEND="postgres"):
        seconds = _build(
            list(Topic.objects.order_by("id").values_list("id", flat=True))
        )
    record.write_text(json.dumps({"index_build_seconds": seconds}))
    return seconds


def prepare_whoosh_pages(record: Path, posts: int) -> str:
    """Ready the servers' Whoosh index before they start, so no search page
    rebuilds it inside a request (with in-process Celery tasks it would, starving
    every later scenario on those workers). Returns why the search page scenarios
    are skipped: Whoosh is meant for up to WHOOSH_POSTS posts, beyond that it takes
    seconds per search (use PostgreSQL). '' when they run (or on PostgreSQL)."""
    from whoosh import index

    from forum.search import indexing
    from forum.search.backends.whoosh_backend import WhooshBackend

    if settings.SEARCH_BACKEND != "whoosh":
        return ""
    if posts > WHOOSH_POSTS:
        return (
            f"skipped: Whoosh is for ≤ {WHOOSH_POSTS:,} posts (this forum has "
            f"{posts:,}; use PostgreSQL)"
        )
    # The index directory outlives the database: an index is reused only when it
    # was built by this code for this database and its current posts.
    built_for = {
        "database": str(settings.DATABASES["default"]["NAME"]),
        "posts": posts,
        "last_post": _last_post_id(),
    }
    current = WhooshBackend().current
    reusable = record.exists() and json.loads(record.read_text()) == built_for
    if reusable and index.exists_in(str(current)):
        return ""
    indexing.rebuild()
    record.write_text(json.dumps(built_for))
    return ""


def _last_post_id() -> int | None:
    from forum.topics.models import Post

    return Post.objects.order_by("-id").values_list("id", flat=True).first()


def measure(postgres_build_seconds: float | None = None) -> list[dict]:
    """One entry per backend: build seconds, posts indexed, and per-query p50/p95;
    on PostgreSQL (indexed by `ensure_postgres_index`) also the concurrent load."""
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
        results.append(_measure("whoosh", len(ids), posts, _build(ids)))
    if connection.vendor == "postgresql":
        with override_settings(SEARCH_BACKEND="postgres"):
            topics = Topic.objects.count()
            posts = Topic.objects.aggregate(n=Count("posts"))["n"]
            result = _measure("postgres", topics, posts, postgres_build_seconds)
            seconds = float(os.environ.get("BENCH_SECONDS", "5"))
            result["load"] = [
                concurrent_load(text, name=name, seconds=seconds)
                for name, text in LOAD_QUERIES.items()
            ]
            results.append(result)
    return results


def concurrent_load(
    text: str, *, name: str = "", seconds: float = 5, clients: int = CLIENTS
) -> dict:
    """`clients` processes searching `text` as a visitor, back to back, for
    `seconds` (after one warm-up search each): requests/s and latency percentiles."""
    connection.close()  # each process opens its own
    context = multiprocessing.get_context("fork")
    with context.Pool(clients) as pool:
        runs = pool.starmap(_client, [(text, seconds)] * clients)
    times = sorted(t for run in runs for t in run)
    percentiles = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {
        "query": name,
        "text": text,
        "clients": clients,
        "requests": len(times),
        "requests_per_second": round(len(times) / seconds, 1),
        "p50_ms": round(percentiles[49], 1),
        "p95_ms": round(percentiles[94], 1),
        "p99_ms": round(percentiles[98], 1),
        "load_average": os.getloadavg()[0],
    }


def _client(text: str, seconds: float) -> list[float]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connections

    from forum.search.query import parse
    from forum.search.services import search

    connections.close_all()
    query = parse(text)
    search(query, user=AnonymousUser())
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        search(query, user=AnonymousUser())
        times.append((time.perf_counter() - started) * 1000)
    connections.close_all()
    return times


def _build(topic_ids: list[int]) -> float:
    """Index these topics from scratch with the current backend; the seconds."""
    from forum.search.backends import get_backend
    from forum.search.documents import documents_for

    batches = (
        documents_for(topic_ids[i : i + 200]) for i in range(0, len(topic_ids), 200)
    )
    started = time.perf_counter()
    get_backend().rebuild(batches, lambda count: None)
    return round(time.perf_counter() - started, 1)


def _measure(backend: str, topics: int, posts: int, build: float | None) -> dict:
    from django.contrib.auth.models import AnonymousUser

    from forum.search.query import parse
    from forum.search.services import search

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
        "topics": topics,
        "posts": posts,
        "index_build_seconds": build,
        "queries": queries,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }


def print_report(results: list[dict]) -> None:
    for result in results:
        seconds = result["index_build_seconds"]
        built = "built earlier" if seconds is None else f"built in {seconds} s"
        print(
            f"\nSearch, {result['backend']}: index of {result['posts']:,} posts "
            f"({result['topics']:,} topics) {built}"
        )
        for item in result["queries"]:
            print(
                f"  {item['query']:<20} {item['text']:<28} "
                f"p50 {item['p50_ms']:>7} ms  p95 {item['p95_ms']:>7} ms"
            )
        for item in result.get("load", []):
            print(
                f"  {CLIENTS} clients: {item['query']:<16} {item['text']:<24} "
                f"{item['requests_per_second']:>6} req/s  p50 {item['p50_ms']:>7} ms  "
                f"p95 {item['p95_ms']:>7} ms  p99 {item['p99_ms']:>7} ms  "
                f"(load {item['load_average']:.1f})"
            )


def cpu_per_search(text: str, runs: int = 50) -> tuple[float, float]:
    """Milliseconds of CPU per search of `text` as a visitor, run `runs` times in a
    row in this process after 3 warm-up searches: its PostgreSQL backend's (from
    /proc) and this process's own. Meaningful on a loaded machine, where wall-clock
    times are not."""
    from django.contrib.auth.models import AnonymousUser

    from bench.servers import process_cpu_seconds
    from forum.search.query import parse
    from forum.search.services import search

    query = parse(text)
    for _ in range(3):
        search(query, user=AnonymousUser())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    database, python = process_cpu_seconds(backend), time.process_time()
    for _ in range(runs):
        search(query, user=AnonymousUser())
    database = process_cpu_seconds(backend) - database
    python = time.process_time() - python
    return database * 1000 / runs, python * 1000 / runs


def main() -> None:
    """`python -m bench.search`: the four target searches on the PostgreSQL index
    as it is (DATABASE_URL; build it first with `manage.py rebuild_search_index`):
    CPU per search (`--runs` in a row), then the concurrent load (`--seconds`
    each, 0 to skip); `--profile NAME` prints cProfile's top functions of one
    query's Python side instead."""
    import argparse
    import cProfile
    import pstats

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ.setdefault("DEBUG", "0")  # DEBUG keeps every query's SQL
    os.environ.setdefault("SECRET_KEY", "bench-search-" + "x" * 50)
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    default_seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    parser.add_argument("--seconds", type=float, default=default_seconds)
    parser.add_argument("--profile", choices=list(LOAD_QUERIES), default="")
    args = parser.parse_args()
    django.setup()
    print(f"load average {os.getloadavg()}", flush=True)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(cpu_per_search, LOAD_QUERIES[args.profile], args.runs)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    for name, text in LOAD_QUERIES.items():
        database, python = cpu_per_search(text, args.runs)
        print(
            f"CPU per search: {name:<16} {text:<24} PostgreSQL {database:5.1f} + "
            f"Python {python:5.1f} = {database + python:5.1f} ms",
            flush=True,
        )
    print(f"load average {os.getloadavg()}", flush=True)
    if not args.seconds:
        return
    for name, text in LOAD_QUERIES.items():
        item = concurrent_load(text, name=name, seconds=args.seconds)
        print(
            f"{name:<16} {text:<24} {item['requests_per_second']:>6} req/s  "
            f"p50 {item['p50_ms']:>7} ms  p95 {item['p95_ms']:>7} ms  "
            f"p99 {item['p99_ms']:>7} ms  (load {item['load_average']:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
