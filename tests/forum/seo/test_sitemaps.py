"""The sitemaps list what an anonymous visitor may read, on SITE_URL, split into
pages when a section grows past its limit."""

import xml.etree.ElementTree as ET

import pytest

from forum.seo.sitemaps import TopicSitemap
from forum.topics import services
from tests.factories import TopicFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(response) -> list[str]:
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://forum.example.org"
    return settings.SITE_URL


def test_index_lists_each_section_on_site_url(client, site_url, topic):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert _locations(response) == [
        f"{site_url}/sitemap-topics.xml",
        f"{site_url}/sitemap-categories.xml",
    ]
    assert "noindex" in response["X-Robots-Tag"]


def test_topics_section_lists_public_topics_with_last_post_time(
    client, site_url, topic, secret_topic
):
    response = client.get("/sitemap-topics.xml")
    assert _locations(response) == [f"{site_url}{topic.get_absolute_url()}"]
    assert topic.last_posted_at.date().isoformat() in response.content.decode()
    assert secret_topic.title not in response.content.decode()


def test_categories_section_leaves_out_restricted_categories(
    client, site_url, category, restricted_category
):
    locations = _locations(client.get("/sitemap-categories.xml"))
    assert f"{site_url}{category.get_absolute_url()}" in locations
    assert not any(restricted_category.slug in location for location in locations)


def test_unlisted_and_deleted_topics_are_left_out(client, category, member, moderator):
    unlisted = TopicFactory(
        category=category, author=member, title="An unlisted topic here"
    )
    services.unlist_topic(topic=unlisted, by=moderator)
    deleted = TopicFactory(
        category=category, author=member, title="A deleted topic over here"
    )
    services.delete_topic(topic=deleted, by=moderator)
    shown = TopicFactory(
        category=category, author=member, title="A listed topic right here"
    )
    locations = _locations(client.get("/sitemap-topics.xml"))
    assert [location.rsplit("/", 1)[-1] for location in locations] == [str(shown.id)]


def test_a_section_past_its_limit_is_split_into_pages(
    client, monkeypatch, site_url, category, member
):
    monkeypatch.setattr(TopicSitemap, "limit", 2)
    topics = [TopicFactory(category=category, author=member) for _ in range(3)]
    index = _locations(client.get("/sitemap.xml"))
    assert index[1].endswith("/sitemap-topics.xml?p=2")
    second_page = _locations(client.get("/sitemap-topics.xml?p=2"))
    assert second_page == [f"{site_url}{topics[2].get_absolute_url()}"]


@pytest.mark.parametrize("page", ["0", "9", "x"])
def test_a_page_that_does_not_exist_is_404(client, topic, page):
    assert client.get(f"/sitemap-topics.xml?p={page}").status_code == 404


def test_an_unknown_section_is_404(client, db):
    assert client.get("/sitemap-users.xml").status_code == 404


def test_a_site_closed_to_search_engines_has_no_sitemap(client, settings, topic):
    settings.SEARCH_ENGINES_ALLOWED = False
    assert client.get("/sitemap.xml").status_code == 404
    assert client.get("/sitemap-topics.xml").status_code == 404


def test_sitemap_queries_are_bounded(
    client, category, member, django_assert_max_num_queries
):
    for _ in range(5):
        TopicFactory(category=category, author=member)
    with django_assert_max_num_queries(6):
        client.get("/sitemap-topics.xml")
