import pytest

from forum.conversations import services
from forum.conversations.models import Conversation, Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(member, other_member):
    return services.start_conversation(
        author=member,
        title="About the photometry pipeline",
        raw="Bob, could you look at my calibration notebook privately?",
        users=[other_member],
    )


def test_list_shows_the_callers_conversations_with_unread(
    as_user, conversation, other_member
):
    response = as_user(other_member).get("/api/v1/messages")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["title"] == "About the photometry pipeline"
    assert row["unread"] == 1


def test_list_is_empty_for_everyone_else(as_user, conversation, staff):
    response = as_user(staff).get("/api/v1/messages")
    assert response.json()["results"] == []


def test_list_asks_visitors_who_they_are(api, conversation):
    assert api.get("/api/v1/messages").status_code in (401, 403)


def test_detail_has_the_messages_and_marks_them_read(
    as_user, conversation, other_member
):
    response = as_user(other_member).get(f"/api/v1/messages/{conversation.id}")
    body = response.json()
    assert response.status_code == 200
    assert body["participants"] == ["alice", "bob"]
    assert "calibration notebook" in body["messages"][0]["cooked"]
    assert not Conversation.objects.unread_for(other_member).exists()


@pytest.mark.parametrize("who", ["staff", "moderator", "outsider"])
def test_detail_is_not_found_for_anyone_else(
    as_user, conversation, staff, moderator, who
):
    user = {"staff": staff, "moderator": moderator}.get(who) or UserFactory()
    response = as_user(user).get(f"/api/v1/messages/{conversation.id}")
    assert response.status_code == 404
    assert "calibration" not in response.text


def test_create_starts_a_conversation(as_user, member, other_member):
    response = as_user(member).post(
        "/api/v1/messages",
        {
            "title": "Coffee at the collaboration meeting",
            "raw": "Shall we meet for coffee on Tuesday?",
            "users": ["bob"],
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["participants"] == ["alice", "bob"]
    assert Conversation.objects.for_member(other_member).count() == 1


def test_create_to_an_unknown_member_is_a_400(as_user, member):
    response = as_user(member).post(
        "/api/v1/messages",
        {"title": "Hello there my friend", "raw": "x" * 30, "users": ["nobody"]},
        format="json",
    )
    assert response.status_code == 400
    assert "nobody" in response.text


def test_create_by_a_newcomer_to_a_member_is_refused(as_user, newcomer, other_member):
    response = as_user(newcomer).post(
        "/api/v1/messages",
        {"title": "Hello there my friend", "raw": "Hello, I am new.", "users": ["bob"]},
        format="json",
    )
    assert response.status_code == 403


def test_create_with_a_read_only_key_is_refused(as_user, member, other_member):
    response = as_user(member, is_read_only=True).post(
        "/api/v1/messages",
        {"title": "Hello there my friend", "raw": "x" * 30, "users": ["bob"]},
        format="json",
    )
    assert response.status_code == 403


def test_reply_adds_a_message(as_user, conversation, other_member):
    response = as_user(other_member).post(
        f"/api/v1/messages/{conversation.id}/reply",
        {"raw": "Sure, send me the notebook link."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2


def test_reply_by_staff_outside_the_conversation_is_not_found(
    as_user, conversation, staff
):
    response = as_user(staff).post(
        f"/api/v1/messages/{conversation.id}/reply",
        {"raw": "Staff reading along, hello."},
        format="json",
    )
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_reply_with_a_number_for_raw_is_a_400(as_user, conversation, other_member):
    response = as_user(other_member).post(
        f"/api/v1/messages/{conversation.id}/reply", {"raw": 5}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("size", [1, 12])
def test_list_queries_are_bounded(
    as_user, member, other_member, size, django_assert_max_num_queries
):
    for number in range(size):
        services.start_conversation(
            author=member,
            title=f"Conversation number {number} here",
            raw="A message that is long enough to send.",
            users=[other_member],
        )
    client = as_user(other_member)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/messages")
    assert len(response.json()["results"]) == size


def test_create_without_recipients_is_a_400(as_user, member):
    response = as_user(member).post(
        "/api/v1/messages",
        {"title": "Hello there my friend", "raw": "x" * 30},
        format="json",
    )
    assert response.status_code == 400
    assert "at least one member or group" in response.text
