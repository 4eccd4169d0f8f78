import pytest
from django.urls import reverse

from forum.conversations import services
from forum.conversations.models import Conversation, Message, MessageFlag
from forum.moderation import services as moderation_services
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_inbox_lists_conversations_with_unread_counts(
    client, conversation, other_member
):
    client.force_login(other_member)
    response = client.get(reverse("conversations:inbox", args=["bob"]))
    assert response.status_code == 200
    assert "About the photometry pipeline" in response.text
    assert "1 new" in response.text


def test_inbox_unread_filter_drops_read_conversations(
    client, conversation, other_member
):
    services.mark_read(user=other_member, conversation=conversation, number=1)
    client.force_login(other_member)
    url = reverse("conversations:inbox", args=["bob"]) + "?filter=unread"
    response = client.get(url)
    assert "About the photometry pipeline" not in response.text
    assert "No unread messages." in response.text


@pytest.mark.parametrize("viewer", ["alice", "dana"])
def test_someone_elses_inbox_is_not_found(client, conversation, staff, viewer):
    client.force_login(UserFactory(username=viewer))
    response = client.get(reverse("conversations:inbox", args=["bob"]))
    assert response.status_code == 404


def test_inbox_asks_visitors_to_sign_in(client):
    response = client.get(reverse("conversations:inbox", args=["bob"]))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_inbox_page_past_the_end_is_not_found(client, other_member):
    client.force_login(other_member)
    url = reverse("conversations:inbox", args=["bob"])
    assert client.get(url + "?page=2").status_code == 404
    assert client.get(url + "?page=x").status_code == 404


@pytest.mark.parametrize("size", [1, 12])
def test_inbox_queries_are_bounded(
    client, member, other_member, size, django_assert_max_num_queries
):
    for number in range(size):
        services.start_conversation(
            author=member,
            title=f"Conversation number {number} here",
            raw="A message that is long enough to send.",
            users=[other_member],
        )
    client.force_login(other_member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("conversations:inbox", args=["bob"]))
    assert response.text.count("conversation-row") == size


def test_header_counts_conversations_with_unread_messages(
    client, conversation, other_member
):
    client.force_login(other_member)
    response = client.get(reverse("topics:latest"))
    assert "Messages: 1 unread" in response.text


def test_conversation_page_shows_messages_and_marks_them_read(
    client, conversation, other_member
):
    client.force_login(other_member)
    response = client.get(conversation.get_absolute_url())
    assert response.status_code == 200
    assert "calibration notebook" in response.text
    assert not Conversation.objects.unread_for(other_member).exists()


@pytest.mark.parametrize("size", [1, 10])
def test_conversation_page_queries_are_bounded(
    client, conversation, member, other_member, size, django_assert_max_num_queries
):
    for _ in range(size):
        services.reply(
            author=member,
            conversation=conversation,
            raw="Another message that is long enough.",
        )
    client.force_login(other_member)
    with django_assert_max_num_queries(16):
        response = client.get(conversation.get_absolute_url())
    assert response.text.count('class="post message"') == size + 1


@pytest.mark.parametrize("who", ["outsider", "staff", "moderator", "anonymous"])
def test_conversation_is_not_found_for_anyone_else(
    client, conversation, staff, moderator, who
):
    people = {"outsider": UserFactory(username="eve"), "staff": staff}
    people["moderator"] = moderator
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(conversation.get_absolute_url())
    assert response.status_code in (302, 404)
    assert "calibration notebook" not in response.text


def test_new_message_form_sends_and_redirects(client, member, other_member):
    client.force_login(member)
    response = client.post(
        reverse("conversations:new"),
        {
            "to": "@bob",
            "title": "Coffee at the collaboration meeting",
            "raw": "Shall we meet for coffee on Tuesday?",
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()


def test_new_message_to_an_unknown_member_says_who(client, member):
    client.force_login(member)
    response = client.post(
        reverse("conversations:new"),
        {"to": "nobody", "title": "Hello there my friend", "raw": "x" * 30},
    )
    assert response.status_code == 400
    assert "No member is called nobody." in response.text


def test_new_message_from_a_newcomer_to_a_member_is_refused_with_a_reason(
    client, newcomer, other_member
):
    client.force_login(newcomer)
    response = client.post(
        reverse("conversations:new"),
        {"to": "bob", "title": "Hello there my friend", "raw": "Hello, I am new here."},
    )
    assert response.status_code == 403
    assert "only to staff and moderators" in response.text
    assert not Conversation.objects.exists()


def test_message_the_author_prefills_a_link_to_the_flagged_post(
    client, moderator, topic, other_member
):
    post = PostFactory(topic=topic, author=other_member, raw="Buy cheap telescopes!")
    client.force_login(moderator)
    url = reverse("conversations:new") + f"?to=bob&post={post.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert f"{topic.title}" in response.text
    assert post.get_absolute_url() in response.text
    assert 'value="bob"' in response.text


def test_message_the_author_with_a_bad_post_id_is_not_found(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("conversations:new") + "?post=nope")
    assert response.status_code == 404


def test_reply_adds_a_message_and_goes_to_it(client, conversation, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("conversations:reply", args=[conversation.id]),
        {"raw": "Sure, send me the notebook link."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#m2")


def test_a_too_short_reply_says_why(client, conversation, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("conversations:reply", args=[conversation.id]), {"raw": "ok"}
    )
    assert response.status_code == 400
    assert "at least" in response.text


def test_reply_by_an_outsider_is_not_found(client, conversation, staff):
    client.force_login(staff)
    response = client.post(
        reverse("conversations:reply", args=[conversation.id]),
        {"raw": "Staff are reading along, hello."},
    )
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_invite_adds_a_member(client, conversation, member):
    UserFactory(username="carol")
    client.force_login(member)
    response = client.post(
        reverse("conversations:invite", args=[conversation.id]), {"to": "carol"}
    )
    assert response.status_code == 302
    assert conversation.participants.filter(user__username="carol").exists()


def test_invite_nobody_says_why(client, conversation, member):
    client.force_login(member)
    response = client.post(reverse("conversations:invite", args=[conversation.id]))
    assert response.status_code == 400
    assert "Add at least one member or group." in response.text


def test_leave_goes_back_to_the_inbox(client, conversation, other_member):
    client.force_login(other_member)
    response = client.post(reverse("conversations:leave", args=[conversation.id]))
    assert response["Location"] == reverse("conversations:inbox", args=["bob"])
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_flag_a_message_from_its_page(client, conversation, other_member):
    message = conversation.messages.get()
    client.force_login(other_member)
    url = reverse("conversations:flag", args=[message.id])
    assert "Harassment" in client.get(url).text
    response = client.post(url, {"reason": "harassment", "note": "Not nice."})
    assert response.status_code == 302
    assert MessageFlag.objects.get().note == "Not nice."


def test_flag_without_a_reason_says_why(client, conversation, other_member):
    client.force_login(other_member)
    url = reverse("conversations:flag", args=[conversation.messages.get().id])
    assert client.post(url, {}).status_code == 400


def test_flag_page_of_someone_elses_conversation_is_not_found(
    client, conversation, staff
):
    client.force_login(staff)
    url = reverse("conversations:flag", args=[conversation.messages.get().id])
    assert client.get(url).status_code == 404


def test_review_queue_shows_only_the_flagged_message(
    client, conversation, member, other_member, moderator
):
    services.reply(
        author=member, conversation=conversation, raw="A second, unflagged message."
    )
    message = conversation.messages.get(number=1)
    services.flag(user=other_member, message=message, reason="harassment")
    client.force_login(moderator)
    response = client.get(reverse("moderation:review"))
    assert "calibration notebook" in response.text
    assert "second, unflagged" not in response.text
    assert "About the photometry pipeline" not in response.text
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_review_queue_links_message_the_author_on_flagged_posts(
    client, topic, member, other_member, moderator
):
    post = PostFactory(topic=topic, author=other_member, raw="Buy cheap telescopes!")
    moderation_services.flag_post(user=member, post=post, reason="spam")
    client.force_login(moderator)
    response = client.get(reverse("moderation:review"))
    assert f"/messages/new?to=bob&amp;post={post.id}" in response.text


def test_moderator_hides_a_flagged_message_from_the_queue(
    client, conversation, other_member, moderator
):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    client.force_login(moderator)
    url = reverse("conversations:decide", args=[message.id])
    response = client.post(url, {"decision": "hide"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.is_hidden
    client.force_login(other_member)
    page = client.get(conversation.get_absolute_url())
    assert "calibration notebook" not in page.text
    assert "A moderator hid this message" in page.text


def test_decide_with_a_bad_decision_is_a_400(
    client, conversation, other_member, moderator
):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    client.force_login(moderator)
    url = reverse("conversations:decide", args=[message.id])
    assert client.post(url, {"decision": "nuke"}).status_code == 400


def test_members_cannot_decide_on_message_flags(client, conversation, other_member):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    client.force_login(other_member)
    url = reverse("conversations:decide", args=[message.id])
    assert client.post(url, {"decision": "hide"}).status_code == 403


def test_a_profile_offers_to_message_its_member(client, member, other_member):
    client.force_login(member)
    response = client.get("/u/bob")
    assert '/messages/new?to=bob"' in response.text
    assert "/messages/new" not in client.get("/u/alice").text
