"""Counts on a member's profile count only what the viewer may see."""

import pytest
from rest_framework.test import APIClient

from forum.topics import services
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def liked_in_secret(secret_topic, collaboration, member):
    """Alice, a group member, gets three likes in the restricted category."""
    member.groups.add(collaboration)
    post = PostFactory(
        topic=secret_topic,
        author=member,
        raw="Embargoed numbers for the collaboration.",
    )
    for name in ("l1", "l2", "l3"):
        liker = UserFactory(username=name)
        liker.groups.add(collaboration)
        services.toggle_like(user=liker, post=post)
    return post


def _likes_received(response) -> str:
    text = response.text
    start = text.index("Likes received")
    return text[start : start + 60]


def test_profile_likes_received_skip_restricted_categories_for_visitors(
    client, liked_in_secret
):
    response = client.get("/u/alice")
    assert "<dd>0</dd>" in _likes_received(response)


def test_profile_likes_received_count_them_for_group_members(
    client, liked_in_secret, collaboration
):
    viewer = UserFactory(username="viewer")
    viewer.groups.add(collaboration)
    client.force_login(viewer)
    assert "<dd>3</dd>" in _likes_received(client.get("/u/alice"))


def test_api_profile_shows_no_count_of_restricted_likes(liked_in_secret):
    data = APIClient().get("/api/v1/users/alice").json()
    assert data.get("likes_received", 0) == 0
