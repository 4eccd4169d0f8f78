"""The defects seen in a real browser (issue #16), each judged by Chromium."""

import pytest

from forum.moderation.services import flag_post
from tests.factories import PostFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _contrast(page, selector: str) -> float:
    """WCAG contrast ratio of an element's text against its own background."""
    return page.locator(selector).first.evaluate(
        """el => {
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => {
            const f = v => (v /= 255) <= 0.03928
              ? v / 12.92 : ((v + .055) / 1.055) ** 2.4;
            return .2126 * f(r) + .7152 * f(g) + .0722 * f(b);
          };
          const style = getComputedStyle(el);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
          return (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
        }"""
    )


def test_marking_and_unmarking_a_solution_keeps_the_page(
    open_page, live_server, js, category, member, other_member
):
    topic = TopicFactory(category=category, author=member, title="Butler cannot find")
    PostFactory(topic=topic, author=other_member, raw="Register the collection first.")
    page = open_page(member, js=js)
    page.goto(live_server.url + topic.get_absolute_url())

    page.click("#post-2 button:has-text('Mark as solution')")
    box = page.locator(".solution-box")
    box.wait_for()
    assert "Register the collection first." in box.inner_text()
    assert page.locator(".topic-heading").is_visible()
    assert page.locator("#post-2").is_visible()

    page.click("#post-2 button:has-text('Unmark solution')")
    page.locator("#post-2 button:has-text('Mark as solution')").wait_for()
    assert page.locator(".solution-box").count() == 0
    assert page.locator(".topic-heading").is_visible()


def test_hidden_quote_button_stays_hidden_on_signed_in_pages(
    open_page, live_server, topic, other_member
):
    page = open_page(other_member)
    page.goto(live_server.url + topic.get_absolute_url())
    quote_button = page.locator("button.quote-button")
    quote_button.wait_for(state="attached")
    assert quote_button.is_hidden()


def test_review_queue_delete_button_has_readable_label(
    open_page, live_server, topic, other_member, moderator
):
    flag_post(post=topic.posts.get(post_number=1), user=other_member, reason="spam")
    page = open_page(moderator)
    page.goto(live_server.url + "/review")
    button = "button:has-text('Agree: delete')"
    assert page.locator(button).is_visible()
    assert _contrast(page, button) >= 4.5


def test_author_deletes_a_reply_after_confirming_and_undoes_it(
    open_page, live_server, js, topic, other_member
):
    reply = PostFactory(topic=topic, author=other_member, raw="A reply I regret now.")
    page = open_page(other_member, js=js)
    page.goto(live_server.url + reply.get_absolute_url())
    actions = page.locator("#post-2 .post-actions")
    assert actions.get_by_text("Delete").is_hidden()  # behind the "more" menu

    actions.get_by_label("More actions on post #2").click()
    actions.get_by_text("Delete").click()
    assert page.locator("h1").inner_text() == "Delete post #2?"
    page.get_by_role("button", name="Delete").click()

    assert "You can undo this" in page.locator(".messages").inner_text()
    assert "This post was deleted." in page.locator("#post-2").inner_text()
    page.locator("#post-2").get_by_role("button", name="Undo delete").click()
    assert page.locator("#post-2 .notice").count() == 0
    assert "A reply I regret now." in page.locator("#post-2 .cooked").inner_text()


def test_moderator_sees_few_actions_under_a_post(
    open_page, live_server, topic, moderator
):
    page = open_page(moderator)
    page.goto(live_server.url + topic.get_absolute_url())
    visible = (
        page.locator("#post-1 .post-actions").get_by_role("button").filter(visible=True)
    )
    assert visible.count() <= 4
    assert page.locator("#post-1 button.danger").filter(visible=True).count() == 0


def test_aligned_math_aligns_and_brackets_stretch(open_page, live_server, topic):
    raw = (
        "$$\n\\begin{aligned} f(x) &= \\left( \\frac{a}{b} \\right)^2 \\\\\n"
        "  g(x) &= x + 1 \\end{aligned}\n$$"
    )
    PostFactory(topic=topic, author=topic.author, raw=raw)
    page = open_page()
    page.goto(live_server.url + topic.get_absolute_url())
    math = page.locator("#post-2 math")
    assert "&" not in math.text_content()
    rows = math.locator("mtr")
    assert rows.count() == 2
    first, second = (rows.nth(i).bounding_box() for i in (0, 1))
    assert second["y"] > first["y"] + first["height"] / 2  # two lines
    equals = math.locator("mo", has_text="=")
    assert (
        abs(equals.nth(0).bounding_box()["x"] - equals.nth(1).bounding_box()["x"]) < 2
    )
    bracket = math.locator("mo[stretchy=true]").first.bounding_box()
    letter = math.locator("mi").first.bounding_box()
    assert bracket["height"] > 1.3 * letter["height"]
