from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from forum.api import services
from forum.api.models import ApiKey, ApiKeyKind

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def reply_url(topic):
    return reverse("api:topic-posts", args=[topic.id])


def test_bearer_key_acts_as_its_owner(api, make_key, member):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_key(member)}")
    response = api.get(ME)
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "alice"
    assert response.json()["key"]["name"] == "bot"


def test_unknown_key_is_401_with_message(api, member, make_key):
    token = make_key(member)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token[:-3]}xyz")
    response = api.get(reverse("api:topic-list"))
    assert response.status_code == 401
    assert "Invalid API key" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_bearer_with_extra_words_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer one two")
    response = api.get(ME)
    assert response.status_code == 401
    assert "Bearer <key>" in response.json()["detail"]


def test_revoked_key_is_401(api, make_key, member):
    token = make_key(member)
    services.revoke_api_key(key=ApiKey.objects.get(), by=member)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(reverse("api:topic-list"))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_key_of_inactive_user_is_401(api, make_key, member):
    token = make_key(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(ME).status_code == 401


def test_a_revoked_key_says_to_create_a_new_one(api, make_key, member):
    token = make_key(member)
    services.revoke_api_key(key=ApiKey.objects.get(), by=member)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(ME).json()["detail"] == (
        "This API key was revoked. Create a new one on your API keys page."
    )


def test_a_suspended_owners_key_says_why_they_may_not_come_in(api, make_key, member):
    token = make_key(member)
    account_services.suspend_user(
        user=member, until=timezone.now() + timedelta(days=1), reason="Spam."
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    detail = api.get(ME).json()["detail"]
    assert detail.startswith("The owner of this API key: ")
    assert "suspended" in detail


def test_no_credentials_write_is_401(api, topic):
    response = api.post(reply_url(topic), {"raw": "A reply long enough to post."})
    assert response.status_code == 401
    assert "credentials were not provided" in response.json()["detail"]


def test_read_only_key_reads(as_user, member, topic):
    api = as_user(member, is_read_only=True)
    assert api.get(reverse("api:topic-detail", args=[topic.id])).status_code == 200


def test_read_only_key_cannot_write(as_user, member, topic):
    api = as_user(member, is_read_only=True)
    response = api.post(
        reply_url(topic), {"raw": "A reply long enough to post."}, format="json"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert topic.posts.count() == 1


def test_key_use_is_recorded_at_most_once_a_minute(as_user, member):
    api = as_user(member)
    api.get(ME)
    key = ApiKey.objects.get()
    first_use = key.last_used_at
    assert first_use is not None
    api.get(ME)
    key.refresh_from_db()
    assert key.last_used_at == first_use
    ApiKey.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    api.get(ME)
    key.refresh_from_db()
    assert key.last_used_at > first_use


def test_discourse_headers_act_as_key_owner(api, make_key, member):
    token = make_key(member)
    response = api.get(ME, HTTP_API_KEY=token, HTTP_API_USERNAME="alice")
    assert response.json()["user"]["username"] == "alice"


def test_discourse_key_without_username_acts_as_owner(api, make_key, member):
    response = api.get(ME, HTTP_API_KEY=make_key(member))
    assert response.json()["user"]["username"] == "alice"


def test_discourse_user_key_cannot_act_as_someone_else(
    api, make_key, member, other_member
):
    response = api.get(ME, HTTP_API_KEY=make_key(member), HTTP_API_USERNAME="bob")
    assert response.status_code == 403
    assert "may only act as" in response.json()["detail"]


def test_discourse_admin_key_acts_as_named_user(api, make_key, staff, other_member):
    token = make_key(staff, kind=ApiKeyKind.ADMIN)
    response = api.get(ME, HTTP_API_KEY=token, HTTP_API_USERNAME="bob")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "bob"


def test_discourse_admin_key_posts_as_named_user(
    api, make_key, staff, other_member, topic
):
    token = make_key(staff, kind=ApiKeyKind.ADMIN)
    response = api.post(
        reply_url(topic),
        {"raw": "Posted by the bridge bot on Bob's behalf."},
        format="json",
        HTTP_API_KEY=token,
        HTTP_API_USERNAME="bob",
    )
    assert response.status_code == 201
    assert response.json()["author"]["username"] == "bob"


def test_discourse_admin_key_stops_working_when_owner_loses_staff(
    api, make_key, staff, other_member
):
    token = make_key(staff, kind=ApiKeyKind.ADMIN)
    staff.is_staff = False
    staff.save(update_fields=["is_staff"])
    response = api.get(ME, HTTP_API_KEY=token, HTTP_API_USERNAME="bob")
    assert response.status_code == 403


def test_discourse_admin_key_naming_unknown_user_is_401(api, make_key, staff):
    token = make_key(staff, kind=ApiKeyKind.ADMIN)
    response = api.get(ME, HTTP_API_KEY=token, HTTP_API_USERNAME="nobody")
    assert response.status_code == 401
    assert "no active user" in response.json()["detail"]


def test_session_write_needs_csrf_token(member, topic):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(member)
    response = api.post(
        reply_url(topic), {"raw": "A reply long enough to post."}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_write_with_csrf_token_works(member, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(topic.get_absolute_url())  # the page sets the CSRF cookie
    response = client.post(
        reply_url(topic),
        {"raw": "A reply from the site's own script."},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 201
