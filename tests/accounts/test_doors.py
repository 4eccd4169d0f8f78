"""Suspension, silencing, deactivation and deletion hold at every door: the
session, API keys (Bearer and Discourse headers) and private feed tokens. Only
one-click unsubscribe stays open to everyone holding a valid link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from forum.api import services as api_services
from forum.api.models import ApiKeyKind
from forum.subscriptions import services as subscription_services
from forum.subscriptions.services import emails
from forum.topics.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def insider(member, collaboration):
    member.groups.add(collaboration)
    return member


@pytest.fixture
def bearer(insider):
    _key, token = api_services.create_api_key(user=insider, by=insider, name="bot")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.fixture
def discourse(insider):
    _key, token = api_services.create_api_key(user=insider, by=insider, name="bot")
    api = APIClient()
    api.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME=insider.username)
    return api


@pytest.fixture
def feed_token(insider):
    return subscription_services.reset_feed_token(user=insider).token


def suspend(user):
    account_services.suspend_user(
        user=user, until=timezone.now() + timedelta(days=3), reason="spam"
    )


def silence(user):
    account_services.silence_user(
        user=user, until=timezone.now() + timedelta(days=3), reason="heat"
    )


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


@pytest.mark.parametrize("door", ["bearer", "discourse"])
@pytest.mark.parametrize("bar", [suspend, deactivate])
def test_barred_member_api_key_reads_nothing(request, door, bar, insider, secret_topic):
    api = request.getfixturevalue(door)
    assert api.get(f"/api/v1/topics/{secret_topic.id}").status_code == 200
    bar(insider)
    response = api.get(f"/api/v1/topics/{secret_topic.id}")
    assert response.status_code in (401, 403)
    assert "Embargoed" not in response.text


@pytest.mark.parametrize("door", ["bearer", "discourse"])
def test_suspended_member_api_key_cannot_post(request, door, insider, secret_topic):
    api = request.getfixturevalue(door)
    suspend(insider)
    response = api.post(
        f"/api/v1/topics/{secret_topic.id}/posts",
        {"raw": "Still here, posting through my key."},
        format="json",
    )
    assert response.status_code in (401, 403)
    assert "suspended" in response.json()["detail"]
    assert Post.objects.filter(author=insider).count() == 0


def test_silenced_member_api_key_reads_but_cannot_post(bearer, insider, secret_topic):
    silence(insider)
    assert bearer.get(f"/api/v1/topics/{secret_topic.id}").status_code == 200
    response = bearer.post(
        f"/api/v1/topics/{secret_topic.id}/posts",
        {"raw": "Still here, posting through my key."},
        format="json",
    )
    assert response.status_code == 403
    assert "silenced" in response.json()["detail"]


def test_admin_key_cannot_act_as_a_suspended_member(staff, insider, secret_topic):
    _key, token = api_services.create_api_key(
        user=staff, by=staff, name="admin", kind=ApiKeyKind.ADMIN
    )
    suspend(insider)
    api = APIClient()
    api.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME=insider.username)
    assert api.get("/api/v1/me").status_code in (401, 403)


@pytest.mark.parametrize("bar", [suspend, deactivate])
def test_barred_member_feed_token_serves_nothing(
    client, bar, insider, feed_token, secret_topic
):
    url = f"{reverse('feeds:latest')}?token={feed_token}"
    assert "Embargoed" in client.get(url).text
    bar(insider)
    response = client.get(url)
    assert response.status_code == 404
    assert "Embargoed" not in response.text


def test_suspended_member_session_is_signed_out(client, insider, secret_topic):
    client.force_login(insider)
    suspend(insider)
    response = client.get(secret_topic.get_absolute_url())
    assert response.status_code == 403
    assert "Embargoed" not in response.text


def test_suspended_member_can_still_unsubscribe_in_one_click(client, insider):
    suspend(insider)
    token = emails.unsubscribe_token(insider, "digest")
    response = client.post(reverse("subscriptions:unsubscribe", args=[token]))
    assert response.status_code == 200
    insider.refresh_from_db()
    assert insider.email_digest == "never"


def test_deleted_member_api_key_and_feed_token_stop(insider, feed_token, client):
    _key, token = api_services.create_api_key(user=insider, by=insider, name="bot")
    account_services.delete_account(user=insider)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/me").status_code == 401
    assert client.get(f"/latest.rss?token={feed_token}").status_code == 404
