"""/robots.txt: private pages and endless list variations stay out of indexes,
and a setting closes the whole site."""

import pytest


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://forum.example.org"
    return settings.SITE_URL


def test_robots_txt_keeps_private_pages_out_and_points_to_the_sitemap(
    client, db, site_url
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for private in ["/search", "/u/", "/my/", "/admin/", "/review", "/*?token="]:
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines
    assert lines[-1] == f"Sitemap: {site_url}/sitemap.xml"


def test_robots_txt_lets_topics_and_categories_be_crawled(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    disallowed = [
        line.split(": ", 1)[1] for line in lines if line.startswith("Disallow")
    ]
    for public in ["/t/", "/c/", "/latest", "/tag/", "/categories"]:
        assert not any(public.startswith(path) for path in disallowed), public


def test_a_closed_site_disallows_everything(client, db, settings):
    settings.SEARCH_ENGINES_ALLOWED = False
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /"]


def test_a_closed_site_marks_every_page_noindex(client, topic, settings):
    settings.SEARCH_ENGINES_ALLOWED = False
    for path in ["/latest", topic.get_absolute_url()]:
        assert (
            b'<meta name="robots" content="noindex, nofollow">'
            in client.get(path).content
        )


def test_robots_txt_answers_get_only(client, db):
    assert client.post("/robots.txt").status_code == 405
