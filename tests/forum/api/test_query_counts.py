"""Every API list runs a bounded number of queries, whatever its length."""

import pytest
from django.urls import reverse

from forum.search import indexing as search_indexing
from forum.subscriptions.models import Notification
from forum.topics.models import Bookmark, Like
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


@pytest.fixture
def forum(category, member, moderator):
    def build(count):
        for n in range(count):
            topic = TopicFactory(
                category=category,
                author=moderator,
                title=f"Bounded topic number {n:03}",
                tags=[f"tag-{n % 7}", "common"],
            )
            PostFactory(topic=topic, author=member)
        return category

    return build


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("url", ["/api/v1/topics", "/api/v1/topics/top"])
def test_topic_lists_query_count_is_bounded(
    as_user, member, forum, count, url, django_assert_max_num_queries
):
    forum(count)
    api = as_user(member)
    with django_assert_max_num_queries(7):
        response = api.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count, 30)


@pytest.mark.parametrize("count", SIZES)
def test_topic_list_by_category_and_tag_query_count_is_bounded(
    as_user, member, forum, count, django_assert_max_num_queries
):
    category = forum(count)
    api = as_user(member)
    with django_assert_max_num_queries(9):
        response = api.get(
            "/api/v1/topics",
            {"category": category.id, "tag": "common", "solved": "false"},
        )
    assert len(response.json()["results"]) == min(count, 30)


@pytest.mark.parametrize("count", [3, 40])
def test_topic_detail_query_count_is_bounded(
    as_user, member, topic, other_member, count, django_assert_max_num_queries
):
    for _ in range(count):
        PostFactory(topic=topic, author=other_member)
    api = as_user(member)
    with django_assert_max_num_queries(9):
        response = api.get(reverse("api:topic-detail", args=[topic.id]))
    assert len(response.json()["post_stream"]["posts"]) == min(count + 1, 20)


@pytest.mark.parametrize("count", SIZES)
def test_categories_and_tags_query_count_is_bounded(
    as_user, member, forum, count, django_assert_max_num_queries
):
    forum(count)
    for n in range(count):
        CategoryFactory(name=f"Extra category {n}")
    api = as_user(member)
    with django_assert_max_num_queries(7):
        assert api.get("/api/v1/categories").status_code == 200
    with django_assert_max_num_queries(3):
        assert api.get("/api/v1/tags").status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_activity_query_count_is_bounded(
    as_user, other_member, forum, count, django_assert_max_num_queries
):
    forum(count)
    api = as_user(other_member)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/users/alice/activity")
    assert len(response.json()["results"]) == min(count, 30)


@pytest.fixture
def replies(topic, other_member):
    def build(count):
        return [PostFactory(topic=topic, author=other_member) for _ in range(count)]

    return build


@pytest.mark.parametrize("count", SIZES)
def test_bookmarks_query_count_is_bounded(
    as_user, member, replies, count, django_assert_max_num_queries
):
    for post in replies(count):
        Bookmark.objects.create(user=member, post=post)
    api = as_user(member)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/bookmarks")
    assert len(response.json()["results"]) == min(count, 30)


@pytest.mark.parametrize("count", SIZES)
def test_notifications_query_count_is_bounded(
    as_user, member, replies, count, django_assert_max_num_queries
):
    for post in replies(count):
        Notification.objects.create(
            user=member, kind="replied", actor=post.author, topic=post.topic, post=post
        )
    api = as_user(member)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/notifications")
    assert len(response.json()["results"]) == min(count, 30)


@pytest.mark.parametrize("count", [3, 60])
def test_likers_query_count_is_bounded(
    as_user, topic, other_member, count, django_assert_max_num_queries
):
    post = PostFactory(topic=topic, author=other_member)
    for n in range(count):
        Like.objects.create(user=UserFactory(username=f"fan{n}"), post=post)
    api = as_user(other_member)
    with django_assert_max_num_queries(5):
        response = api.get(reverse("api:post-reaction-likes", args=[post.id]))
    assert len(response.json()["results"]) == min(count, 50)


@pytest.mark.parametrize("count", SIZES)
def test_search_query_count_is_bounded(
    as_user, member, forum, settings, tmp_path, count, django_assert_max_num_queries
):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    forum(count)
    search_indexing.rebuild()
    api = as_user(member)
    with django_assert_max_num_queries(7):
        response = api.get("/api/v1/search", {"q": "bounded"})
    assert len(response.json()["results"]) == min(count, 20)
