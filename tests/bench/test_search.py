"""The benchmark's search pages: the servers' Whoosh index is ready before they
start (no request rebuilds it), and at sizes Whoosh is not meant for the search
page scenarios are skipped, saying why, instead of starving later scenarios."""

import pytest
from whoosh import index

from bench import search as search_bench
from forum.search.backends.whoosh_backend import WhooshBackend
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def whoosh(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return WhooshBackend()


def test_past_whooshs_size_the_search_pages_are_skipped_without_an_index(
    whoosh, tmp_path
):
    reason = search_bench.prepare_whoosh_pages(
        tmp_path / "record.json", search_bench.WHOOSH_POSTS + 1
    )

    assert reason.startswith("skipped: Whoosh is for ≤ 20,000 posts")
    assert not index.exists_in(str(whoosh.current))


def test_within_whooshs_size_the_index_is_built_before_the_servers(
    whoosh, tmp_path, topic
):
    PostFactory(topic=topic, raw="Photometry of calexp images")

    assert search_bench.prepare_whoosh_pages(tmp_path / "record.json", 1) == ""
    assert index.exists_in(str(whoosh.current))


def test_an_index_built_for_other_posts_is_rebuilt(whoosh, tmp_path, topic):
    record = tmp_path / "record.json"
    search_bench.prepare_whoosh_pages(record, 1)
    first = whoosh.current.resolve()

    search_bench.prepare_whoosh_pages(record, 1)
    assert whoosh.current.resolve() == first  # the same posts: reused

    PostFactory(topic=topic, raw="A later reply about calexp photometry")
    search_bench.prepare_whoosh_pages(record, 2)
    assert whoosh.current.resolve() != first
