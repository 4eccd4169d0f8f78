"""Search through the API: the site's query language, engine and permissions."""

import pytest

from forum.search import indexing
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"


@pytest.fixture
def index(settings, tmp_path):
    """A fresh index (the site indexes after each commit; tests rebuild instead)."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return indexing.rebuild


@pytest.fixture
def forum(index, topic, secret_topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="The calexp mask plane helps.")
    index()
    return topic


def test_search_finds_topics_with_blurb_and_post(api, forum):
    response = api.get(URL, {"q": "calexp"})
    assert response.status_code == 200
    data = response.json()
    assert (data["total"], data["next"], data["previous"]) == (1, None, None)
    result = data["results"][0]
    assert result["topic"]["id"] == forum.id
    assert result["topic"]["category"]["slug"] == "support"
    assert result["url"].startswith(f"/t/reading-calexp-images/{forum.id}")
    assert "calexp" in result["blurb"]
    assert "<mark>calexp</mark>" in result["blurb_html"].lower()


def test_search_results_carry_their_topics_tags(api, forum, index):
    forum.tags.add("kafka", "alerts")
    index()
    result = api.get(URL, {"q": "calexp"}).json()["results"][0]
    assert result["topic"]["tags"] == ["alerts", "kafka"]


def test_search_understands_the_query_language(api, forum):
    data = api.get(URL, {"q": "calexp @bob #support"}).json()
    assert [r["post"]["author"]["username"] for r in data["results"]] == ["bob"]
    assert data["query"] == "calexp #support @bob"


def test_search_reports_what_it_could_not_use(api, forum):
    data = api.get(URL, {"q": "calexp #no-such-category"}).json()
    assert data["results"] == []
    assert "There is no category “no-such-category”." in data["warnings"]


def test_search_never_shows_restricted_topics(api, as_user, member, staff, forum):
    assert api.get(URL, {"q": "embargoed"}).json()["results"] == []
    assert as_user(member).get(URL, {"q": "embargoed"}).json()["total"] == 0
    staff_results = as_user(staff).get(URL, {"q": "embargoed"}).json()["results"]
    assert [r["topic"]["title"] for r in staff_results] == [
        "Embargoed supernova candidates list"
    ]


def test_search_pages_link_to_each_other(api, index, category, member, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(3):
        TopicFactory(category=category, author=member, title=f"Photometry topic {n}")
    index()
    first = api.get(URL, {"q": "photometry"}).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert "page" not in second["previous"]


def test_search_page_past_the_end_is_404(api, forum):
    response = api.get(URL, {"q": "calexp", "page": 5})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"q": "calexp", "page": "two"}, "page"),
        ({"q": "calexp", "page": 101}, "page"),
    ],
)
def test_search_bad_input_is_400(api, forum, query, field):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_search_with_nothing_to_search_for_is_400(api, forum):
    response = api.get(URL, {"q": '"'})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("q: Nothing to search for")


def test_search_unavailable_is_503(api, forum, settings, monkeypatch):
    from forum.search import tasks

    settings.SEARCH_BACKEND = "whoosh"
    indexing.rebuild()
    monkeypatch.setattr(tasks, "schedule_rebuild", lambda: None)
    for path in (settings.SEARCH_INDEX_DIR / "current").iterdir():
        path.write_bytes(b"\x00garbage")
    response = api.get(URL, {"q": "calexp"})
    assert response.status_code == 503
    assert "damaged" in response.json()["detail"]
