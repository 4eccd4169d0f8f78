"""The demo seeded from fixtures/ (`seed_forum --demo`): complete, lively, never
showing restricted demo content to visitors, and every search its guides quote
finds something in it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import User
from forum import markup
from forum.demo.fixtures_format import parse_topic_file
from forum.demo.models import SeededPost
from forum.demo.seeding import FIXTURES_DIR, seed_forum
from forum.demo.templating import fill_in
from forum.search import indexing
from forum.search import services as search
from forum.search.query import parse
from forum.topics.models import Post, Topic

# Every test reads the one demo forum seeded from fixtures/ (see conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_forum")]


def test_project_fixtures_seed_every_topic_and_twice_is_a_no_op(demo_forum):
    files = sorted((FIXTURES_DIR / "topics").glob("*.md"))

    first = demo_forum
    posts = Post.objects.count()
    second = seed_forum(demo=True)

    assert first.skipped == [] and second.skipped == []
    assert not second.changed
    assert Post.objects.count() == posts
    assert Topic.objects.count() == len(files)
    assert Topic.objects.count() >= 15
    assert SeededPost.objects.filter(key__endswith="#1").count() == len(files)


def test_every_seeded_post_cooks_without_error_or_leftover_template():

    for post in Post.objects.all():
        assert markup.render(post.raw) == post.cooked
        assert not re.search(r"\{[%{#]", post.raw), post.topic.title


def test_restricted_demo_content_is_hidden_from_visitors(
    client, settings, tmp_path, anonymous
):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    indexing.rebuild()
    secret = list(Topic.objects.filter(category__permissions__isnull=False).distinct())
    assert {topic.category.slug for topic in secret} >= {
        "transients-variables",
        "dark-energy",
        "staff",
    }
    latest = client.get("/latest").content.decode()
    feed = client.get("/latest.rss").content.decode()
    insider = User.objects.get(username="dana-microlens")

    for topic in secret:
        assert client.get(topic.get_absolute_url()).status_code == 404
        assert topic.title not in latest
        assert topic.title not in feed
        query = parse(f'"{topic.title}" in:title')
        assert search.search(query, user=anonymous).results == []
    readable = [t for t in secret if t.category.slug == "transients-variables"]
    query = parse(f'"{readable[0].title}" in:title')
    assert search.search(query, user=insider).results


def test_demo_activity_is_recent_and_spread_over_months(settings):
    now = timezone.now()
    bumped = sorted(Topic.objects.values_list("bumped_at", flat=True))

    assert now - bumped[-1] < timedelta(days=3)
    assert now - bumped[0] > timedelta(days=90)
    assert all(date <= now for date in bumped)
    assert Topic.objects.filter(view_count=0).count() == 0
    for topic in Topic.objects.all():
        assert topic.view_count > topic.reply_count, topic.title
    # /top's default period and /new have something to show.
    assert Topic.objects.listed().top_in("monthly").count() >= 5
    new_since = now - timedelta(days=settings.FORUM_NEW_TOPIC_DAYS)
    assert Topic.objects.filter(created_at__gte=new_since).exists()


def test_demo_solved_at_follows_the_answer():
    solved = Topic.objects.filter(solution__isnull=False).select_related("solution")

    assert solved.count() >= 8
    # A weekly digest's "Newly solved" has something in it.
    assert solved.filter(solved_at__gte=timezone.now() - timedelta(days=7)).exists()
    for topic in solved:
        assert topic.solution.created_at < topic.solved_at <= timezone.now()
        assert topic.solved_at - topic.solution.created_at < timedelta(days=1)


def test_demo_people_joined_before_and_were_seen_after_their_posts():
    for user in User.objects.all():
        posts = Post.objects.filter(author=user).order_by("created_at")
        assert user.last_seen_at is not None, user.username
        if posts:
            assert user.date_joined < posts.first().created_at, user.username
            assert user.last_seen_at > posts.last().created_at, user.username
    recent = timezone.now() - timedelta(days=14)
    assert User.objects.filter(last_seen_at__gt=recent).count() >= 10


def test_demo_has_a_topic_long_enough_to_page(client, settings):
    longest = Topic.objects.order_by("-post_count").first()

    assert longest.post_count > settings.FORUM_POSTS_PER_PAGE
    page_two = client.get(f"{longest.get_absolute_url()}?page=2").text
    assert f'id="post-{settings.FORUM_POSTS_PER_PAGE + 1}"' in page_two


def test_dp0_delegates_ask_questions_some_solved_some_open():
    questions = Topic.objects.filter(category__slug="dp0").exclude(
        tags__name__in=["dp0-contribution", "introductions", "showcase"]
    )

    assert questions.filter(solution__isnull=False).count() >= 2
    assert questions.filter(solution__isnull=True).count() >= 2


SEARCH_GUIDE = "019-searching-with-filters"
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
# A code span that is a query: it uses a filter, a #category or an @author.
QUERY = re.compile(r"(^|\s)(#|@)[a-z]|\b(status|tags|in|order|after|before):\S")
# Syntax being explained (a date format, the category sign, how to mention
# someone), not something to type into the search box.
NOT_QUERIES = {"YYYY-MM-DD", "#", "@username"}


def guide_examples() -> list[str]:
    """Every search quoted in a seeded guide, after its template is filled in."""
    examples = set()
    for path in sorted((FIXTURES_DIR / "topics").glob("*.md")):
        topic = parse_topic_file(path)
        if topic.meta.get("demo"):
            continue
        for post in topic.posts:
            body = FENCED.sub("", fill_in(post.body))
            spans = set(CODE_SPAN.findall(body)) - NOT_QUERIES
            if topic.key == SEARCH_GUIDE:
                examples |= spans
            else:
                examples |= {span for span in spans if QUERY.search(span)}
    return sorted(examples)


def test_guides_quote_many_search_examples():
    examples = guide_examples()

    assert len(examples) > 30
    assert {"qserv @dm-staff", "conda in:title", "#dp0 status:solved"} <= set(examples)


def test_every_search_example_in_the_guides_finds_something(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    indexing.rebuild()

    finds_nothing = [
        example
        for example in guide_examples()
        if not search.search(parse(example), user=AnonymousUser()).results
    ]

    assert finds_nothing == []
