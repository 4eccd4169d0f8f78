import pytest
from django.urls import reverse

from forum.api.models import ApiKey

pytestmark = pytest.mark.django_db


def test_admin_lists_keys_without_secrets(superuser_client, make_key, member):
    token = make_key(member, name="release bot")
    url = reverse("admin:api_apikey_changelist") + "?q=alice"
    response = superuser_client.get(url)
    assert "release bot" in response.text
    assert token not in response.text
    assert ApiKey.objects.get().hashed_key not in response.text


def test_admin_revokes_a_members_key(superuser_client, make_key, member):
    make_key(member)
    key = ApiKey.objects.get()
    superuser_client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.id]},
    )
    key.refresh_from_db()
    assert key.is_revoked
