"""While a member types a new topic's title, topics with similar titles appear
under it (JavaScript on); without JavaScript the form works as before."""

import pytest

from forum.search import indexing as search

from .site import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    built = build_site()
    search.rebuild()
    return built


def test_similar_topics_appear_while_the_title_is_typed(open_page, live_server, site):
    page = open_page(site.member)
    page.goto(f"{live_server.url}/new-topic")
    page.get_by_label("Title").press_sequentially(
        "Wrong background in my calexp", delay=20
    )
    box = page.locator("#similar-topics .similar-box")
    box.wait_for(state="visible", timeout=10_000)
    assert "Similar topics already asked" in box.inner_text()
    assert site.topic.title in box.inner_text()


def test_without_javascript_the_form_has_no_similar_box(open_page, live_server, site):
    page = open_page(site.member, js=False)
    page.goto(f"{live_server.url}/new-topic")
    page.get_by_label("Title").fill("Wrong background in my calexp")
    assert page.locator("#similar-topics").inner_text() == ""
    assert page.get_by_role("button", name="Create topic").is_visible()
