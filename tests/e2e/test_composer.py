"""The composer's aids in a real browser: the toolbar and the @/# completions
with JavaScript on, nothing of them with it off, the category template, and
no serious accessibility violation with the completions open."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import MentionableBy
from accounts.services import ensure_group_profile
from tests.factories import GroupFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def topic_page(open_page, live_server, category, member, other_member):
    topic = TopicFactory(
        category=category, author=member, title="Which butler collection has calexps?"
    )

    def open_topic(*, js=True):
        page = open_page(other_member, js=js)
        page.goto(live_server.url + topic.get_absolute_url())
        return page

    return open_topic


def test_toolbar_wraps_the_selection_in_markdown(topic_page):
    page = topic_page()
    box = page.locator("textarea[name=raw]")
    box.fill("Use the butler here")
    box.evaluate("el => el.setSelectionRange(8, 14)")
    page.click(".composer-toolbar [data-format=bold]")
    assert box.input_value() == "Use the **butler** here"
    page.click(".composer-toolbar [data-format=list]")
    assert "- butler" in box.input_value()


def test_toolbar_code_button_fences_several_lines(topic_page):
    page = topic_page()
    box = page.locator("textarea[name=raw]")
    box.fill("a = 1\nb = 2")
    box.evaluate("el => el.setSelectionRange(0, el.value.length)")
    page.click(".composer-toolbar [data-format=code]")
    assert box.input_value() == "```\na = 1\nb = 2\n```"


def test_without_javascript_there_is_no_toolbar_and_replies_still_post(topic_page):
    page = topic_page(js=False)
    assert page.locator(".composer-toolbar").count() == 0
    page.fill("textarea[name=raw]", "Try the **HSC/runs/RC2** collection instead.")
    page.click("#reply button[type=submit]")
    page.locator("#post-2").wait_for()


def test_at_completes_a_member_with_the_keyboard(topic_page):
    UserFactory(username="carol-calib", name="Carol")
    page = topic_page()
    box = page.locator("textarea[name=raw]")
    box.press_sequentially("Ask @car")
    page.locator(".composer-completions li").first.wait_for()
    box.press("Enter")
    assert box.input_value() == "Ask @carol-calib "


def test_at_completes_a_mentionable_group_by_click(topic_page):
    ensure_group_profile(
        group=GroupFactory(name="calibration-team"),
        mentionable_by=MentionableBy.EVERYONE,
    )
    page = topic_page()
    box = page.locator("textarea[name=raw]")
    box.press_sequentially("Ping @calib")
    page.click(".composer-completions li[data-value='@calibration-team']")
    assert box.input_value() == "Ping @calibration-team "


def test_hash_completes_a_category_and_escape_closes(topic_page, category):
    page = topic_page()
    box = page.locator("textarea[name=raw]")
    box.press_sequentially("See #sup")
    page.locator(".composer-completions li[data-value='#support']").wait_for()
    box.press("Escape")
    assert page.locator(".composer-completions").is_hidden()
    # A reply to an earlier keystroke's query, arriving late, does not reopen it.
    page.wait_for_load_state("networkidle")
    assert page.locator(".composer-completions").is_hidden()


def test_choosing_a_category_puts_its_template_into_an_empty_composer(
    open_page, live_server, category, member
):
    category.topic_template = "What you ran:\n\nWhat happened:\n"
    category.save(update_fields=["topic_template"])
    other = type(category).objects.create(name="Meta", slug="meta")
    page = open_page(member)
    page.goto(f"{live_server.url}/new-topic?category={other.id}")
    box = page.locator("textarea[name=raw]")
    assert box.input_value() == ""
    page.select_option("select[name=category]", str(category.id))
    assert box.input_value() == "What you ran:\n\nWhat happened:\n"
    page.select_option("select[name=category]", str(other.id))
    assert box.input_value() == ""


def test_composer_with_completions_open_has_no_serious_violation(topic_page):
    UserFactory(username="carol-calib", name="Carol")
    page = topic_page()
    page.locator("textarea[name=raw]").press_sequentially("Ask @car")
    page.locator(".composer-completions li").first.wait_for()
    results = (
        Axe()
        .run(
            page,
            context={"include": [["#reply"]]},
            options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
        )
        .response
    )
    serious = [
        v["id"] for v in results["violations"] if v["impact"] in ("critical", "serious")
    ]
    assert serious == []
