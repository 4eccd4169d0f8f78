"""pydiscourse 1.7.0's writing calls, unchanged, against a live Meridian. Calls
pydiscourse has no method for (likes, topic levels, solutions) go through its
own request machinery, as a bot built on it would."""

import pytest
from pydiscourse.exceptions import DiscourseClientError
from taggit.models import Tag

from forum.subscriptions.models import CategorySubscription
from forum.topics.levels import NotificationLevel
from forum.topics.models import Like, Post, Topic, TopicUser


def test_create_post_starts_a_topic_with_tags(discourse, category, member):
    Tag.objects.create(name="butler")
    Tag.objects.create(name="config")
    body = discourse("alice").create_post(
        "The Butler cannot find my repository; what config is missing?",
        category_id=category.id,
        title="Butler cannot find the repository",
        tags=["butler", "config"],
    )
    topic = Topic.objects.get(id=body["topic_id"])
    assert topic.title == "Butler cannot find the repository"
    assert topic.author == member
    assert sorted(t.name for t in topic.tags.all()) == ["butler", "config"]
    assert body["post_number"] == 1
    assert body["raw"].startswith("The Butler cannot")


def test_create_post_replies_to_a_topic_and_a_post(discourse, answered, member):
    body = discourse("alice").create_post(
        "Thanks, the mask plane was the answer here.",
        topic_id=answered.id,
        reply_to_post_number=2,
    )
    reply = Post.objects.get(id=body["id"])
    assert (reply.topic_id, reply.post_number) == (answered.id, 3)
    assert reply.reply_to_post_number == 2
    assert reply.author == member


def test_update_post_keeps_a_revision(discourse, answered):
    reply = answered.posts.get(post_number=2)
    body = discourse("bob").update_post(
        reply.id, "Use butler.get with the right dataId.", edit_reason="clearer"
    )
    reply.refresh_from_db()
    assert reply.raw == "Use butler.get with the right dataId."
    assert reply.revisions.get().reason == "clearer"
    assert body["post"]["version"] == 2


def test_update_post_of_someone_else_is_refused(discourse, answered):
    reply = answered.posts.get(post_number=2)
    with pytest.raises(DiscourseClientError) as error:
        discourse("alice").update_post(reply.id, "Alice rewrites Bob's answer here.")
    assert error.value.response.status_code == 403
    assert error.value.response.json()["error_type"] == "invalid_access"


def test_delete_post_is_soft(discourse, answered):
    reply = answered.posts.get(post_number=2)
    discourse("bob")._delete(f"/posts/{reply.id}")
    reply.refresh_from_db()
    assert reply.is_deleted


def test_update_topic_changes_title_and_category(discourse, answered, moderator):
    from tests.factories import CategoryFactory

    other = CategoryFactory(name="Data access", slug="data-access")
    url = f"/t/{answered.slug}/{answered.id}"
    body = discourse("charlie").update_topic(
        url, "Reading calexp images with the Butler", category_id=other.id
    )
    answered.refresh_from_db()
    assert answered.title == "Reading calexp images with the Butler"
    assert answered.category == other
    assert body["basic_topic"]["slug"] == answered.slug


@pytest.mark.parametrize(
    ("status", "field", "enabled_value"),
    [
        ("closed", "is_closed", True),
        ("archived", "is_archived", True),
        ("pinned", "is_pinned", True),
        ("visible", "is_visible", False),
    ],
)
def test_update_topic_status(discourse, answered, status, field, enabled_value):
    client = discourse("dana")
    client.update_topic_status(answered.id, status, enabled_value)
    answered.refresh_from_db()
    assert getattr(answered, field) is enabled_value
    client.update_topic_status(answered.id, status, not enabled_value)
    answered.refresh_from_db()
    assert getattr(answered, field) is (not enabled_value)


def test_update_topic_status_needs_a_moderator(discourse, answered):
    with pytest.raises(DiscourseClientError) as error:
        discourse("bob").update_topic_status(answered.id, "closed", True)
    assert error.value.response.status_code == 403


def test_like_and_unlike_through_post_actions(discourse, answered, member):
    reply = answered.posts.get(post_number=2)
    body = discourse("alice")._post("/post_actions", id=reply.id, post_action_type_id=2)
    assert Like.objects.filter(user=member, post=reply).exists()
    assert body["actions_summary"][0] == {
        "id": 2,
        "count": 1,
        "acted": True,
        "can_undo": True,
        "can_act": False,
    }
    discourse("alice")._delete(f"/post_actions/{reply.id}", post_action_type_id=2)
    assert not Like.objects.filter(user=member, post=reply).exists()


def test_topic_notification_level(discourse, answered, other_member):
    discourse("bob")._post(f"/t/{answered.id}/notifications", notification_level=3)
    state = TopicUser.objects.get(user=other_member, topic=answered)
    assert state.notification_level == NotificationLevel.WATCHING


def test_category_notification_level(discourse, category, member):
    discourse("alice").notifications(category.id, notification_level=0)
    level = CategorySubscription.objects.get(user=member, category=category).level
    assert level == NotificationLevel.MUTED


def test_accept_and_unaccept_solution(discourse, answered):
    reply = answered.posts.get(post_number=2)
    body = discourse("alice")._post("/solution/accept", id=reply.id)
    assert body["accepted_answer"]["post_number"] == 2
    answered.refresh_from_db()
    assert answered.solution_id == reply.id
    topic = discourse("alice").topic(answered.slug, answered.id)
    assert topic["accepted_answer"]["username"] == "bob"
    assert topic["has_accepted_answer"] is True
    assert topic["post_stream"]["posts"][1]["accepted_answer"] is True
    assert topic["post_stream"]["posts"][1]["can_unaccept_answer"] is True
    discourse("alice")._post("/solution/unaccept", id=reply.id)
    answered.refresh_from_db()
    assert answered.solution_id is None


def test_accept_solution_by_someone_else_is_refused(discourse, answered):
    reply = answered.posts.get(post_number=2)
    with pytest.raises(DiscourseClientError) as error:
        discourse("bob")._post("/solution/accept", id=reply.id)
    assert error.value.response.status_code == 403


def test_delete_topic(discourse, answered):
    discourse("alice").delete_topic(answered.id)
    answered.refresh_from_db()
    assert answered.is_deleted


def test_can_accept_answer_is_the_askers_and_moderators(discourse, answered, moderator):
    def flag(username):
        body = discourse(username).topic(answered.slug, answered.id)
        return [p["can_accept_answer"] for p in body["post_stream"]["posts"]]

    # Never the question itself; the reply for its asker, not for another member.
    assert flag("alice") == [False, True]
    assert flag("bob") == [False, False]
    assert flag("charlie") == [False, True]
