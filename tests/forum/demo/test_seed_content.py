"""The project's own seed content (fixtures/): complete, true to the code, and
never showing restricted demo content to visitors."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from forum import markup
from forum.categories.models import Category
from forum.demo.fixtures_format import load_yaml, parse_topic_file
from forum.demo.models import SeededPost
from forum.demo.seeding import FIXTURES_DIR, QUOTED_SETTINGS, fill_in, seed_forum
from forum.search import services as search
from forum.search.query import parse
from forum.topics.models import Post, Topic

pytestmark = pytest.mark.django_db

USERS = FIXTURES_DIR / "users.yaml"
CONTRIBUTION_SECTIONS = ["What it involves", "Time needed", "How to take part"]
REPORT_BACK = re.compile(r"report(ing)? back", re.IGNORECASE)


def seeded_topic(key: str) -> Topic:
    return (
        SeededPost.objects.select_related("post__topic").get(key=f"{key}#1").post.topic
    )


def guide(key: str) -> str:
    return seeded_topic(key).posts.get(post_number=1).cooked


def test_project_fixtures_seed_every_topic_and_twice_is_a_no_op():
    files = sorted((FIXTURES_DIR / "topics").glob("*.md"))

    first = seed_forum(demo=True)
    posts = Post.objects.count()
    second = seed_forum(demo=True)

    assert first.skipped == [] and second.skipped == []
    assert not second.changed
    assert Post.objects.count() == posts
    assert Topic.objects.count() == len(files)
    assert SeededPost.objects.filter(key__endswith="#1").count() == len(files)


def test_every_seeded_post_cooks_without_error_or_leftover_template():
    seed_forum(demo=True)

    for post in Post.objects.all():
        assert markup.render(post.raw) == post.cooked
        assert not re.search(r"\{[%{#]", post.raw), post.topic.title


def test_guides_quote_every_listed_setting():
    bodies = " ".join(path.read_text() for path in FIXTURES_DIR.glob("topics/*.md"))

    unused = [name for name in QUOTED_SETTINGS if f"settings.{name}" not in bodies]

    assert unused == []


@pytest.mark.parametrize(
    ("name", "value", "key", "expected"),
    [
        ("FORUM_MIN_TITLE_WORDS", 47, "013-title-and-length-messages", "at least 47"),
        (
            "FORUM_TOPICS_PER_DAY",
            [3, 91, 20],
            "013-title-and-length-messages",
            "<td>91</td>",
        ),
        (
            "FORUM_MAX_REPEATED_CHARACTERS",
            53,
            "013-title-and-length-messages",
            "more than 53 times",
        ),
        (
            "FORUM_DUPLICATE_POST_MINUTES",
            61,
            "013-title-and-length-messages",
            "last 61 minutes",
        ),
        ("FORUM_EMAIL_DELAY", 457, "017-email-notifications-categories-tags", "457"),
        ("FORUM_NEW_TOPIC_DAYS", 9, "020-latest-new-unread-bookmarks", "last 9 days"),
        ("FORUM_MAX_TAGS_PER_TOPIC", 8, "015-using-tags", "up to 8 tags"),
        ("FORUM_POSTS_PER_PAGE", 33, "014-flat-threading", "33 posts at a time"),
    ],
)
def test_changing_a_quoted_setting_changes_the_guide(
    settings, name, value, key, expected
):
    seed_forum()
    assert expected not in guide(key)

    setattr(settings, name, value)
    report = seed_forum()

    assert f"topic {key}" in report.updated
    assert expected in guide(key)


def test_guides_link_to_feeds_and_pages_from_the_code(settings):
    settings.SITE_URL = "https://forum.example.org"
    seed_forum()
    data_qa = Category.objects.get(slug="data-qa")

    rss = guide("011-subscribe-rss")

    assert "https://forum.example.org/latest.rss" in rss
    assert f"https://forum.example.org/c/science/data-qa/{data_qa.id}.rss" in rss
    assert f"/c/data-qa/{data_qa.id}/unsolved.rss" in rss
    assert "https://forum.example.org/tag/alerts/unsolved.rss" in rss
    assert "/u/&lt;your username&gt;/feeds" in rss


def test_guide_links_resolve(client, settings):
    seed_forum()
    own = re.compile(rf'href="{re.escape(settings.SITE_URL)}(/[^"?#]*)')
    paths = set()
    for post in Post.objects.filter(topic__tags__name__in=["forum-howto", "dp0"]):
        paths |= set(own.findall(post.cooked))

    broken = [path for path in sorted(paths) if client.get(path).status_code >= 400]

    assert len(paths) > 20
    assert broken == []


def test_restricted_demo_content_is_hidden_from_visitors(
    client, settings, tmp_path, anonymous
):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    seed_forum(demo=True)
    search.rebuild()
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


def test_welcome_topic_is_pinned_globally(client):
    seed_forum()
    welcome = seeded_topic("001-new-to-the-forum")

    assert welcome.is_pinned_globally
    # Subcategories are a nested list (Python-Markdown nests at four spaces).
    assert "It has subcategories:<ul>" in guide("001-new-to-the-forum")
    assert Topic.objects.filter(is_pinned_globally=True).get() == welcome
    assert welcome.title in client.get("/latest").content.decode()


def test_dp0_index_links_every_contribution_topic(settings):
    seed_forum()
    index = guide("031-dp0-contribution-menu-index")
    options = Topic.objects.filter(tags__name="dp0-contribution").exclude(
        pk=seeded_topic("031-dp0-contribution-menu-index").pk
    )

    assert options.count() >= 10
    for option in options:
        assert f'href="{settings.SITE_URL}{option.get_absolute_url()}"' in index


@pytest.mark.parametrize(
    "path",
    sorted(
        path
        for path in (FIXTURES_DIR / "topics").glob("*.md")
        if "dp0-contribution" in (parse_topic_file(path).meta.get("tags") or [])
        and not path.name.startswith("031-")
    ),
    ids=lambda path: path.stem,
)
def test_each_contribution_topic_says_what_time_how_and_reporting(path):
    body = fill_in(parse_topic_file(path).posts[0].body)
    headings = re.findall(r"^#+ (.+)$", body, re.MULTILINE)

    for section in CONTRIBUTION_SECTIONS:
        assert any(section.lower() in h.lower() for h in headings), (section, headings)
    assert any(REPORT_BACK.search(h) for h in headings), headings


def test_production_seed_has_the_guides_and_no_invented_people():
    personas = [spec["username"] for spec in load_yaml(USERS) if spec.get("demo")]
    report = seed_forum()

    assert not User.objects.filter(username__in=personas).exists()
    assert not Post.objects.filter(author__username__in=personas).exists()
    assert not Topic.objects.filter(category__slug="transients-variables").exists()
    assert seeded_topic("019-searching-with-filters").tags.filter(name="forum-howto")
    assert report.left_out > 20


def test_demo_activity_is_recent_and_spread_over_months():
    seed_forum(demo=True)
    now = timezone.now()
    bumped = sorted(Topic.objects.values_list("bumped_at", flat=True))

    assert now - bumped[-1] < timedelta(days=3)
    assert now - bumped[0] > timedelta(days=90)
    assert all(date <= now for date in bumped)
    assert Topic.objects.filter(view_count=0).count() == 0
    for topic in Topic.objects.all():
        assert topic.view_count > topic.reply_count, topic.title


def test_demo_solved_at_follows_the_answer():
    seed_forum(demo=True)
    solved = Topic.objects.filter(solution__isnull=False).select_related("solution")

    assert solved.count() >= 8
    for topic in solved:
        assert topic.solution.created_at < topic.solved_at <= timezone.now()
        assert topic.solved_at - topic.solution.created_at < timedelta(days=1)


def test_demo_people_joined_before_and_were_seen_after_their_posts():
    seed_forum(demo=True)
    for user in User.objects.all():
        posts = Post.objects.filter(author=user).order_by("created_at")
        assert user.last_seen_at is not None, user.username
        if posts:
            assert user.date_joined < posts.first().created_at, user.username
            assert user.last_seen_at > posts.last().created_at, user.username
    recent = timezone.now() - timedelta(days=14)
    assert User.objects.filter(last_seen_at__gt=recent).count() >= 10


def test_dp0_contribution_index_is_pinned_in_its_category():
    seed_forum()
    index = seeded_topic("031-dp0-contribution-menu-index")

    assert index.is_pinned and not index.is_pinned_globally


def test_demo_has_a_topic_long_enough_to_page(client, settings):
    seed_forum(demo=True)
    longest = Topic.objects.order_by("-post_count").first()

    assert longest.post_count > settings.FORUM_POSTS_PER_PAGE
    page_two = client.get(f"{longest.get_absolute_url()}?page=2").text
    assert f'id="post-{settings.FORUM_POSTS_PER_PAGE + 1}"' in page_two


def test_dp0_delegates_ask_questions_some_solved_some_open():
    seed_forum(demo=True)
    questions = Topic.objects.filter(category__slug="dp0").exclude(
        tags__name__in=["dp0-contribution", "introductions", "showcase"]
    )

    assert questions.filter(solution__isnull=False).count() >= 2
    assert questions.filter(solution__isnull=True).count() >= 2
