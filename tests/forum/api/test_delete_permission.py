"""The API and the page agree on who may delete a post."""

import pytest

from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category_moderator(category):
    group = GroupFactory(name="support-moderators")
    category.moderator_groups.add(group)
    user = UserFactory(username="erin")
    user.groups.add(group)
    return user


def test_api_says_a_category_moderator_may_delete_a_reply(
    as_user, category_moderator, reply
):
    data = as_user(category_moderator).get(f"/api/v1/posts/{reply.id}").json()
    assert data["can_delete"] is True


def test_page_and_api_agree_on_delete_for_every_viewer(
    client, as_user, category_moderator, reply, member, other_member, moderator
):
    for viewer in (category_moderator, member, other_member, moderator):
        client.force_login(viewer)
        page = client.get(reply.topic.get_absolute_url()).text
        on_page = f'/p/{reply.id}/delete"' in page
        data = as_user(viewer).get(f"/api/v1/posts/{reply.id}").json()
        assert data["can_delete"] is on_page, viewer.username


def test_category_moderator_deletes_through_the_api(as_user, category_moderator, reply):
    response = as_user(category_moderator).delete(f"/api/v1/posts/{reply.id}")
    assert response.status_code == 204
    reply.refresh_from_db()
    assert reply.is_deleted


def test_category_moderator_elsewhere_may_not_delete(as_user, reply, secret_topic):
    outsider = UserFactory(username="frank")
    response = as_user(outsider).delete(f"/api/v1/posts/{reply.id}")
    assert response.status_code == 403
