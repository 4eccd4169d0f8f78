"""The project's own seed content (fixtures/) without the demo: complete, true
to the code. The demo on top of it: tests/forum/demo/test_seed_demo.py."""

import re

import pytest

from accounts.models import User
from forum.categories.models import Category
from forum.demo.fixtures_format import load_yaml, parse_topic_file
from forum.demo.models import SeededPost
from forum.demo.seeding import FIXTURES_DIR, seed_topic_file
from forum.demo.templating import QUOTED_SETTINGS, fill_in
from forum.topics.models import Post, Topic

# Every test reads the one forum seeded from fixtures/ (see conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_forum")]

USERS = FIXTURES_DIR / "users.yaml"
CONTRIBUTION_SECTIONS = ["What it involves", "Time needed", "How to take part"]
REPORT_BACK = re.compile(r"report(ing)? back", re.IGNORECASE)


def seeded_topic(key: str) -> Topic:
    return (
        SeededPost.objects.select_related("post__topic").get(key=f"{key}#1").post.topic
    )


def guide(key: str) -> str:
    return seeded_topic(key).posts.get(post_number=1).cooked


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
    assert expected not in guide(key)

    setattr(settings, name, value)
    report = seed_topic_file(FIXTURES_DIR / "topics" / f"{key}.md")

    assert f"topic {key}" in report.updated
    assert expected in guide(key)


def test_guides_link_to_feeds_and_pages_from_the_code(settings):
    settings.SITE_URL = "https://forum.example.org"
    seed_topic_file(FIXTURES_DIR / "topics" / "011-subscribe-rss.md")
    data_qa = Category.objects.get(slug="data-qa")

    rss = guide("011-subscribe-rss")

    assert "https://forum.example.org/latest.rss" in rss
    assert f"https://forum.example.org/c/science/data-qa/{data_qa.id}.rss" in rss
    assert f"/c/data-qa/{data_qa.id}/unsolved.rss" in rss
    assert "https://forum.example.org/tag/dp0/unsolved.rss" in rss
    assert "/u/&lt;your username&gt;/feeds" in rss


def test_guide_links_resolve(client, settings):
    own = re.compile(rf'href="{re.escape(settings.SITE_URL)}(/[^"?#]*)')
    paths = set()
    for post in Post.objects.filter(topic__tags__name__in=["forum-howto", "dp0"]):
        paths |= set(own.findall(post.cooked))

    broken = [path for path in sorted(paths) if client.get(path).status_code >= 400]

    assert len(paths) > 20
    assert broken == []


def test_welcome_topic_is_pinned_globally(client):
    welcome = seeded_topic("001-new-to-the-forum")

    assert welcome.is_pinned_globally
    # Subcategories are a nested list (Python-Markdown nests at four spaces).
    assert "It has subcategories:<ul>" in guide("001-new-to-the-forum")
    assert Topic.objects.filter(is_pinned_globally=True).get() == welcome
    assert welcome.title in client.get("/latest").content.decode()


def test_dp0_index_links_every_contribution_topic(settings):
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


def test_production_seed_has_the_guides_and_no_invented_people(seeded_forum):
    personas = [spec["username"] for spec in load_yaml(USERS) if spec.get("demo")]
    report = seeded_forum

    assert not User.objects.filter(username__in=personas).exists()
    assert not Post.objects.filter(author__username__in=personas).exists()
    assert not Topic.objects.filter(category__slug="transients-variables").exists()
    assert seeded_topic("019-searching-with-filters").tags.filter(name="forum-howto")
    assert report.left_out > 20


def test_dp0_contribution_index_is_pinned_in_its_category():
    index = seeded_topic("031-dp0-contribution-menu-index")

    assert index.is_pinned and not index.is_pinned_globally


def test_project_fixtures_seed_the_preferences_guides(seeded_forum):
    assert not [line for line in seeded_forum.skipped if "preferences" in line]


def test_howto_guides_and_the_dp0_resource_index_are_reviewed_wikis(client):
    howtos = Topic.objects.filter(tags__name="forum-howto", category__slug="meta")
    wikis = [seeded_topic("030-dp0-onboarding-resources"), *howtos]
    firsts = Post.objects.filter(topic__in=wikis, post_number=1)

    assert len(wikis) > 10
    assert all(post.is_wiki and post.reviewed_on for post in firsts)
    page = client.get(seeded_topic("015-using-tags").get_absolute_url())
    assert "last reviewed" in page.content.decode()


def test_tags_guide_tells_the_truth_about_changing_tags(settings):
    settings.FORUM_TOPIC_EDIT_DAYS = [2, 9, 40]
    text = fill_in(
        parse_topic_file(FIXTURES_DIR / "topics/015-using-tags.md").posts[0].body
    )

    assert "can't be changed" not in text
    assert "9 days from trust level 1" in text
