"""The generator's writer: it writes each batch of planned topics with their posts,
solutions, tags, likes and read state, with `bulk_create`, keeping every
denormalised counter as it goes. `generate.generate_forum` drives it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from accounts.models import User
from forum.categories.models import Category
from forum.topics.levels import NotificationLevel
from forum.topics.models import Like, Post, Topic, TopicUser

from .generate_text import TextMaker

BENCH_BIG_TOPIC_POSTS = 400  # the benchmark reads a topic of exactly this size…
BENCH_SMALL_TOPIC_POSTS = 20  # …and one of this size
HISTORY = timedelta(days=3 * 365)
BENCH_USERNAME = "bench-reader"
READERS_PER_MILLE = 25  # members with read state: the 2.5% most active…
READ_CHANCE = 0.15  # …each having opened this share of the topics
BENCH_READ_CHANCE = 0.4  # the benchmark's member has opened more
CONTINUED = 0.01  # topics started from a reply of an earlier one
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


@dataclass
class Categories:
    regular: list[Category]
    restricted: Category
    solution_ids: frozenset[int]


class BatchWriter:
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
