"""Fill an empty database with a large, realistic forum for benchmarks.

Bodies are cooked by the real pipeline (`forum.markup.render`): a pool of distinct
generated bodies is cooked once, on several processes, and each post takes one
raw/cooked pair from it, so every stored `cooked` is what `render(raw)` gives.
Rows go in with `bulk_create`, one transaction per batch of topics, with every
denormalised counter (topic and category counts, `highest_post_number`,
`bumped_at`, `last_poster`, the solution on both sides) computed as it goes.

Each concern is one function called from `generate_forum`, or one step of the
writer over each batch (posts, solutions, tags, likes, read state).
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from accounts.models import User
from forum import markup
from forum.categories.models import Access, Category, CategoryPermission
from forum.topics.levels import NotificationLevel
from forum.topics.models import Like, Post, Topic, TopicUser

from .generate_text import TextMaker

BIG_TOPICS_AT_DEFAULT = 150  # topics of 100-500 posts per 20,000 topics
BENCH_BIG_TOPIC_POSTS = 400  # the benchmark reads a topic of exactly this size…
BENCH_SMALL_TOPIC_POSTS = 20  # …and one of this size
TOPICS_PER_BATCH = 500
HISTORY = timedelta(days=3 * 365)
COLLAB_GROUP = "bench-collaboration"
BENCH_USERNAME = "bench-reader"
READERS_PER_MILLE = 25  # members with read state: the 2.5% most active…
READ_CHANCE = 0.15  # …each having opened this share of the topics
BENCH_READ_CHANCE = 0.4  # the benchmark's member has opened more
CONTINUED = 0.01  # topics started from a reply of an earlier one

CATEGORIES = [
    ("Support", "support", True, ["Data access", "Notebooks", "Pipelines"]),
    ("Science", "science", True, ["Galaxies", "Transients", "Cosmology"]),
    ("Data Preview", "data-preview", True, []),
    ("Announcements", "announcements", False, []),
    ("General", "general", False, []),
    ("Software", "software", True, ["Releases"]),
]
RESTRICTED = ("Collaboration private", "collaboration-private")
TAGS = [
    "butler",
    "tap",
    "notebooks",
    "photometry",
    "astrometry",
    "psf",
    "coadds",
    "dp0-2",
    "dp0-3",
    "transients",
    "sql",
    "python",
    "performance",
    "documentation",
    "bug",
    "question",
    "solar-system",
    "galaxies",
    "stars",
    "weak-lensing",
    "cosmology",
    "image-processing",
    "catalogs",
    "calibration",
    "portal",
    "api",
    "visualization",
    "cutouts",
    "deblending",
    "variability",
]

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


@dataclass
class Categories:
    regular: list[Category]
    restricted: Category
    solution_ids: frozenset[int]


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
    writer = _Writer(rng, users, categories, pool, total_topics=len(counts))
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


class _Writer:
    """Writes batches of topics with their posts, tags and solutions."""

    def __init__(
        self,
        rng: random.Random,
        users: list[User],
        categories: Categories,
        pool: list[tuple[str, str]],
        *,
        total_topics: int,
    ) -> None:
        self.rng = rng
        self.total_topics = total_topics
        self.users = users
        self.categories = categories
        self.pool = pool
        self.titles = TextMaker(rng, [])
        # A few members write most posts, as on every forum.
        self.user_weights = _cumulative([1 / (rank + 1) for rank in range(len(users))])
        self.collab = users[: max(1, len(users) // 20)]
        self.moderator_id = users[min(1, len(users) - 1)].id
        self.topic_type = ContentType.objects.get_for_model(Topic).id
        self.tag_ids = list(Tag.objects.values_list("id", flat=True))
        self.tag_weights = _cumulative([1 / (rank + 1) for rank in range(len(TAGS))])
        self.category_totals: dict[int, list[int]] = {}
        self.now = timezone.now()
        self.readers = users[: max(1, len(users) * READERS_PER_MILLE // 1000)]
        self.topics_done = self.posts_done = self.solved = self.tagged = 0
        self.likes = self.read_states = self.continued = 0

    def write_batch(self, counts: list[int]) -> int:
        """Write one batch of topics with `counts` posts each; return posts written."""
        plans = [self._plan_topic(n) for n in counts]
        topics = Topic.objects.bulk_create([plan.topic for plan in plans])
        posts = []
        for topic, plan in zip(topics, plans, strict=True):
            posts.extend(self._posts_of(topic, plan))
        likers = self._choose_likers(topics, plans, posts)
        Post.objects.bulk_create(posts, batch_size=2000)
        self._like(topics, posts, likers)
        self._link_solutions(topics[0].id, topics[-1].id)
        self._continue(topics, plans, posts)
        self._tag(topics)
        self._read(topics, plans)
        self.posts_done += len(posts)
        return len(posts)

    def _author(self) -> User:
        return self.rng.choices(self.users, cum_weights=self.user_weights)[0]

    def _plan_topic(self, count: int) -> _TopicPlan:
        rng = self.rng
        # Topics start in id order, spread over the forum's history.
        self.topics_done += 1
        start = self.now - HISTORY * (1 - self.topics_done / (self.total_topics + 1))
        # Long topics stay public: the benchmark reads them anonymously.
        restricted = count < 100 and rng.random() < 0.03
        category = (
            self.categories.restricted
            if restricted
            else rng.choice(self.categories.regular)
        )
        pool = self.collab if restricted else None
        span = min(
            self.now - start,
            timedelta(hours=rng.expovariate(1 / 48) * (1 + count / 5)),
        )
        times = sorted(start + span * rng.random() for _ in range(count - 1))
        authors = [rng.choice(pool) if pool else self._author() for _ in range(count)]
        deleted = {n for n in range(2, count + 1) if rng.random() < 0.005}
        solution = None
        solvable = category.id in self.categories.solution_ids and count >= 2
        if solvable and rng.random() < 0.45:
            choices = [n for n in range(2, count + 1) if n not in deleted]
            solution = rng.choice(choices) if choices else None
        alive = count - len(deleted)
        last = max((n for n in range(1, count + 1) if n not in deleted), default=1)
        stamps = [start, *times]
        title = self.titles.title()
        topic = Topic(
            title=title,
            slug=slugify(title)[:100].strip("-") or "topic",
            category=category,
            author=authors[0],
            created_at=start,
            bumped_at=stamps[last - 1],
            last_posted_at=stamps[last - 1],
            last_poster=authors[last - 1],
            post_count=alive,
            reply_count=alive - 1,
            view_count=int(rng.paretovariate(1.2) * 10 * (1 + count / 4)),
            highest_post_number=count,
            is_closed=rng.random() < 0.02,
        )
        totals = self.category_totals.setdefault(category.id, [0, 0])
        totals[0] += 1
        totals[1] += alive
        return _TopicPlan(topic, stamps, authors, deleted, solution, restricted)

    def _posts_of(self, topic: Topic, plan: _TopicPlan) -> Iterator[Post]:
        rng = self.rng
        for number, (stamp, author) in enumerate(
            zip(plan.stamps, plan.authors, strict=True), start=1
        ):
            raw, cooked = self.pool[rng.randrange(len(self.pool))]
            is_deleted = number in plan.deleted
            yield Post(
                topic_id=topic.id,
                author=author,
                post_number=number,
                raw=raw,
                cooked=cooked,
                created_at=stamp,
                reply_to_post_number=(
                    rng.randint(1, number - 1)
                    if number > 1 and rng.random() < 0.2
                    else None
                ),
                is_solution=number == plan.solution,
                deleted_at=stamp + timedelta(hours=1) if is_deleted else None,
                deleted_by_id=self.moderator_id if is_deleted else None,
            )
        if plan.solution:
            self.solved += 1

    def _link_solutions(self, first_id: int, last_id: int) -> None:
        """Mirror each Post.is_solution of the batch on Topic.solution, solved when
        the solution was posted."""
        solutions = Post.objects.filter(topic=OuterRef("pk"), is_solution=True)
        Topic.objects.filter(id__range=(first_id, last_id)).filter(
            Exists(solutions)
        ).update(
            solution=Subquery(solutions.values("id")[:1]),
            solved_at=Subquery(solutions.values("created_at")[:1]),
        )

    def _tag(self, topics: list[Topic]) -> None:
        items = []
        for topic in topics:
            count = min(len(self.tag_ids), int(self.rng.expovariate(1 / 1.5)))
            names = set(
                self.rng.choices(self.tag_ids, cum_weights=self.tag_weights, k=count)
            )
            items.extend(
                TaggedItem(
                    tag_id=tag, content_type_id=self.topic_type, object_id=topic.id
                )
                for tag in names
            )
        TaggedItem.objects.bulk_create(items, batch_size=2000)
        self.tagged += len({item.object_id for item in items})

    def _choose_likers(
        self, topics: list[Topic], plans: list[_TopicPlan], posts: list[Post]
    ) -> list[set[int]]:
        """Who likes each post: members who may see the topic, never the author nor
        a deleted post; skewed (most posts none, first posts and solutions more).
        Sets `Post.like_count` and `Topic.like_count` to match."""
        rng = self.rng
        plan_of = {topic.id: plan for topic, plan in zip(topics, plans, strict=True)}
        topic_of = {topic.id: topic for topic in topics}
        chosen = []
        for post in posts:
            plan = plan_of[post.topic_id]
            wanted = 0
            if post.post_number not in plan.deleted:
                mean = 2.0 if post.post_number == 1 or post.is_solution else 0.5
                wanted = int(rng.expovariate(1 / mean))
            pool = self.collab if plan.restricted else None
            likers = {
                (rng.choice(pool) if pool else self._author()).id for _ in range(wanted)
            }
            likers.discard(post.author.id)
            post.like_count = len(likers)
            topic_of[post.topic_id].like_count += len(likers)
            chosen.append(likers)
        return chosen

    def _like(
        self, topics: list[Topic], posts: list[Post], likers: list[set[int]]
    ) -> None:
        likes = [
            Like(user_id=user_id, post_id=post.id, created_at=post.created_at)
            for post, users in zip(posts, likers, strict=True)
            for user_id in users
        ]
        Like.objects.bulk_create(likes, batch_size=2000)
        Topic.objects.bulk_update(
            [topic for topic in topics if topic.like_count], ["like_count"], 500
        )
        self.likes += len(likes)

    def _continue(
        self, topics: list[Topic], plans: list[_TopicPlan], posts: list[Post]
    ) -> None:
        """Some topics started from a reply of an earlier topic of the same category
        ("reply as new topic"), as on a real forum (the planner's statistics of
        `continues_post` depend on it)."""
        replies: dict[int, list[Post]] = {}
        for post in posts:
            if post.post_number > 1 and post.deleted_at is None:
                replies.setdefault(post.topic_id, []).append(post)
        earlier: dict[int, Topic] = {}
        changed = []
        for topic, plan in zip(topics, plans, strict=True):
            before = earlier.get(topic.category_id)
            if before and self.rng.random() < CONTINUED:
                started = plan.stamps[0]
                sources = [
                    reply
                    for reply in replies.get(before.id, [])
                    if reply.created_at < started
                ]
                if sources:
                    topic.continues_post_id = self.rng.choice(sources).id
                    changed.append(topic)
            earlier[topic.category_id] = topic
        Topic.objects.bulk_update(changed, ["continues_post"], batch_size=500)
        Post.objects.filter(id__in=[t.continues_post_id for t in changed]).update(
            has_continuations=True
        )
        self.continued += len(changed)

    def _read(self, topics: list[Topic], plans: list[_TopicPlan]) -> None:
        """Read state (`TopicUser`) of the most active members, the benchmark's
        among them: some topics read to the end, others part way (unread posts
        in the lists), followed at Discourse's levels. The benchmark's member has
        read the benchmark's topics to the end, so opening them does not redirect
        to a first unread post."""
        rng = self.rng
        states = []
        for topic, plan in zip(topics, plans, strict=True):
            highest = len(plan.stamps)
            for reader in self.readers:
                is_bench = reader.username == BENCH_USERNAME
                chance = BENCH_READ_CHANCE if is_bench else READ_CHANCE
                if plan.restricted and reader not in self.collab:
                    continue
                if rng.random() >= chance:
                    continue
                bench_topic = highest in (
                    BENCH_BIG_TOPIC_POSTS,
                    BENCH_SMALL_TOPIC_POSTS,
                )
                whole = (is_bench and bench_topic) or rng.random() < 0.7
                last_read = highest if whole else rng.randint(1, highest)
                posted = reader in plan.authors[:last_read]
                level = (
                    NotificationLevel.WATCHING
                    if reader == plan.authors[0]
                    else NotificationLevel.TRACKING
                    if posted or rng.random() < 0.3
                    else NotificationLevel.NORMAL
                )
                seen = plan.stamps[last_read - 1] + timedelta(minutes=5)
                states.append(
                    TopicUser(
                        user_id=reader.id,
                        topic_id=topic.id,
                        last_read_post_number=last_read,
                        notification_level=level,
                        has_posted=posted,
                        first_visited_at=min(
                            plan.stamps[0] + timedelta(minutes=5), self.now
                        ),
                        last_visited_at=min(seen, self.now),
                    )
                )
        TopicUser.objects.bulk_create(states, batch_size=2000)
        self.read_states += len(states)


@dataclass
class _TopicPlan:
    topic: Topic
    stamps: list[datetime]
    authors: list[User]
    deleted: set[int]
    solution: int | None
    restricted: bool = False


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


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
