import pytest
from django.urls import reverse

from forum.api.keys import hash_token
from forum.api.models import ApiKey, ApiKeyKind

pytestmark = pytest.mark.django_db


def keys_url(username="alice"):
    return reverse("api:keys", args=[username])


def test_keys_page_needs_sign_in(client, member):
    response = client.get(keys_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_someone_elses_keys_page_is_404(client, member, other_member):
    client.force_login(other_member)
    assert client.get(keys_url("alice")).status_code == 404


def test_create_key_shows_secret_once_and_stores_only_its_hash(client, member):
    client.force_login(member)
    response = client.post(keys_url(), {"name": "Release bot"})
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.text
    assert "shown only this once" in response.text
    key = ApiKey.objects.get()
    assert (key.name, key.user, key.is_read_only) == ("Release bot", member, False)
    assert key.hashed_key == hash_token(token) != token
    assert token.startswith(key.prefix)
    assert response["Cache-Control"].startswith("max-age=0")
    again = client.get(keys_url())
    assert token not in again.text
    assert f"{key.prefix}…" in again.text


def test_create_read_only_key(client, member):
    client.force_login(member)
    client.post(keys_url(), {"name": "Dashboard", "is_read_only": "on"})
    assert ApiKey.objects.get().is_read_only


def test_create_key_without_name_is_400(client, member):
    client.force_login(member)
    response = client.post(keys_url(), {"name": "  "})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_members_cannot_create_admin_keys(client, member):
    client.force_login(member)
    assert "Admin key" not in client.get(keys_url()).text
    client.post(keys_url(), {"name": "Sneaky", "is_admin": "on"})
    assert ApiKey.objects.get().kind == ApiKeyKind.USER


def test_staff_can_create_admin_keys(client, staff):
    client.force_login(staff)
    client.post(keys_url("dana"), {"name": "Discourse bridge", "is_admin": "on"})
    assert ApiKey.objects.get().kind == ApiKeyKind.ADMIN


def test_revoke_key(client, member):
    client.force_login(member)
    client.post(keys_url(), {"name": "Old bot"})
    key = ApiKey.objects.get()
    response = client.post(
        reverse("api:revoke_key", args=["alice", key.id]), follow=True
    )
    assert "Revoked “Old bot”" in response.text
    key.refresh_from_db()
    assert key.is_revoked


def test_revoke_someone_elses_key_is_404(client, member, other_member, make_key):
    make_key(other_member)
    key = ApiKey.objects.get()
    client.force_login(member)
    response = client.post(reverse("api:revoke_key", args=["alice", key.id]))
    assert response.status_code == 404
    key.refresh_from_db()
    assert not key.is_revoked


def test_keys_page_query_count_is_bounded(
    client, member, make_key, django_assert_max_num_queries
):
    for n in range(10):
        make_key(member, name=f"bot {n}")
    client.force_login(member)
    client.get(keys_url())  # warm-up: the daily visit note, cached header counts
    with django_assert_max_num_queries(6):
        response = client.get(keys_url())
    assert response.text.count("Revoke</button>") == 10
