"""The benchmark's in-process side (Django is set up by bench/run.py first): the
data, the pages to load, their SQL per request and query plans, cooking times."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from forum import markup
from forum.categories.models import Category
from forum.demo.generate import BENCH_USERNAME, Size
from forum.demo.generate_text import COMMON_WORD, PHRASE, RARE_WORD, hostile_posts
from forum.demo.generate_text import longest_post as make_longest_post
from forum.topics.models import Like, Post, Topic, TopicUser

SIZES = {"default": Size(), "small": Size(users=200, topics=2000, posts=20000)}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
HOST = "127.0.0.1"


def create_database() -> None:
    """Create the PostgreSQL database DATABASE_URL names when it does not exist."""
    if connection.vendor != "postgresql":
        return
    try:
        connection.ensure_connection()
    except OperationalError:
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')


def ensure_data(size_name: str, generation_file: Path) -> dict:
    """Migrate, and generate the forum when the database has no topics yet."""
    create_database()
    call_command("migrate", verbosity=0, interactive=False)
    if not Topic.objects.exists():
        size = SIZES[size_name]
        started = time.perf_counter()
        call_command(
            "generate_forum", users=size.users, topics=size.topics, posts=size.posts
        )
        generation = {
            "size": size_name,
            "seconds": round(time.perf_counter() - started, 1),
            "database": connection.vendor,
        }
        generation_file.write_text(json.dumps(generation))
    if generation_file.exists():
        return json.loads(generation_file.read_text())
    return {"size": size_name, "seconds": None, "database": connection.vendor}


def data_sizes() -> dict:
    return {
        "users": User.objects.count(),
        "categories": Category.objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
        "likes": Like.objects.count(),
        "read_states": TopicUser.objects.count(),
        "member_read_states": TopicUser.objects.filter(
            user__username=BENCH_USERNAME
        ).count(),
    }


def pages() -> dict[str, str]:
    """The paths each scenario loads, chosen from the generated data."""
    public = Topic.objects.filter(
        category__permissions__isnull=True, deleted_at__isnull=True
    ).order_by("id")
    big = public.filter(highest_post_number=400).first()
    small = public.filter(highest_post_number=20).first()
    category = (
        Category.objects.filter(parent__isnull=True, permissions__isnull=True)
        .order_by("-topic_count")
        .first()
    )
    deep = (big.highest_post_number - 1) // settings.FORUM_POSTS_PER_PAGE + 1 - 2
    return {
        "home /": "/",
        "latest": "/latest",
        "category list": category.get_absolute_url(),
        "tag list": f"/tag/{COMMON_WORD}",
        "tags index": "/tags",
        "topic 400, page 1": big.get_absolute_url(),
        f"topic 400, page {deep}": f"{big.get_absolute_url()}?page={deep}",
        "topic 20": small.get_absolute_url(),
        "search common": f"/search?q={COMMON_WORD}",
        "search rare": f"/search?q={RARE_WORD}",
        "search phrase+filter": f"/search?q=%22{PHRASE.replace(' ', '+')}%22"
        "+status%3Asolved",
        "latest.rss": "/latest.rss",
        "api topics": "/api/v1/topics",
    }


def member_cookie() -> str:
    """A session cookie of the benchmark's member (one of the collaboration)."""
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USERNAME))
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def sql_per_request(path: str, *, signed_in: bool, cached: bool) -> dict:
    """Queries and writes of one request in a warm process, like a worker's."""
    client = Client(HTTP_HOST=HOST)
    if signed_in:
        client.force_login(User.objects.get(username=BENCH_USERNAME))
    with override_settings(FORUM_ANON_CACHE_SECONDS=60 if cached else 0):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    statements = [query["sql"] for query in captured.captured_queries]
    return {
        "status": response.status_code,
        "queries": len(statements),
        "writes": sum(1 for sql in statements if WRITE.match(sql)),
        "plans": _plans(statements),
    }


def _plans(statements: list[str]) -> list[dict]:
    """The plan of each query that orders topics, and whether it sorts or counts."""
    found = []
    for sql in statements:
        if '"topics_topic"' not in sql or "ORDER BY" not in sql:
            continue
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
        found.append(
            {
                "sql": sql[:400],
                "plan": plan,
                "full_sort": "TEMP B-TREE FOR ORDER BY" in plan
                or bool(re.search(r"^\s*(->\s*)?Sort\b", plan, re.MULTILINE)),
                "counts": "COUNT(" in sql.upper(),
            }
        )
    return found


def cooking_times() -> list[dict]:
    """Seconds to cook the longest realistic post and hostile ones (best of 3, or
    one run when it takes over a second: some inputs take far longer)."""
    length = settings.FORUM_MAX_POST_LENGTH
    inputs = {"longest realistic": make_longest_post(length), **hostile_posts(length)}
    results = []
    for name, raw in inputs.items():
        best = _timed(markup.render, raw)
        if best < 1:
            best = min(best, *(_timed(markup.render, raw) for _ in range(2)))
        results.append({"input": name, "chars": len(raw), "seconds": round(best, 4)})
    return results


def _timed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return time.perf_counter() - started
