"""Whoosh scores only a bounded set of the best posts, keeps its index open per
thread and caches its filters: the answers are still those of scoring every
matching post (what the backend did before), page by page."""

import pytest
from whoosh.query import And

from forum.search import indexing, services
from forum.search.backends import whoosh_backend, whoosh_view
from forum.search.backends.whoosh_backend import WhooshBackend
from forum.search.query import parse
from tests.factories import PostFactory, TopicFactory


@pytest.fixture
def whoosh(settings, tmp_path, db):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return WhooshBackend()


@pytest.fixture
def crowded(whoosh, category, member, other_member):
    """One topic whose many posts all score high, among topics mentioning the
    word once: its posts fill any small top-N of posts."""
    crowd = TopicFactory(
        category=category,
        author=member,
        title="Vignetting in every exposure",
        raw="Vignetting, vignetting and more vignetting at the edges.",
    )
    for number in range(8):
        PostFactory(
            topic=crowd,
            author=other_member,
            raw=f"Vignetting again in exposure {number}: vignetting vignetting.",
        )
    for number in range(7):
        topic = TopicFactory(
            category=category,
            author=member,
            title=f"Night report number {number}",
            raw=f"Clear night {number}. Some vignetting was seen late.",
        )
        PostFactory(
            topic=topic, author=other_member, raw=f"Thanks for report {number}."
        )
    indexing.rebuild()


def every_match_scored(backend, text, user, page, per_page):
    """The topics and posts of one page as the backend found them before: every
    matching post scored (or sorted by time) and collapsed to its topic."""
    request = services._request(
        parse(text), user, [], offset=(page - 1) * per_page, limit=per_page
    )
    view = backend._view()
    latest = request.order == "latest"
    results = view.searcher.search(
        whoosh_backend._text_query(request),
        filter=And(whoosh_backend._filters(request)),
        limit=None,
        sortedby="created_at" if latest else None,
        reverse=latest,
    )
    topic_ids = view.topic_ids()
    best: dict[int, int] = {}
    for docnum, _score in results.items():
        best.setdefault(topic_ids[docnum], docnum)
    chosen = list(best.items())[request.offset : request.offset + request.limit]
    posts = [
        int(view.searcher.stored_fields(docnum)["post_id"]) for _, docnum in chosen
    ]
    return len(best), [topic_id for topic_id, _ in chosen], posts


@pytest.mark.parametrize("text", ["vignetting", "vignetting order:latest", "night"])
def test_whoosh_pages_match_scoring_every_post(
    whoosh, crowded, member, monkeypatch, text
):
    # The smallest first top-N, so every page needs it widened.
    monkeypatch.setattr(whoosh_view, "CANDIDATES_PER_TOPIC", 1)
    monkeypatch.setattr(whoosh_view, "MIN_CANDIDATES", 1)
    for per_page in (1, 3):
        for page in (1, 2, 3, 9):
            found = services.search(
                parse(text), user=member, page=page, per_page=per_page
            )
            total, topics, posts = every_match_scored(
                whoosh, text, member, page, per_page
            )
            assert found.total == total
            assert [r.topic.id for r in found.results] == topics
            assert [r.post.id for r in found.results] == posts


def test_whoosh_sees_a_new_post_after_its_commit(whoosh, crowded, topic, member):
    assert services.search(parse("quokka"), user=member).total == 0
    PostFactory(topic=topic, raw="A quokka appeared in the dome.")
    indexing.index_topic(topic.id)
    assert services.search(parse("quokka"), user=member).total == 1
