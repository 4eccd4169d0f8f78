"""The caller's notifications and notification levels through the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.subscriptions.models import (
    CategorySubscription,
    Notification,
    TagSubscription,
)
from forum.topics.levels import NotificationLevel
from forum.topics.models import TopicUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(member):
    """A notification for `member` (or `user`) about a reply, `minutes` ago."""

    def make(post, *, user=None, kind=Notification.Kind.REPLIED, minutes=0):
        return Notification.objects.create(
            user=user or member,
            kind=kind,
            actor=post.author,
            topic=post.topic,
            post=post,
            created_at=timezone.now() - timedelta(minutes=minutes),
        )

    return make


def test_notifications_list_mine_newest_first(
    as_user, member, other_member, reply, notify
):
    older = notify(reply, kind=Notification.Kind.LIKED, minutes=5)
    newer = notify(reply)
    notify(reply, user=other_member)
    data = as_user(member).get("/api/v1/notifications").json()
    assert [n["id"] for n in data["results"]] == [newer.id, older.id]
    first = data["results"][0]
    assert (first["kind"], first["message"], first["is_read"]) == (
        "replied",
        "replied to you",
        False,
    )
    assert first["actor"]["username"] == "bob"
    assert first["url"] == reply.topic.get_post_url(2)


def test_notifications_leave_out_restricted_topics(
    as_user, member, secret_topic, notify
):
    notify(secret_topic.posts.get())
    assert as_user(member).get("/api/v1/notifications").json()["results"] == []


def test_notifications_unread_filter(as_user, member, reply, notify):
    notify(reply, kind=Notification.Kind.LIKED)
    read = notify(reply)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    data = as_user(member).get("/api/v1/notifications", {"unread": "true"}).json()
    assert [n["kind"] for n in data["results"]] == ["liked"]


def test_notifications_bad_filter_is_400(as_user, member):
    response = as_user(member).get("/api/v1/notifications", {"unread": "maybe"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("unread:")


def test_notifications_need_a_key(api):
    assert api.get("/api/v1/notifications").status_code == 401


def test_mark_notification_read(as_user, member, reply, notify):
    notification = notify(reply)
    url = reverse("api:notification-read", args=[notification.id])
    response = as_user(member).post(url)
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_someone_elses_notification_read_is_404(
    as_user, member, other_member, reply, notify
):
    theirs = notify(reply, user=other_member)
    url = reverse("api:notification-read", args=[theirs.id])
    assert as_user(member).post(url).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_notification_read_with_read_only_key_is_403(
    as_user, member, reply, notify
):
    url = reverse("api:notification-read", args=[notify(reply).id])
    assert as_user(member, is_read_only=True).post(url).status_code == 403


def test_mark_all_notifications_read(as_user, member, other_member, reply, notify):
    notify(reply)
    notify(reply, kind=Notification.Kind.LIKED)
    theirs = notify(reply, user=other_member)
    response = as_user(member).post("/api/v1/notifications/read-all")
    assert response.json() == {"marked": 2}
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def level_url(kind, ident):
    return f"/api/v1/{kind}/{ident}/notification-level"


def test_category_level_is_normal_until_set(as_user, member, category):
    response = as_user(member).get(level_url("categories", category.id))
    assert response.json() == {"level": 1, "label": "Normal"}


def test_set_category_level(as_user, member, category):
    api = as_user(member)
    response = api.put(level_url("categories", category.id), {"level": 4})
    assert response.json() == {"level": 4, "label": "Watching first post"}
    subscription = CategorySubscription.objects.get(user=member, category=category)
    assert subscription.level == NotificationLevel.WATCHING_FIRST_POST
    assert api.get(level_url("categories", category.id)).json()["level"] == 4


def test_restricted_category_level_is_404(as_user, member, restricted_category):
    url = level_url("categories", restricted_category.id)
    api = as_user(member)
    assert api.get(url).status_code == 404
    assert api.put(url, {"level": 3}).status_code == 404
    assert not CategorySubscription.objects.exists()


def test_set_tag_level(as_user, member, topic):
    topic.tags.add("alerts")
    api = as_user(member)
    response = api.put(level_url("tags", "alerts"), {"level": 0}, format="json")
    assert response.json() == {"level": 0, "label": "Muted"}
    assert TagSubscription.objects.get(user=member).level == NotificationLevel.MUTED
    assert api.get(level_url("tags", "alerts")).json()["label"] == "Muted"


def test_unknown_tag_level_is_404(as_user, member):
    response = as_user(member).get(level_url("tags", "no-such-tag"))
    assert response.status_code == 404
    assert response.json()["detail"] == "No such tag."


def test_set_topic_level(as_user, member, other_member, topic):
    api = as_user(other_member)
    response = api.put(level_url("topics", topic.id), {"level": 3}, format="json")
    assert response.json() == {"level": 3, "label": "Watching"}
    state = TopicUser.objects.get(user=other_member, topic=topic)
    assert state.notification_level == NotificationLevel.WATCHING


def test_topic_level_of_my_topic_is_watching(as_user, member, topic):
    response = as_user(member).get(level_url("topics", topic.id))
    assert response.json()["label"] == "Watching"


def test_topic_level_watching_first_post_is_400(as_user, member, topic):
    response = as_user(member).put(level_url("topics", topic.id), {"level": 4})
    assert response.status_code == 400
    assert response.json()["errors"]["level"] == ['"4" is not a valid choice.']


def test_secret_topic_level_is_404(as_user, member, secret_topic):
    url = level_url("topics", secret_topic.id)
    assert as_user(member).put(url, {"level": 3}).status_code == 404


@pytest.mark.parametrize("body", [{}, {"level": "loud"}, {"level": 9}, {"level": []}])
def test_bad_level_is_400(as_user, member, category, body):
    response = as_user(member).put(
        level_url("categories", category.id), body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("level:")


def test_levels_need_a_key(api, category):
    assert api.get(level_url("categories", category.id)).status_code == 401


def test_set_level_with_read_only_key_is_403(as_user, member, category):
    api = as_user(member, is_read_only=True)
    assert (
        api.put(level_url("categories", category.id), {"level": 3}).status_code == 403
    )
    assert api.get(level_url("categories", category.id)).status_code == 200
