"""Discourse's page URLs land where a Discourse user expects."""

import pytest

from tests.factories import CategoryFactory, PostFactory


@pytest.fixture
def long_topic(topic, other_member):
    for n in range(3):
        PostFactory(topic=topic, author=other_member, raw=f"Reply {n} with detail.")
    return topic


def test_topic_id_and_post_number_goes_to_that_post_of_that_topic(client, long_topic):
    response = client.get(f"/t/{long_topic.id}/3")
    assert response.status_code == 302
    assert response.url == long_topic.get_post_url(3)


def test_topic_post_number_past_the_end_goes_to_the_last_post(client, long_topic):
    response = client.get(f"/t/{long_topic.id}/99")
    assert response.url == long_topic.get_post_url(4)


def test_topic_last_goes_to_the_last_post(client, long_topic):
    response = client.get(f"/t/{long_topic.slug}/{long_topic.id}/last")
    assert response.url == long_topic.get_post_url(4)


def test_post_link_goes_to_the_post(client, long_topic):
    post = long_topic.posts.get(post_number=2)
    assert client.get(f"/p/{post.id}").url == long_topic.get_post_url(2)


def test_topic_page_by_slug_and_id_still_renders(client, topic):
    response = client.get(f"/t/{topic.slug}/{topic.id}")
    assert response.status_code == 200
    assert b"Reading calexp images" in response.content


def test_category_by_id_slug_and_parent_child(client, category):
    child = CategoryFactory(name="Butler", slug="butler", parent=category)
    assert client.get(f"/c/{category.id}").url == category.get_absolute_url()
    assert client.get("/c/support").url == category.get_absolute_url()
    assert client.get("/c/support/butler").url == child.get_absolute_url()
    assert client.get(category.get_absolute_url()).status_code == 200


def test_tag_links(client, db):
    # Meridian's own page (for members) stays Meridian's.
    assert client.get("/tags/suggest").url.startswith("/accounts/login/")
    assert client.get("/tags/butler").url == "/tag/butler"
    assert client.get("/tags/c/support/5/butler").url == "/tag/butler"


def test_user_links(client, member):
    assert client.get("/users/alice").url == "/u/alice"
    assert client.get("/u/alice/summary").url == "/u/alice"
    assert client.get("/u/alice/activity/topics").url == "/u/alice/activity"


def test_top_period_about_and_account_links(client):
    assert client.get("/top/weekly").url == "/top?period=weekly"
    for page in ("/about", "/faq", "/tos", "/privacy"):
        assert client.get(page).status_code == 302
    assert client.get("/login").url == "/accounts/login/"
    assert client.get("/signup").url == "/accounts/signup/"


def test_my_pages_are_the_members_own(client, member):
    assert client.get("/my/activity").url.startswith("/accounts/login/")
    client.force_login(member)
    assert client.get("/my/activity").url == "/u/alice/activity"
    assert client.get("/my/summary").url == "/u/alice/summary"


def test_links_to_restricted_content_are_404(client, secret_topic, member):
    client.force_login(member)
    post = secret_topic.posts.get(post_number=1)
    for url in (
        f"/t/{secret_topic.id}/1",
        f"/t/{secret_topic.slug}/{secret_topic.id}/last",
        f"/p/{post.id}",
        f"/c/{secret_topic.category_id}",
        "/c/transients-private",
    ):
        assert client.get(url).status_code == 404, url


def test_unknown_links_are_404(client, db):
    for url in ("/t/999999/2", "/p/999999", "/c/nowhere", "/users/nobody"):
        assert client.get(url).status_code == 404, url


def test_discourse_feed_addresses_answer(client, topic, category, member):
    topic.tags.add("butler")
    for url in (
        "/latest.rss",
        "/posts.rss",
        "/top.rss",
        f"/c/{category.slug}/{category.id}.rss",
        f"/t/{topic.slug}/{topic.id}.rss",
        "/tag/butler.rss",
        f"/u/{member.username}/activity.rss",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<rss" in response.content, url
