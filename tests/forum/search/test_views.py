from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from forum.search import indexing, services
from forum.search.query import parse
from tests.factories import CategoryFactory, PostFactory, TopicFactory

SEARCH = reverse("search:search")
JSON = reverse("discourse:search")
SUGGEST = reverse("search:suggest")


@pytest.fixture
def forum(reindex, topic, secret_topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="The calexp mask plane helps.")
    reindex()
    return topic


def test_search_page_shows_results_with_snippet_author_and_category(forum, client):
    response = client.get(SEARCH, {"q": "calexp"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 topic found" in html
    assert 'href="/t/reading-calexp-images/' in html
    assert "<mark>calexp</mark>" in html
    assert "Support" in html
    assert ">alice<" in html or ">bob<" in html


def test_search_results_show_their_topics_tags(forum, client, reindex):
    forum.tags.add("kafka", "alerts")
    reindex()
    html = client.get(SEARCH, {"q": "calexp"}).content.decode()
    assert 'class="tag"' in html
    assert html.index(">alerts</a>") < html.index(">kafka</a>")
    topics = client.get(JSON, {"q": "calexp"}).json()["topics"]
    assert topics[0]["tags"] == ["alerts", "kafka"]


def test_search_page_marks_solved_topics(forum, client, member):
    from forum.topics import services as topic_services

    reply = forum.posts.get(post_number=2)
    topic_services.accept_solution(topic=forum, post=reply, by=member)
    indexing.index_topic(forum.id)
    html = client.get(SEARCH, {"q": "calexp"}).content.decode()
    assert 'class="solved-mark"' in html


def test_search_page_escapes_user_text(search_backend, client, category, member):
    TopicFactory(
        category=category,
        author=member,
        title="Why <script>alert(1)</script> breaks",
        raw='See <img src=x onerror="alert(2)"> and `<b>bold</b>` in the script.',
    )
    indexing.rebuild()
    response = client.get(SEARCH, {"q": "script"})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")
    assert "&lt;<mark>script</mark>&gt;" in html
    payload = client.get(JSON, {"q": "script"}).json()
    blurb = payload["posts"][0]["blurb"]
    assert "<b>" not in blurb and "<img" not in blurb


def test_search_page_without_query_shows_the_form(search_backend, client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert b"Advanced search" in response.content
    assert b"found" not in response.content


def test_search_page_of_empty_query_says_what_to_type(search_backend, client):
    response = client.get(SEARCH, {"q": '  ""  '})
    assert response.status_code == 200
    assert b"Nothing to search for" in response.content


def test_search_page_paginates_keeping_the_query(
    search_backend, client, category, member, settings
):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for number in range(3):
        TopicFactory(category=category, author=member, title=f"Seeing report {number}")
    indexing.rebuild()
    html = client.get(SEARCH, {"q": "seeing"}).content.decode()
    assert 'href="?q=seeing&amp;page=2"' in html
    second = client.get(SEARCH, {"q": "seeing", "page": "2"}).content.decode()
    assert second.count('class="search-result"') == 1


def test_search_page_rejects_bad_page_numbers(forum, client):
    assert client.get(SEARCH, {"q": "calexp", "page": "x"}).status_code == 404


def test_search_page_htmx_returns_the_results_fragment(forum, client):
    response = client.get(SEARCH, {"q": "calexp"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"search-result" in response.content


def test_advanced_search_builds_the_same_query(forum, client):
    response = client.get(
        SEARCH,
        {
            "advanced": "1",
            "words": "calexp mask",
            "phrase": "mask plane",
            "category": "support",
            "tags": "",
            "username": "@bob",
            "status": "open",
            "where": "",
            "after": "2020-01-01",
            "before": "",
            "order": "latest",
        },
    )
    assert response.status_code == 302
    sent = parse_qs(urlparse(response.url).query)["q"][0]
    assert sent == (
        'calexp mask "mask plane" #support @bob status:open after:2020-01-01 '
        "order:latest"
    )
    page = client.get(response.url)
    assert b"1 topic found" in page.content


def test_advanced_search_form_shows_errors_with_400(search_backend, client):
    response = client.get(
        SEARCH, {"advanced": "1", "category": "nowhere", "after": "x"}
    )
    assert response.status_code == 400
    assert b"field-error" in response.content


def test_search_json_returns_results(forum, client):
    payload = client.get(JSON, {"q": "calexp"}).json()
    assert len(payload["topics"]) == 1
    topic = payload["topics"][0]
    assert topic["title"] == "Reading calexp images"
    assert topic["slug"] == "reading-calexp-images"
    assert topic["category_id"] == forum.category_id
    assert "calexp" in payload["posts"][0]["blurb"]
    assert "<mark>" not in payload["posts"][0]["blurb"]


def test_search_json_rejects_empty_query(search_backend, client):
    response = client.get(JSON, {"q": " "})
    assert response.status_code == 400
    assert "Nothing to search for" in response.json()["errors"][0]


def test_suggest_returns_topic_links(forum, client):
    response = client.get(SUGGEST, {"q": "readin"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reading calexp images" in html or "Search for" in html
    html = client.get(SUGGEST, {"q": "calex"}).content.decode()
    assert '<a class="suggestion" href="/t/reading-calexp-images/' in html


def test_suggest_of_nothing_is_empty(search_backend, client):
    assert client.get(SUGGEST, {"q": ""}).content.strip() == b""


BAD_QUERIES = [
    '"unbalanced',
    'a "b" "c',
    "colour:red",
    "status:",
    "after:9999-99-99 before:0000-00-00",
    "#",
    "@",
    "tags:,,,",
    "x" * 10_000,
    "calexp " * 2000,
    "\x00\x01\x02",
    "🔭 ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "ﷺ",
    "' OR 1=1 --",
    "%s %% \\ ' \"",
    "((( ))) [[[ ]]] && || !",
    "*:* ~ ^2 calexp~",
    "lsst.daf.butler:*",
]


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_search_survives_bad_input(forum, client, text):
    for url in (SEARCH, JSON, SUGGEST):
        response = client.get(url, {"q": text})
        assert response.status_code in (200, 400), (url, response.status_code)


def test_search_survives_invalid_utf8_in_the_url(forum, client):
    for url in (SEARCH, JSON, SUGGEST):
        response = client.get(url + "?q=%ED%A0%80%FF%00calexp")
        assert response.status_code in (200, 400), url


def test_search_survives_naughty_strings(forum, member, naughty_strings):
    for line in naughty_strings:
        page = services.search(parse(line), user=member)
        assert len(page.results) <= min(page.total, page.per_page), line


def test_search_page_survives_naughty_strings(forum, client, naughty_strings):
    for line in naughty_strings[::7]:
        assert client.get(SEARCH, {"q": line}).status_code == 200, line


def _corrupt(settings) -> None:
    index_dir = settings.SEARCH_INDEX_DIR / "current"
    for path in index_dir.iterdir():
        path.write_bytes(b"\x00garbage")


@pytest.mark.parametrize("search_backend", ["whoosh"], indirect=True)
def test_search_reports_corrupt_whoosh_index_and_rebuilds_it(
    forum, client, settings, caplog
):
    _corrupt(settings)
    response = client.get(SEARCH, {"q": "calexp"})
    assert response.status_code == 503
    assert b"being rebuilt" in response.content
    assert client.get(JSON, {"q": "calexp"}).status_code in (200, 503)
    # Tasks run in-process here, so the rebuild has already happened.
    assert b"1 topic found" in client.get(SEARCH, {"q": "calexp"}).content


@pytest.mark.parametrize("search_backend", ["whoosh"], indirect=True)
def test_search_rebuilds_a_missing_whoosh_index(forum, client, settings):
    import shutil

    shutil.rmtree(settings.SEARCH_INDEX_DIR)
    response = client.get(SEARCH, {"q": "calexp"})
    assert response.status_code == 200
    assert b"1 topic found" in response.content


@pytest.mark.parametrize("search_backend", ["whoosh"], indirect=True)
def test_search_reports_missing_index_when_it_cannot_be_built(
    forum, client, settings, monkeypatch
):
    import shutil

    from forum.search import tasks

    monkeypatch.setattr(tasks, "schedule_rebuild", lambda: None)
    shutil.rmtree(settings.SEARCH_INDEX_DIR)
    response = client.get(SEARCH, {"q": "calexp"})
    assert response.status_code == 503
    assert b"being built" in response.content


@pytest.mark.parametrize("topics", [3, 12])
def test_search_page_query_count_is_bounded(
    search_backend, client, category, member, topics, django_assert_max_num_queries
):
    other = CategoryFactory(name="Data", slug="data")
    for number in range(topics):
        topic = TopicFactory(
            category=category if number % 2 else other,
            author=member,
            title=f"Seeing report number {number}",
        )
        PostFactory(
            topic=topic, author=member, raw=f"More about the seeing tonight, {number}."
        )
    indexing.rebuild()
    client.force_login(member)
    client.get(SEARCH, {"q": "seeing"})  # warm the per-user access cache
    with django_assert_max_num_queries(9):
        response = client.get(SEARCH, {"q": "seeing #support @alice status:open"})
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        client.get(SUGGEST, {"q": "seein"})
    # Discourse's shape also lists matching users and categories: two more.
    with django_assert_max_num_queries(10):
        client.get(JSON, {"q": "seeing order:likes"})


SIMILAR = "/search/similar"


def test_similar_finds_topics_sharing_the_titles_distinctive_words(forum, client):
    html = client.get(
        SIMILAR, {"title": "Problems reading calexp files"}
    ).content.decode()
    assert "Similar topics already asked" in html
    assert 'href="/t/reading-calexp-images/' in html


def test_similar_never_shows_what_the_viewer_cannot_see(forum, client, secret_topic):
    html = client.get(
        SIMILAR, {"title": "embargoed supernova candidates"}
    ).content.decode()
    assert secret_topic.title not in html
    assert html.strip() == ""


@pytest.mark.parametrize("title", ["", "a b c", "x" * 5000, '"unbalanced', "#"])
def test_similar_of_short_or_odd_titles_is_empty_not_an_error(
    search_backend, client, title
):
    response = client.get(SIMILAR, {"title": title})
    assert response.status_code == 200
    assert response.content.strip() == b""


def test_the_new_topic_form_asks_for_similar_topics_while_the_title_is_typed(
    client, member
):
    client.force_login(member)
    html = client.get("/new-topic").content.decode()
    assert 'hx-get="/search/similar"' in html
    assert 'id="similar-topics"' in html
