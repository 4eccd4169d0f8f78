import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "topics_topic",
        "topics_post",
        "topics_postrevision",
        "categories_category",
        "accounts_user",
    ],
)
def test_admin_lists_load(superuser_client, topic, name):
    response = superuser_client.get(reverse(f"admin:{name}_changelist") + "?q=calexp")
    assert response.status_code == 200


def test_admin_pin_and_close_actions(superuser_client, topic):
    url = reverse("admin:topics_topic_changelist")
    for action in ("pin", "close"):
        superuser_client.post(url, {"action": action, "_selected_action": [topic.id]})
    topic.refresh_from_db()
    assert topic.is_pinned and topic.is_closed


def test_admin_move_action(superuser_client, topic):
    target = CategoryFactory(name="Data Q&A")
    superuser_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "move", "_selected_action": [topic.id], "category": target.id},
    )
    topic.refresh_from_db()
    assert topic.category == target


def test_admin_move_without_category_says_so(superuser_client, topic):
    response = superuser_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "move", "_selected_action": [topic.id]},
        follow=True,
    )
    assert "Choose a category to move to." in response.text


def test_admin_hide_and_restore_posts(superuser_client, topic):
    reply = PostFactory(topic=topic)
    url = reverse("admin:topics_post_changelist")
    superuser_client.post(url, {"action": "hide", "_selected_action": [reply.id]})
    superuser_client.post(
        url, {"action": "delete_softly", "_selected_action": [reply.id]}
    )
    reply.refresh_from_db()
    assert reply.is_hidden and reply.deleted_at
    superuser_client.post(url, {"action": "restore", "_selected_action": [reply.id]})
    reply.refresh_from_db()
    assert reply.deleted_at is None


def test_admin_cannot_hard_delete_posts(superuser_client, topic):
    post = topic.posts.get()
    response = superuser_client.get(reverse("admin:topics_post_delete", args=[post.id]))
    assert response.status_code == 403
