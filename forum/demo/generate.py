"""Fill an empty database with a large, realistic forum for benchmarks.

Bodies are cooked by the real pipeline (`forum.markup.render`): a pool of distinct
generated bodies is cooked once, on several processes, and each post takes one
raw/cooked pair from it, so every stored `cooked` is what `render(raw)` gives.
Rows go in with `bulk_create`, one transaction per batch of topics, with every
denormalised counter (topic and category counts, `highest_post_number`,
`bumped_at`, `last_poster`, the solution on both sides) computed as it goes.

Each concern is one function called from `generate_forum`, or one step of the
writer over each batch (`generate_writer.BatchWriter`: posts, solutions, tags,
likes, read state).
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from accounts.models import User
from forum import markup
from forum.categories.models import Access, Category, CategoryPermission
from forum.topics.models import Like, Topic

from .generate_text import TextMaker
from .generate_writer import (
    BENCH_BIG_TOPIC_POSTS,
    BENCH_SMALL_TOPIC_POSTS,
    BENCH_USERNAME,
    HISTORY,
    TAGS,
    BatchWriter,
    Categories,
)

BIG_TOPICS_AT_DEFAULT = 150  # topics of 100-500 posts per 20,000 topics
TOPICS_PER_BATCH = 500
COLLAB_GROUP = "bench-collaboration"

CATEGORIES = [
    ("Support", "support", True, ["Data access", "Notebooks", "Pipelines"]),
    ("Science", "science", True, ["Galaxies", "Transients", "Cosmology"]),
    ("Data Preview", "data-preview", True, []),
    ("Announcements", "announcements", False, []),
    ("General", "general", False, []),
    ("Software", "software", True, ["Releases"]),
]
RESTRICTED = ("Collaboration private", "collaboration-private")

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Size:
    users: int = 2000
    topics: int = 20000
    posts: int = 200000


@dataclass
class Report:
    users: int = 0
    topics: int = 0
    posts: int = 0
    solved: int = 0
    tagged: int = 0
    likes: int = 0
    read_states: int = 0
    distinct_bodies: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def generate_forum(
    *, size: Size, seed: int = 1, workers: int = 2, progress: Progress | None = None
) -> Report:
    """Create users, categories, tags, topics and posts of `size` in an empty forum."""
    if size.posts < size.topics:
        raise ValueError("There must be at least one post per topic.")
    if Topic.objects.exists():
        raise ValueError("The database already has topics; generate into an empty one.")
    rng = random.Random(seed)
    report = Report()
    tick = progress or (lambda stage, done: None)
    started = time.perf_counter()
    categories = make_categories()
    users = make_users(rng, size.users)
    make_tags()
    report.seconds["setup"] = time.perf_counter() - started

    started = time.perf_counter()
    pool = cook_pool(
        rng, users, count=min(size.posts, 4000), workers=workers, tick=tick
    )
    report.distinct_bodies = len(pool)
    report.seconds["cooking"] = time.perf_counter() - started

    started = time.perf_counter()
    counts = plan_post_counts(rng, size.topics, size.posts)
    writer = BatchWriter(rng, users, categories, pool, total_topics=len(counts))
    for first in range(0, len(counts), TOPICS_PER_BATCH):
        with transaction.atomic():
            done = writer.write_batch(counts[first : first + TOPICS_PER_BATCH])
        tick("posts", done)
    update_category_counters(writer.category_totals)
    count_likes_received()
    pin_topics(categories)
    analyze()
    report.seconds["writing"] = time.perf_counter() - started
    report.users, report.topics, report.posts = len(users), len(counts), sum(counts)
    report.solved, report.tagged = writer.solved, writer.tagged
    report.likes, report.read_states = writer.likes, writer.read_states
    return report


def make_categories() -> Categories:
    """The category tree and a restricted category only COLLAB_GROUP may see."""
    regular, with_solutions = [], set()
    for position, (name, slug, solutions, children) in enumerate(CATEGORIES):
        parent = Category.objects.create(
            name=name, slug=slug, position=position, allow_solutions=solutions
        )
        regular.append(parent)
        for child_position, child_name in enumerate(children):
            regular.append(
                Category.objects.create(
                    name=child_name,
                    slug=f"{slug}-{slugify(child_name)}",
                    parent=parent,
                    position=child_position,
                    allow_solutions=solutions,
                )
            )
    with_solutions = {c.id for c in regular if c.allow_solutions}
    restricted = Category.objects.create(
        name=RESTRICTED[0], slug=RESTRICTED[1], position=len(CATEGORIES)
    )
    group, _ = Group.objects.get_or_create(name=COLLAB_GROUP)
    CategoryPermission.objects.create(
        category=restricted, group=group, access=Access.CREATE
    )
    return Categories(regular, restricted, frozenset(with_solutions))


def make_users(rng: random.Random, count: int) -> list[User]:
    """Members (a few moderators, one staff) and COLLAB_GROUP's members."""
    joined = timezone.now() - HISTORY - timedelta(days=30)
    password = make_password(None)  # unusable: nobody signs in with a password
    users = [
        User(
            username=BENCH_USERNAME if number == 0 else f"user{number:05d}",
            email=f"user{number:05d}@example.invalid",
            name=f"Member {number}" if rng.random() < 0.6 else "",
            password=password,
            is_moderator=0 < number <= 5,
            is_staff=number == 6,
            date_joined=joined + timedelta(minutes=number),
        )
        for number in range(max(count, 1))
    ]
    users = User.objects.bulk_create(users, batch_size=1000)
    group = Group.objects.get(name=COLLAB_GROUP)
    members = users[: max(1, len(users) // 20)]
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.id, group_id=group.id) for user in members
    )
    return users


def make_tags() -> None:
    Tag.objects.bulk_create(Tag(name=name, slug=name) for name in TAGS)


def cook_pool(
    rng: random.Random, users: list[User], *, count: int, workers: int, tick: Progress
) -> list[tuple[str, str]]:
    """`count` distinct generated bodies with their cooked HTML, cooked on `workers`
    processes by the real pipeline (mentions are looked up in the database)."""
    maker = TextMaker(rng, [user.username for user in users[:200]])
    raws: list[str] = []
    seen: set[str] = set()
    while len(raws) < count:
        raw = maker.body()
        if raw not in seen:
            seen.add(raw)
            raws.append(raw)
    if workers > 1:
        # Each process opens its own database connection for mention look-ups.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            cooked = []
            for html in pool.imap(markup.render, raws, chunksize=64):
                cooked.append(html)
                tick("cooking", 1)
    else:
        cooked = []
        for raw in raws:
            cooked.append(markup.render(raw))
            tick("cooking", 1)
    return list(zip(raws, cooked, strict=True))


def plan_post_counts(rng: random.Random, topics: int, posts: int) -> list[int]:
    """Posts per topic, summing to `posts`: most topics short, about 150 per 20,000
    long (100-500 posts, one of exactly 400), and one of exactly 20."""
    big = round(BIG_TOPICS_AT_DEFAULT * topics / 20000)
    while big and posts - (topics - big) < big * 500:  # room for the rest
        big -= 1
    big_counts = [rng.randint(100, 500) for _ in range(big)]
    if big_counts:
        big_counts[0] = BENCH_BIG_TOPIC_POSTS
    rest_topics, rest_posts = topics - big, posts - sum(big_counts)
    mean_extra = max(0.0, rest_posts / max(rest_topics, 1) - 1)
    counts = [
        min(99, 1 + int(rng.expovariate(1 / mean_extra))) if mean_extra else 1
        for _ in range(rest_topics)
    ]
    if rest_topics and rest_posts >= rest_topics + BENCH_SMALL_TOPIC_POSTS:
        counts[0] = BENCH_SMALL_TOPIC_POSTS
    _adjust_sum(rng, counts, rest_posts, protected=1)
    planned = big_counts + counts
    # Big topics spread over history like the others; the benchmark's two stay
    # the first of their kind, so they are easy to find (by size) either way.
    rng.shuffle(planned)
    return planned


def _adjust_sum(rng: random.Random, counts: list[int], total: int, protected: int):
    """Add or remove single posts at random until `counts` sums to `total`."""
    diff = total - sum(counts)
    while diff:
        index = rng.randrange(protected, len(counts)) if len(counts) > protected else 0
        if diff > 0 and counts[index] < 99:
            counts[index] += 1
            diff -= 1
        elif diff < 0 and counts[index] > 1:
            counts[index] -= 1
            diff += 1


def count_likes_received() -> None:
    """Each member's `likes_received`, counted from the likes written."""
    received = (
        Like.objects.filter(post__author=OuterRef("pk"))
        .order_by()
        .values("post__author")
        .annotate(n=Count("id"))
        .values("n")
    )
    User.objects.filter(Exists(received)).update(likes_received=Subquery(received))


def update_category_counters(totals: dict[int, list[int]]) -> None:
    for category_id, (topics, posts) in totals.items():
        Category.objects.filter(id=category_id).update(
            topic_count=topics, post_count=posts
        )


def pin_topics(categories: Categories) -> None:
    """Two topics pinned everywhere, and the oldest topic of each category in it."""
    Topic.objects.filter(
        id__in=Topic.objects.filter(category__in=categories.regular)
        .order_by("created_at")
        .values("id")[:2]
    ).update(is_pinned=True, is_pinned_globally=True)
    for category in [*categories.regular, categories.restricted]:
        oldest = (
            Topic.objects.filter(category=category, is_pinned_globally=False)
            .order_by("created_at")
            .first()
        )
        if oldest:
            Topic.objects.filter(id=oldest.id).update(is_pinned=True)


def analyze() -> None:
    """Refresh the planner's statistics, which bulk loading leaves stale."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
