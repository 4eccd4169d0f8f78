import re

import pytest

from forum.topics.models import Like, TopicUser
from tests.factories import TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_two_members_read_like_quote_and_get_notified(
    open_page, live_server, category, member, other_member
):
    base = live_server.url
    topic = TopicFactory(
        category=category,
        author=member,
        title="Where are the DP0 tutorial notebooks?",
        raw="I cannot find the tutorial notebooks for DP0 on the platform.",
    )
    bob = open_page()
    sign_in(bob, base, other_member)

    bob.goto(f"{base}/new")
    bob.click(f"text={topic.title}")
    bob.locator("#post-1").wait_for()
    bob.wait_for_timeout(3500)  # the page reports what was read every 3 s
    assert (
        TopicUser.objects.get(user=other_member, topic=topic).last_read_post_number == 1
    )

    bob.click("#post-1 button.like")
    bob.locator("#post-1 button.like[aria-pressed=true]").wait_for()
    assert Like.objects.filter(user=other_member).count() == 1

    bob.locator("#post-1 .cooked p").select_text()
    bob.click(".quote-button")
    value = bob.input_value("#reply textarea")
    assert value.startswith("> **@alice** [wrote](")
    bob.fill("#reply textarea", value + "They are in the tutorial-notebooks folder.")
    bob.click("#reply button[type=submit]")
    bob.locator("#post-2 blockquote").wait_for()

    alice = open_page()
    sign_in(alice, base, member)
    count = alice.locator(".bell-count").inner_text()
    assert int(count) >= 2  # liked, and quoted/replied
    alice.click(".bell summary")
    alice.locator(".bell-menu .notification-list li").first.wait_for()
    menu = alice.locator(".bell-menu").inner_text()
    assert re.search(r"liked your post|quoted you|replied to you", menu)
