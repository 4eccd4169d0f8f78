"""Likes and bookmarks through the API: idempotent writes, who liked, and the
caller's bookmarks."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from forum.topics.models import Bookmark, Like
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def like_url(post):
    return reverse("api:post-reaction-like", args=[post.id])


def bookmark_url(post):
    return reverse("api:post-reaction-bookmark", args=[post.id])


def test_like_post_counts_once_however_often_it_is_sent(as_user, member, reply):
    api = as_user(member)
    first = api.post(like_url(reply))
    again = api.post(like_url(reply))
    assert first.status_code == again.status_code == 200
    assert again.json() == {"post_id": reply.id, "liked": True, "like_count": 1}
    reply.refresh_from_db()
    assert (reply.like_count, reply.topic.like_count) == (1, 1)


def test_unlike_post_takes_the_like_back_once(as_user, member, reply):
    api = as_user(member)
    api.post(like_url(reply))
    first = api.delete(like_url(reply))
    again = api.delete(like_url(reply))
    assert first.status_code == again.status_code == 200
    assert again.json() == {"post_id": reply.id, "liked": False, "like_count": 0}
    assert not Like.objects.exists()
    reply.refresh_from_db()
    assert (reply.like_count, reply.topic.like_count) == (0, 0)


def test_like_own_post_is_400(as_user, other_member, reply):
    response = as_user(other_member).post(like_url(reply))
    assert response.status_code == 400
    assert response.json()["detail"] == "You can't like your own post."


def test_like_deleted_post_is_404_to_members(as_user, member, moderator, reply):
    as_user(moderator).delete(reverse("api:post-detail", args=[reply.id]))
    assert as_user(member).post(like_url(reply)).status_code == 404


def test_like_post_in_restricted_topic_is_404(as_user, member, secret_topic):
    post = secret_topic.posts.get()
    assert as_user(member).post(like_url(post)).status_code == 404
    assert not Like.objects.exists()


def test_like_needs_a_key(api, reply):
    assert api.post(like_url(reply)).status_code == 401


def test_like_with_read_only_key_is_403(as_user, member, reply):
    response = as_user(member, is_read_only=True).post(like_url(reply))
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not Like.objects.exists()


def test_like_over_the_daily_limit_is_429_with_retry_after(
    as_user, member, topic, other_member, settings
):
    settings.FORUM_LIKES_PER_DAY = [1, 1, 1]
    first, second = PostFactory.create_batch(2, topic=topic, author=other_member)
    api = as_user(member)
    assert api.post(like_url(first)).status_code == 200
    response = api.post(like_url(second))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert response.json()["detail"].startswith("You have reached the limit of 1 likes")


def test_like_unknown_post_is_404(as_user, member):
    response = as_user(member).post("/api/v1/posts/999999/like")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such post."


def test_likes_lists_who_liked_latest_first(api, as_user, member, moderator, reply):
    as_user(member).post(like_url(reply))
    as_user(moderator).post(like_url(reply))
    response = api.get(reverse("api:post-reaction-likes", args=[reply.id]))
    assert response.status_code == 200
    names = [like["user"]["username"] for like in response.json()["results"]]
    assert names == ["charlie", "alice"]


def test_likes_of_restricted_post_is_404(api, secret_topic):
    post = secret_topic.posts.get()
    url = reverse("api:post-reaction-likes", args=[post.id])
    assert api.get(url).status_code == 404


def test_bookmark_post_is_idempotent(as_user, member, reply):
    api = as_user(member)
    api.post(bookmark_url(reply))
    response = api.post(bookmark_url(reply))
    assert response.json() == {"post_id": reply.id, "bookmarked": True}
    assert Bookmark.objects.filter(user=member, post=reply).count() == 1


def test_remove_bookmark_is_idempotent(as_user, member, reply):
    api = as_user(member)
    api.post(bookmark_url(reply))
    api.delete(bookmark_url(reply))
    response = api.delete(bookmark_url(reply))
    assert response.status_code == 200
    assert response.json() == {"post_id": reply.id, "bookmarked": False}
    assert not Bookmark.objects.exists()


def test_bookmark_with_read_only_key_is_403(as_user, member, reply):
    assert (
        as_user(member, is_read_only=True).post(bookmark_url(reply)).status_code == 403
    )


def test_bookmarks_lists_mine_latest_first(as_user, member, other_member, topic, reply):
    first = topic.posts.get(post_number=1)
    api = as_user(member)
    api.post(bookmark_url(first))
    api.post(bookmark_url(reply))
    Bookmark.objects.create(user=other_member, post=first)
    data = api.get("/api/v1/bookmarks").json()
    assert [mark["post"]["id"] for mark in data["results"]] == [reply.id, first.id]
    assert data["results"][0]["post"]["topic"]["title"] == "Reading calexp images"


def test_bookmarks_leave_out_posts_no_longer_visible(
    as_user, member, secret_topic, reply, moderator
):
    Bookmark.objects.create(user=member, post=secret_topic.posts.get())
    Bookmark.objects.create(user=member, post=reply)
    as_user(moderator).delete(reverse("api:post-detail", args=[reply.id]))
    assert as_user(member).get("/api/v1/bookmarks").json()["results"] == []


def test_bookmarks_need_a_key(api):
    assert api.get("/api/v1/bookmarks").status_code == 401


def test_topic_detail_says_what_i_liked_and_bookmarked(as_user, member, topic, reply):
    api = as_user(member)
    api.post(like_url(reply))
    api.post(bookmark_url(topic.posts.get(post_number=1)))
    posts = api.get(reverse("api:topic-detail", args=[topic.id])).json()["post_stream"][
        "posts"
    ]
    assert [(p["liked_by_me"], p["bookmarked_by_me"]) for p in posts] == [
        (False, True),
        (True, False),
    ]


def test_topic_detail_for_visitors_has_nothing_liked(as_user, member, reply):
    as_user(member).post(like_url(reply))
    url = reverse("api:topic-detail", args=[reply.topic_id])
    posts = APIClient().get(url).json()["post_stream"]["posts"]
    assert [(p["liked_by_me"], p["like_count"]) for p in posts] == [
        (False, 0),
        (False, 1),
    ]
