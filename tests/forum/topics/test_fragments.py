"""Cached posts and topic rows (forum/topics/fragments.py): every write that
changes what a post or a row shows changes what the next request renders, and
the per-viewer parts (likes, bookmarks, permissions, CSRF tokens) are the
viewer's own, with or without JavaScript."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts import services as account_services
from forum.topics import services
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(client, topic):
    topic.refresh_from_db()
    url = reverse("topics:detail", args=[topic.slug, topic.id])
    response = client.get(url + "?page=1")  # not to the first unread post
    assert response.status_code == 200
    return response.text


def latest(client):
    response = client.get(reverse("topics:latest"))
    assert response.status_code == 200
    return response.text


def section(text, post):
    """The `<section>` of `post` on a topic page."""
    match = re.search(
        rf'<section class="post[^"]*" id="post-{post.post_number}".*?</section>',
        text,
        re.S,
    )
    assert match, f"post #{post.post_number} is not on the page"
    return match.group(0)


def row(text, topic):
    match = re.search(
        rf"<tr class=\"topic-row[^\"]*\">(?:(?!</tr>).)*/{topic.id}\"", text, re.S
    )
    assert match, f"topic {topic.id} is not listed"
    end = text.index("</tr>", match.start())
    return text[match.start() : end]


def png():
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue())


@pytest.fixture
def reply(topic, other_member):
    return PostFactory(topic=topic, author=other_member, raw="Try the butler first.")


@pytest.fixture(params=["visitor", "member"])
def viewer(request, client, moderator):
    """The page as a visitor and as a signed-in member (not the posts' authors)."""
    if request.param == "member":
        client.force_login(UserFactory(username="erin"))
    return client


def test_edit_shows_on_the_next_request(viewer, topic, reply, other_member):
    assert "Try the butler first." in section(page(viewer, topic), reply)
    services.edit_post(post=reply, by=other_member, raw="Use Butler.get instead.")
    text = section(page(viewer, topic), reply)
    assert "Use Butler.get instead." in text
    assert "✎ edited" in text


def test_like_and_unlike_show_on_the_next_request(viewer, topic, reply, member):
    assert "1 like" not in section(page(viewer, topic), reply)
    services.like_post(user=member, post=reply)
    assert "1 like" in section(page(viewer, topic), reply)
    services.unlike_post(user=member, post=reply)
    assert "1 like" not in section(page(viewer, topic), reply)


def test_solve_and_unsolve_show_on_the_next_request(viewer, topic, reply, member):
    assert "Accepted solution" not in section(page(viewer, topic), reply)
    services.accept_solution(topic=topic, post=reply, by=member)
    text = section(page(viewer, topic), reply)
    assert "Accepted solution" in text
    assert "is-solution" in text
    services.unaccept_solution(topic=topic, by=member)
    assert "Accepted solution" not in section(page(viewer, topic), reply)


def test_hide_and_unhide_show_on_the_next_request(viewer, topic, reply, moderator):
    assert "Try the butler first." in section(page(viewer, topic), reply)
    services.hide_post(post=reply, by=moderator)
    text = section(page(viewer, topic), reply)
    assert "This post is hidden while moderators review it." in text
    assert "Try the butler first." not in text
    services.unhide_post(post=reply, by=moderator)
    assert "Try the butler first." in section(page(viewer, topic), reply)


def test_delete_and_restore_show_on_the_next_request(client, topic, reply, moderator):
    client.force_login(moderator)
    assert "This post was deleted." not in section(page(client, topic), reply)
    services.delete_post(post=reply, by=moderator)
    text = section(page(client, topic), reply)
    assert "This post was deleted." in text
    assert "Restore" in text
    services.restore_post(post=reply, by=moderator)
    assert "This post was deleted." not in section(page(client, topic), reply)


def test_deleted_post_leaves_the_visitors_page(client, topic, reply, moderator):
    assert "Try the butler first." in page(client, topic)
    services.delete_post(post=reply, by=moderator)
    assert "Try the butler first." not in page(client, topic)


def test_hidden_post_shows_its_author_their_text(client, topic, reply, moderator):
    services.hide_post(post=reply, by=moderator)
    assert "Try the butler first." not in page(client, topic)
    client.force_login(reply.author)
    text = section(page(client, topic), reply)
    assert "Your post is hidden" in text
    assert "Try the butler first." in text


def test_author_rename_shows_on_the_next_request(viewer, topic, reply, other_member):
    assert "Bob Photometry" in section(page(viewer, topic), reply)
    other_member.name = "Robert P."
    other_member.save(update_fields=["name"])
    text = section(page(viewer, topic), reply)
    assert "Robert P." in text
    assert "Bob Photometry" not in text
    other_member.username = "robert"
    other_member.save(update_fields=["username"])
    assert 'href="/u/robert"' in section(page(viewer, topic), reply)


def test_avatar_change_shows_on_the_next_request(viewer, topic, reply, other_member):
    assert "/u/bob/avatar/letter.svg" in section(page(viewer, topic), reply)
    account_services.set_avatar(user=other_member, upload=png())
    text = section(page(viewer, topic), reply)
    assert other_member.avatar_url in text
    assert "letter.svg" not in text
    account_services.remove_avatar(user=other_member)
    assert "/u/bob/avatar/letter.svg" in section(page(viewer, topic), reply)


def test_title_change_shows_in_posts_and_rows(viewer, topic, reply, member):
    page(viewer, topic)
    latest(viewer)
    first = topic.posts.get(post_number=1)
    services.edit_post(
        post=first, by=member, raw=first.raw, title="Reading coadd images"
    )
    topic.refresh_from_db()
    assert f'data-post-url="/t/{topic.slug}/{topic.id}/2"' in section(
        page(viewer, topic), reply
    )
    assert "Reading coadd images" in row(latest(viewer), topic)


def test_new_reply_shows_in_the_row(viewer, topic, other_member):
    assert ">0</td>" in row(latest(viewer), topic).replace("Replies: </span>", "")
    services.create_post(topic=topic, author=other_member, raw="A reply for the row.")
    text = row(latest(viewer), topic)
    assert "Replies: </span>1</td>" in text
    assert "/u/bob/avatar/letter.svg" in text


def test_tag_change_shows_in_the_row(viewer, topic):
    assert 'href="/tag/' not in row(latest(viewer), topic)
    topic.tags.set(["butler"])
    assert 'href="/tag/butler"' in row(latest(viewer), topic)


def test_category_move_shows_in_the_row(viewer, topic, moderator):
    assert "Support" in row(latest(viewer), topic)
    target = CategoryFactory(name="Data access", slug="data-access")
    services.move_topic(topic=topic, category=target, by=moderator)
    text = row(latest(viewer), topic)
    assert "Data access" in text
    assert "Support" not in text


def test_close_and_pin_show_in_the_row(viewer, topic, moderator):
    text = row(latest(viewer), topic)
    assert "Closed" not in text
    assert "Pinned" not in text
    services.close_topic(topic=topic, by=moderator)
    services.pin_topic(topic=topic, by=moderator, globally=True)
    text = row(latest(viewer), topic)
    assert "Closed" in text
    assert "Pinned" in text


def test_closing_takes_the_reply_buttons_away(client, topic, reply, moderator):
    client.force_login(UserFactory(username="erin"))
    assert "reply-link" in section(page(client, topic), reply)
    services.close_topic(topic=topic, by=moderator)
    assert "reply-link" not in section(page(client, topic), reply)


def test_like_and_bookmark_are_the_viewers_own(client, topic, reply, member):
    services.like_post(user=member, post=reply)
    services.add_bookmark(user=member, post=reply)
    client.force_login(member)
    text = section(page(client, topic), reply)
    assert "Liked" in text
    assert "Bookmarked" in text
    client.force_login(UserFactory(username="erin"))
    text = section(page(client, topic), reply)
    assert "Liked" not in text
    assert "Bookmarked" not in text
    assert "1 like" in text


def test_edit_link_only_for_the_author(client, topic, reply, other_member):
    client.force_login(UserFactory(username="erin"))
    assert f"/p/{reply.id}/edit" not in section(page(client, topic), reply)
    client.force_login(other_member)
    assert f"/p/{reply.id}/edit" in section(page(client, topic), reply)


def test_cached_forms_carry_the_viewers_csrf_token(topic, reply):
    """Without JavaScript: the like form posts with the token of this viewer."""
    erin = UserFactory(username="erin")
    for user in [UserFactory(username="frank"), erin]:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        text = section(page(browser, topic), reply)
    token = re.search(
        rf'action="/p/{reply.id}/like".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        text,
        re.S,
    ).group(1)
    response = browser.post(
        reverse("topics:like", args=[reply.id]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert reply.likes.filter(user=erin).exists()


def test_moderator_sees_pending_flags_and_visitor_does_not(client, topic, reply):
    from forum.moderation.models import Flag

    Flag.objects.create(post=reply, user=topic.author, reason="spam")
    assert "Pending flags" not in page(client, topic)
    client.force_login(UserFactory(username="mo", is_moderator=True))
    assert "Pending flags" in section(page(client, topic), reply)


def test_unread_badge_is_the_viewers_own(client, topic, other_member):
    TopicFactory(category=topic.category, title="Another topic to list")
    services.create_post(topic=topic, author=other_member, raw="A reply to be unread.")
    reader = UserFactory(username="erin")
    services.record_reading(user=reader, topic=topic, highest_seen=1)
    client.force_login(reader)
    assert 'class="badge unread"' in row(latest(client), topic)
    client.force_login(UserFactory(username="frank"))
    assert 'class="badge unread"' not in row(latest(client), topic)
