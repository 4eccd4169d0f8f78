"""Every Discourse list and page runs a bounded number of queries, whatever its
length."""

import pytest
from rest_framework.test import APIClient

from forum.api import services as key_services
from tests.factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 25]


@pytest.fixture
def alice_api(member):
    _key, token = key_services.create_api_key(user=member, by=member, name="bot")
    client = APIClient()
    client.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME="alice")
    return client


@pytest.fixture
def forum(category, member, moderator, other_member):
    def build(count):
        for n in range(count):
            CategoryFactory(name=f"Bounded category {n}", slug=f"bounded-{n}")
            topic = TopicFactory(
                category=category,
                author=moderator,
                title=f"Bounded topic number {n:03}",
                tags=[f"tag-{n % 7}", "common"],
            )
            PostFactory(topic=topic, author=other_member)
        return topic

    return build


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(
    "url",
    [
        "/latest.json",
        "/top.json?period=all",
        "/c/support.json",
        "/tag/common.json",
        "/categories.json",
        "/site.json",
        "/tags.json",
        "/posts.json",
        "/user_actions.json?username=charlie&filter=4,5",
    ],
)
def test_lists_query_count_is_bounded(
    alice_api, forum, count, url, django_assert_max_num_queries
):
    forum(count)
    with django_assert_max_num_queries(12):
        response = alice_api.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_topic_query_count_is_bounded(
    alice_api, topic, other_member, count, django_assert_max_num_queries
):
    for n in range(count):
        PostFactory(topic=topic, author=other_member, raw=f"Reply {n} with detail.")
    with django_assert_max_num_queries(10):
        response = alice_api.get(f"/t/{topic.id}.json?print=true")
    assert len(response.json()["post_stream"]["posts"]) == count + 1
