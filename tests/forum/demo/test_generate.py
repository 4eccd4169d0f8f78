import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Q, Sum

from accounts.models import User
from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.demo.generate import plan_post_counts
from forum.demo.generate_text import MAX_BODY, MIN_BODY, TextMaker
from forum.markup import render
from forum.topics.models import Like, Post, Topic, TopicUser

pytestmark = pytest.mark.django_db


def _generate(**sizes) -> None:
    call_command("generate_forum", workers=1, verbosity=0, **sizes)


def test_generate_forum_creates_the_requested_sizes(capsys):
    call_command("generate_forum", users=8, topics=12, posts=60, workers=1)
    assert Topic.objects.count() == 12
    assert Post.objects.count() == 60
    assert "Generated 8 users, 12 topics, 60 posts" in capsys.readouterr().out


def test_generate_forum_keeps_topic_counters_consistent():
    _generate(users=8, topics=20, posts=120)
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
    _generate(users=8, topics=20, posts=120)
    for category in Category.objects.all():
        topics = category.topics.filter(deleted_at__isnull=True)
        assert category.topic_count == topics.count()
        assert category.post_count == (topics.aggregate(n=Sum("post_count"))["n"] or 0)


def test_generate_forum_stores_what_the_pipeline_cooks():
    _generate(users=8, topics=10, posts=40)
    for post in Post.objects.all():
        assert post.cooked == render(post.raw)
        assert MIN_BODY <= len(post.raw) <= MAX_BODY


def test_generate_forum_mirrors_solutions_on_both_sides():
    _generate(users=8, topics=60, posts=400, seed=3)
    solved = Topic.objects.exclude(solution=None).select_related("solution")
    assert solved.exists()
    for topic in solved:
        assert topic.solution.is_solution
        assert topic.solution.topic_id == topic.id
        assert topic.category.allow_solutions
    assert Post.objects.filter(is_solution=True).count() == solved.count()


def test_generate_forum_hides_the_restricted_category_from_visitors(anonymous):
    _generate(users=40, topics=200, posts=400)
    restricted = Category.objects.get(slug="collaboration-private")
    assert restricted.id not in category_access(anonymous).visible
    assert restricted.permissions.get().group.name == "bench-collaboration"


def test_generate_forum_pins_and_tags_topics():
    _generate(users=8, topics=30, posts=90)
    assert Topic.objects.filter(is_pinned_globally=True).count() == 2
    assert Topic.objects.filter(tags__isnull=False).exists()


def test_generate_forum_refuses_a_database_with_topics(topic):
    with pytest.raises(CommandError, match="already has topics"):
        _generate(users=2, topics=2, posts=2)


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
    _generate(users=30, topics=40, posts=300, seed=2)
    assert Like.objects.exists()
    assert not Like.objects.filter(user_id=F("post__author_id")).exists()
    assert not Like.objects.filter(post__deleted_at__isnull=False).exists()
    for post in Post.objects.annotate(n_likes=Count("likes")):
        assert post.like_count == post.n_likes
    for topic in Topic.objects.annotate(n_likes=Count("posts__likes")):
        assert topic.like_count == topic.n_likes


def test_generate_forum_only_likes_restricted_posts_by_those_who_see_them():
    _generate(users=40, topics=300, posts=600, seed=4)
    restricted = Like.objects.filter(
        post__topic__category__slug="collaboration-private"
    )
    assert restricted.exists()
    assert not restricted.exclude(user__groups__name="bench-collaboration").exists()


def test_generate_forum_gives_the_bench_member_read_state():
    _generate(users=40, topics=300, posts=900, seed=5)
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
    _generate(users=20, topics=1000, posts=3000, seed=6)
    continued = Topic.objects.exclude(continues_post=None).select_related(
        "continues_post__topic"
    )
    assert continued.exists()
    for topic in continued:
        source = topic.continues_post
        assert source.post_number > 1
        assert source.topic.category_id == topic.category_id
        assert source.created_at < topic.created_at
