import pytest

from forum.search import indexing
from tests.factories import TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_header_search_suggests_topics_while_typing(
    page, live_server, settings, tmp_path, category, member
):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    topic = TopicFactory(
        category=category, author=member, title="Which butler collection has calexps?"
    )
    indexing.rebuild()
    page.goto(live_server.url + "/latest")
    page.locator("#header-search").press_sequentially("butler calex", delay=40)
    suggestion = page.locator("#search-suggestions a.suggestion").first
    suggestion.wait_for()
    assert suggestion.inner_text().endswith(topic.title)
    assert suggestion.locator("mark").count() >= 1

    page.locator("#header-search").press_sequentially("ps")
    page.locator("#header-search").press("Enter")
    page.wait_for_url("**/search?q=butler+calexps")
    assert "1 topic found" in page.locator(".search-summary").inner_text()
