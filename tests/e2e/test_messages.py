"""Personal messages in Chromium, JavaScript on and off: a moderator messages a
member from a flag in the review queue, the member replies, and nobody else can
open the conversation."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from forum.conversations.models import Conversation
from forum.moderation.services import flag_post
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_moderator_messages_the_author_of_a_flagged_post_and_they_reply(
    open_page, live_server, js, category, moderator
):
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    topic = TopicFactory(
        category=category, author=alice, title="Reading calexp images with the Butler"
    )
    spam = PostFactory(topic=topic, author=bob, raw="Buy cheap telescopes today!")
    flag_post(user=alice, post=spam, reason="spam")

    page = open_page(moderator, js=js)
    page.goto(live_server.url + "/review")
    page.get_by_role("link", name="Message the author").first.click()
    expect(page.locator("input[name=to]")).to_have_value("bob")
    expect(page.locator("input[name=title]")).to_have_value(
        "About your post in “Reading calexp images with the Butler”"
    )
    expect(page.locator("textarea[name=raw]")).to_contain_text(spam.get_absolute_url())
    page.locator("textarea[name=raw]").press("End")
    page.locator("textarea[name=raw]").press_sequentially(
        "Please keep offers out of the Support category."
    )
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text(
        "About your post in “Reading calexp images with the Butler”"
    )
    expect(page.locator("main")).to_contain_text("keep offers out")
    conversation = Conversation.objects.get()
    assert [m.to for m in mail.outbox if "[Message]" in m.subject] == [[bob.email]]

    reader = open_page(bob, js=js)
    reader.goto(live_server.url + "/latest")
    reader.get_by_role("link", name="Messages: 1 unread").click()
    expect(reader.locator(".conversation-row")).to_contain_text("1 new")
    reader.locator(".conversation-row a").first.click()
    expect(reader.locator("main")).to_contain_text("keep offers out")
    reader.fill("textarea[name=raw]", "Sorry, I will post it in the market thread.")
    reader.get_by_role("button", name="Reply").click()
    expect(reader.locator("#m2")).to_contain_text("market thread")
    expect(reader.get_by_role("link", name="Messages: 1 unread")).to_have_count(0)

    page.goto(live_server.url + conversation.get_absolute_url())
    expect(page.locator("#m2")).to_contain_text("market thread")

    outsider = open_page(alice, js=js)
    response = outsider.goto(live_server.url + conversation.get_absolute_url())
    assert response.status == 404
    outsider.goto(live_server.url + "/latest")
    expect(outsider.locator("main")).not_to_contain_text("keep offers out")
