import feedparser
import pytest
from django.urls import reverse

from forum.subscriptions import services
from forum.topics import services as topic_services
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.fixture
def forum(topic, secret_topic, member, other_member, moderator):
    topic.tags.add("butler")
    secret_topic.tags.add("butler")
    reply = PostFactory(
        topic=topic, author=other_member, raw="Use **butler.get** here."
    )
    topic_services.accept_solution(topic=topic, post=reply, by=member)
    return topic


def feed_urls(topic, category):
    return [
        reverse("feeds:latest"),
        reverse("feeds:posts"),
        reverse("feeds:top"),
        reverse("feeds:category", args=[category.slug, category.id]),
        reverse("feeds:category_solved", args=[category.slug, category.id]),
        reverse("feeds:category_unsolved", args=[category.slug, category.id]),
        reverse("feeds:tag", args=["butler"]),
        reverse("feeds:tag_solved", args=["butler"]),
        reverse("feeds:tag_unsolved", args=["butler"]),
        reverse("feeds:topic", args=[topic.slug, topic.id]),
        reverse("feeds:user_activity", args=["bob"]),
    ]


def test_every_feed_parses_and_hides_restricted_content(client, forum, category):
    for url in feed_urls(forum, category):
        feed = parse(client, url)
        text = str(feed)
        assert "Embargoed" not in text, url


def test_latest_feed_has_cooked_content_dates_guids_and_absolute_links(client, forum):
    entry = parse(client, reverse("feeds:latest")).entries[0]
    assert entry.title == "[Solved] Reading calexp images"
    assert entry.link.startswith("http://testserver/t/reading-calexp-images/")
    assert entry.id.startswith("post-")
    assert entry.published_parsed
    assert "I am trying to read" in entry.summary


def test_feed_self_link_uses_site_url(client, forum, category, settings):
    settings.SITE_URL = "https://forum.example.org"
    for url in feed_urls(forum, category):
        links = parse(client, url).feed.links
        assert {link.rel: link.href for link in links}["self"] == (
            "https://forum.example.org" + url
        ), url


def test_topic_feed_lists_posts(client, forum):
    feed = parse(client, reverse("feeds:topic", args=[forum.slug, forum.id]))
    assert any("butler.get" in entry.summary for entry in feed.entries)


def test_solved_and_unsolved_feeds_filter(client, forum, category):
    TopicFactory(category=category, title="An open question about PSFs")
    solved = parse(
        client, reverse("feeds:category_solved", args=[category.slug, category.id])
    )
    unsolved = parse(
        client, reverse("feeds:category_unsolved", args=[category.slug, category.id])
    )
    assert [e.title for e in solved.entries] == ["[Solved] Reading calexp images"]
    assert [e.title for e in unsolved.entries] == ["An open question about PSFs"]


def test_restricted_category_feed_is_404(client, restricted_category, secret_topic):
    url = reverse(
        "feeds:category", args=[restricted_category.slug, restricted_category.id]
    )
    assert client.get(url).status_code == 404


def test_restricted_topic_feed_is_404(client, secret_topic):
    url = reverse("feeds:topic", args=[secret_topic.slug, secret_topic.id])
    assert client.get(url).status_code == 404


def test_personal_feed_carries_what_the_member_may_see(
    client, forum, member, collaboration
):
    member.groups.add(collaboration)
    token = services.reset_feed_token(user=member).token
    feed = parse(client, reverse("feeds:latest") + f"?token={token}")
    assert any("Embargoed" in entry.title for entry in feed.entries)


def test_reset_token_invalidates_old_feed_url(client, member):
    old = services.reset_feed_token(user=member).token
    services.reset_feed_token(user=member)
    assert client.get(reverse("feeds:latest") + f"?token={old}").status_code == 404


def test_feed_answers_conditional_get(client, forum):
    first = client.get(reverse("feeds:latest"))
    again = client.get(reverse("feeds:latest"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_pages_link_their_feeds(client, forum, category):
    assert 'href="/latest.rss"' in client.get(reverse("topics:latest")).text
    assert (
        f'href="/c/support/{category.id}.rss"'
        in client.get(category.get_absolute_url()).text
    )
    assert (
        f"/t/{forum.slug}/{forum.id}.rss" in client.get(forum.get_absolute_url()).text
    )


def test_naughty_titles_keep_feeds_well_formed(client, category, moderator):
    for title in [
        "<script>alert(1)</script> title",
        "Ω≈ç√∫˜µ≤≥÷ and more",
        "\u202eright-to-left",
    ]:
        TopicFactory(category=category, author=moderator, title=title + " padding text")
    parse(client, reverse("feeds:latest"))


@pytest.mark.parametrize("count", [5, 50])
def test_latest_feed_query_count(
    client, category, member, count, django_assert_max_num_queries
):
    for n in range(count):
        TopicFactory(
            category=category, author=member, title=f"Feed topic number {n:03}"
        )
    with django_assert_max_num_queries(6):
        client.get(reverse("feeds:latest"))
