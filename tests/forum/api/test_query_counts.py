"""Every API list runs a bounded number of queries, whatever its length."""

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, PostFactory, TopicFactory

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
