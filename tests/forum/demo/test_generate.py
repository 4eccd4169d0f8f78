import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum

from accounts.models import User
from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.demo.generate import plan_post_counts
from forum.demo.generate_text import MAX_BODY, MIN_BODY, TextMaker
from forum.markup import render
from forum.topics.models import Like, Post, Topic, TopicUser
from forum.topics.services.counters import find_counter_drift

from .conftest import GENERATED

# Every test reads the one forum of GENERATED's sizes (see conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generated_forum")]


def _generate(**sizes) -> None:
    call_command("generate_forum", workers=1, verbosity=0, **sizes)


def test_generate_forum_creates_the_requested_sizes(generated_forum):
    assert Topic.objects.count() == GENERATED["topics"]
    assert Post.objects.count() == GENERATED["posts"]
    assert "Generated 40 users, 1,000 topics, 3,000 posts" in generated_forum


def test_generate_forum_keeps_topic_counters_consistent():
    topics = Topic.objects.annotate(
        alive=Count("posts", filter=Q(posts__deleted_at__isnull=True)),
        highest=Max("posts__post_number"),
        last=Max("posts__created_at", filter=Q(posts__deleted_at__isnull=True)),
    )
    for topic in topics:
        assert topic.post_count == topic.alive
        assert topic.reply_count == topic.alive - 1
        assert topic.highest_post_number == topic.highest
        assert topic.bumped_at == topic.last


def test_generate_forum_keeps_category_counters_consistent():
    for category in Category.objects.all():
        topics = category.topics.filter(deleted_at__isnull=True)
        assert category.topic_count == topics.count()
        assert category.post_count == (topics.aggregate(n=Sum("post_count"))["n"] or 0)


def test_generate_forum_stores_what_the_pipeline_cooks():
    pairs = sorted(set(Post.objects.values_list("raw", "cooked")))
    assert all(MIN_BODY <= len(raw) <= MAX_BODY for raw, _ in pairs)
    assert len({raw for raw, _ in pairs}) == len(pairs)  # one cooked per raw
    # Cooking every body again would take as long as generating the forum; one
    # in 20 of them is enough to catch a body stored with another body's HTML.
    for raw, cooked in pairs[::20]:
        assert cooked == render(raw)


def test_generate_forum_mirrors_solutions_on_both_sides():
    solved = Topic.objects.exclude(solution=None).select_related("solution")
    assert solved.exists()
    for topic in solved:
        assert topic.solution.is_solution
        assert topic.solution.topic_id == topic.id
        assert topic.category.allow_solutions
    assert Post.objects.filter(is_solution=True).count() == solved.count()
    assert not solved.filter(solved_at=None).exists()


def test_generate_forum_leaves_no_counter_drift():
    assert Like.objects.exists()
    assert find_counter_drift() == []


def test_generate_forum_hides_the_restricted_category_from_visitors(anonymous):
    restricted = Category.objects.get(slug="collaboration-private")
    assert restricted.id not in category_access(anonymous).visible
    assert restricted.permissions.get().group.name == "bench-collaboration"


def test_generate_forum_pins_and_tags_topics():
    assert Topic.objects.filter(is_pinned_globally=True).count() == 2
    assert Topic.objects.filter(tags__isnull=False).exists()


def test_generate_forum_refuses_a_database_with_topics():
    with pytest.raises(CommandError, match="already has topics"):
        _generate(users=2, topics=2, posts=2)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)
def test_generate_forum_lifts_the_per_statement_limit_on_postgresql():
    with pytest.raises(CommandError):  # this database already has its forum
        _generate(users=1, topics=1, posts=1)

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_generate_forum_refuses_fewer_posts_than_topics():
    with pytest.raises(CommandError, match="at least --topics"):
        _generate(users=2, topics=5, posts=4)


def test_plan_post_counts_sums_exactly_with_skewed_long_topics():
    counts = plan_post_counts(random.Random(1), 20000, 200000)
    assert sum(counts) == 200000
    assert len(counts) == 20000
    long_topics = [n for n in counts if n >= 100]
    assert 140 <= len(long_topics) <= 150
    assert 400 in counts
    assert 20 in counts
    assert sorted(counts)[len(counts) // 2] < 10


def test_text_maker_writes_code_math_and_links():
    maker = TextMaker(random.Random(2), ["alice"])
    bodies = [maker.body() for _ in range(200)]
    assert all(MIN_BODY <= len(body) <= MAX_BODY for body in bodies)
    assert any("```" in body for body in bodies)
    assert any("$$" in body for body in bodies)
    assert any("](https://" in body for body in bodies)


def test_generate_forum_keeps_like_counters_consistent():
    assert Like.objects.exists()
    assert not Like.objects.filter(user_id=F("post__author_id")).exists()
    assert not Like.objects.filter(post__deleted_at__isnull=False).exists()
    for post in Post.objects.annotate(n_likes=Count("likes")):
        assert post.like_count == post.n_likes
    for topic in Topic.objects.annotate(n_likes=Count("posts__likes")):
        assert topic.like_count == topic.n_likes


def test_generate_forum_only_likes_restricted_posts_by_those_who_see_them():
    restricted = Like.objects.filter(
        post__topic__category__slug="collaboration-private"
    )
    assert restricted.exists()
    assert not restricted.exclude(user__groups__name="bench-collaboration").exists()


def test_generate_forum_gives_the_bench_member_read_state():
    reader = User.objects.get(username="bench-reader")
    states = TopicUser.objects.filter(user=reader)
    assert states.count() > 50
    assert states.filter(last_read_post_number=F("topic__highest_post_number")).exists()
    partly = states.filter(last_read_post_number__lt=F("topic__highest_post_number"))
    assert partly.exists()
    assert not TopicUser.objects.filter(
        last_read_post_number__gt=F("topic__highest_post_number")
    ).exists()
    restricted = TopicUser.objects.filter(topic__category__slug="collaboration-private")
    assert not restricted.exclude(user__groups__name="bench-collaboration").exists()
    for topic in Topic.objects.filter(highest_post_number__in=(20, 400)):
        state = states.filter(topic=topic).first()
        assert (
            state is None
            or state.last_read_post_number == 20
            or (state.last_read_post_number == 400)
        )


def test_generate_forum_continues_some_topics_from_earlier_replies():
    continued = Topic.objects.exclude(continues_post=None).select_related(
        "continues_post__topic"
    )
    assert continued.exists()
    for topic in continued:
        source = topic.continues_post
        assert source.post_number > 1
        assert source.topic.category_id == topic.category_id
        assert source.created_at < topic.created_at
