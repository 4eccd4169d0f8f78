import pytest

from tests.factories import TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_opens_topic_and_posts_a_reply(
    page, live_server, sign_in, category, member, other_member
):
    topic = TopicFactory(
        category=category, author=member, title="Which butler collection has calexps?"
    )
    sign_in(other_member)
    page.goto(live_server.url + "/")
    page.click(f"text={topic.title}")
    assert page.locator(".topic-heading").inner_text().endswith(topic.title)

    page.fill("textarea[name=raw]", "Try the **HSC/runs/RC2** collection, $x^2$ too.")
    page.locator(".preview strong").wait_for()
    page.click("#reply button[type=submit]")

    reply = page.locator("#post-2")
    reply.wait_for()
    assert "HSC/runs/RC2" in reply.inner_text()
    assert reply.locator("math").count() == 1
