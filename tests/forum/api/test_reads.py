"""Categories, tags, users and the caller's identity."""

import pytest
from django.urls import reverse

from forum.topics import services
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_categories_hide_restricted_ones(api, category, restricted_category):
    names = [c["name"] for c in api.get("/api/v1/categories").json()]
    assert names == ["Support"]


def test_categories_say_whether_caller_may_start_topics(api, as_user, member, category):
    assert api.get("/api/v1/categories").json()[0]["can_create_topic"] is False
    rows = as_user(member).get("/api/v1/categories").json()
    assert rows[0]["can_create_topic"] is True


def test_category_detail(api, category):
    data = api.get(reverse("api:category-detail", args=[category.id])).json()
    assert (data["slug"], data["allow_solutions"], data["url"]) == (
        "support",
        True,
        category.get_absolute_url(),
    )


def test_restricted_category_detail_is_404(api, restricted_category):
    url = reverse("api:category-detail", args=[restricted_category.id])
    assert api.get(url).status_code == 404


def test_tags_count_only_visible_topics(api, category, restricted_category, staff):
    TopicFactory(
        category=category, author=staff, title="Open topic with a tag", tags=["butler"]
    )
    TopicFactory(
        category=restricted_category,
        author=staff,
        title="Secret topic with tags",
        tags=["butler", "embargo"],
    )
    data = api.get("/api/v1/tags").json()
    assert data["results"] == [{"name": "butler", "topic_count": 1}]


def test_user_profile(api, member):
    data = api.get("/api/v1/users/alice").json()
    assert (data["username"], data["name"], data["url"]) == (
        "alice",
        "Alice Astro",
        "/u/alice",
    )
    assert "email" not in data


def test_unknown_or_inactive_user_is_404(api, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert api.get("/api/v1/users/alice").status_code == 404
    assert api.get("/api/v1/users/nobody").status_code == 404


def test_activity_lists_only_posts_the_caller_may_see(
    api, as_user, staff, topic, secret_topic, collaboration, member
):
    PostFactory(topic=topic, author=staff, raw="A public answer from staff here.")
    data = api.get("/api/v1/users/dana/activity").json()
    assert [p["topic"]["id"] for p in data["results"]] == [topic.id]
    member.groups.add(collaboration)
    data = as_user(member).get("/api/v1/users/dana/activity").json()
    assert {p["topic"]["id"] for p in data["results"]} == {topic.id, secret_topic.id}


def test_activity_leaves_out_deleted_and_hidden_posts(
    api, topic, other_member, moderator
):
    deleted = PostFactory(topic=topic, author=other_member)
    hidden = PostFactory(topic=topic, author=other_member)
    PostFactory(topic=topic, author=other_member, raw="The one that stays visible.")
    services.delete_post(post=deleted, by=moderator)
    services.hide_post(post=hidden, by=moderator)
    data = api.get("/api/v1/users/bob/activity").json()
    assert [p["raw"] for p in data["results"]] == ["The one that stays visible."]


def test_me_needs_credentials(api):
    response = api.get("/api/v1/me")
    assert response.status_code == 401


def test_me_with_session_has_no_key(api, member):
    api.force_login(member)
    assert api.get("/api/v1/me").json()["key"] is None
