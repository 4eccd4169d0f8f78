"""Restricted content never leaks through Discourse's paths: an outsider's key
(Alice is not in the collaboration) sees none of it on any path family, and
can change none of it; a member of the collaboration sees it."""

import pytest
from rest_framework.test import APIClient

from forum.api import services as key_services
from forum.api.models import ApiKeyKind
from forum.discourse import services as user_api_key_services
from tests.factories import PostFactory

# From the restricted topic's title, first post and reply; the search term
# ("embargoed") is echoed back, so it is not one of them.
SECRETS = (b"supernova", b"attached here", b"follow-up details")


def _leaks(content: bytes) -> bool:
    return any(secret in content for secret in SECRETS)


@pytest.fixture
def secret(secret_topic, staff, search_index):
    PostFactory(topic=secret_topic, author=staff, raw="Embargoed follow-up details.")
    search_index()
    return secret_topic


def _client_for(user, *, admin_as=None):
    owner = admin_as or user
    kind = ApiKeyKind.ADMIN if admin_as else ApiKeyKind.USER
    _key, token = key_services.create_api_key(
        user=owner, by=owner, name="bot", kind=kind
    )
    api = APIClient()
    api.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME=user.username)
    return api


def _reads(topic):
    post = topic.posts.get(post_number=1)
    category = topic.category
    return [
        "/latest.json",
        "/top.json?period=all",
        "/new.json",
        "/categories.json",
        "/site.json",
        "/about.json",
        "/posts.json",
        "/tags.json",
        "/search.json?q=embargoed",
        "/notifications.json",
        f"/user_actions.json?username={topic.author.username}&filter=4,5",
        f"/topics/created-by/{topic.author.username}.json",
        f"/u/{topic.author.username}.json",
        f"/t/{topic.id}.json",
        f"/t/{topic.slug}/{topic.id}.json",
        f"/t/{topic.id}/1.json",
        f"/t/{topic.id}/posts.json?post_ids[]={post.id}",
        f"/posts/{post.id}.json",
        f"/posts/by_number/{topic.id}/1",
        f"/post_action_users?id={post.id}&post_action_type_id=2",
        f"/raw/{topic.id}/1",
        f"/c/{category.id}/show.json",
        f"/c/{category.slug}/{category.id}.json",
        f"/c/{category.slug}/l/latest.json",
    ]


def test_outsider_key_sees_no_restricted_content(secret, member):
    api = _client_for(member)
    for url in _reads(secret):
        response = api.get(url)
        assert response.status_code in (200, 404), url
        assert not _leaks(response.content), url
        assert b"transients-private" not in response.content, url


def test_outsider_through_an_admin_key_sees_no_restricted_content(
    secret, member, staff
):
    api = _client_for(member, admin_as=staff)
    for url in _reads(secret):
        assert not _leaks(api.get(url).content), url


def test_collaboration_member_sees_restricted_topic(
    secret, other_member, collaboration
):
    other_member.groups.add(collaboration)
    api = _client_for(other_member)
    assert _leaks(api.get(f"/t/{secret.id}.json").content)
    assert _leaks(api.get("/latest.json").content)
    assert _leaks(api.get("/search.json?q=embargoed").content)


def test_outsider_key_cannot_write_to_restricted_topic(secret, member):
    api = _client_for(member)
    post = secret.posts.get(post_number=2)
    attempts = [
        (
            "post",
            "/posts",
            {"raw": "Outsider reply to the secret.", "topic_id": secret.id},
        ),
        (
            "post",
            "/posts",
            {
                "raw": "Outsider topic in secret.",
                "title": "Outsider topic title",
                "category": secret.category_id,
            },
        ),
        ("put", f"/posts/{post.id}", {"post[raw]": "Outsider rewrites this post."}),
        ("delete", f"/posts/{post.id}", {}),
        ("put", f"/t/-/{secret.id}.json", {"title": "Outsider renames it"}),
        ("put", f"/t/{secret.id}/status", {"status": "closed", "enabled": "true"}),
        ("post", "/post_actions", {"id": post.id, "post_action_type_id": 2}),
        ("post", f"/t/{secret.id}/notifications", {"notification_level": 3}),
        (
            "post",
            f"/category/{secret.category_id}/notifications",
            {"notification_level": 3},
        ),
        ("post", "/solution/accept", {"id": post.id}),
        ("delete", f"/t/{secret.id}.json", {}),
    ]
    for method, url, data in attempts:
        response = getattr(api, method)(url, data)
        assert response.status_code == 404, (method, url, response.content)
        assert not _leaks(response.content)
    secret.refresh_from_db()
    assert not secret.is_closed and not secret.is_deleted
    assert secret.posts.count() == 2


def test_api_key_requests_bypass_the_anonymous_page_cache(
    secret, other_member, collaboration, settings
):
    other_member.groups.add(collaboration)
    api = _client_for(other_member)
    settings.FORUM_ANON_CACHE_SECONDS = 60
    assert not _leaks(APIClient().get("/latest.json").content)
    assert _leaks(api.get("/latest.json").content)
    assert not _leaks(APIClient().get("/latest.json").content)


def _user_api_key_client(user) -> APIClient:
    _key, token = user_api_key_services.create_user_api_key(
        user=user, application_name="app", client_id="app-1", scopes=["read", "write"]
    )
    api = APIClient()
    api.credentials(HTTP_USER_API_KEY=token)
    return api


def test_outsider_user_api_key_sees_no_restricted_content(secret, member):
    api = _user_api_key_client(member)
    for url in _reads(secret):
        response = api.get(url)
        assert response.status_code in (200, 404), url
        assert not _leaks(response.content), url
    response = api.post(
        "/posts", {"raw": "Outsider reply to the secret.", "topic_id": secret.id}
    )
    assert response.status_code == 404
    assert secret.posts.count() == 2


def test_collaboration_members_user_api_key_sees_restricted_topic(
    secret, other_member, collaboration
):
    other_member.groups.add(collaboration)
    api = _user_api_key_client(other_member)
    assert _leaks(api.get(f"/t/{secret.id}.json").content)
    assert _leaks(api.get("/search.json?q=embargoed").content)
