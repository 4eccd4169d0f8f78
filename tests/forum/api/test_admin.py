import pytest
from django.urls import reverse

from forum.api.models import ApiKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_lists_keys_without_secrets(admin_client, make_key, member):
    token = make_key(member, name="release bot")
    url = reverse("admin:api_apikey_changelist") + "?q=alice"
    response = admin_client.get(url)
    assert "release bot" in response.text
    assert token not in response.text
    assert ApiKey.objects.get().hashed_key not in response.text


def test_admin_revokes_a_members_key(admin_client, make_key, member):
    make_key(member)
    key = ApiKey.objects.get()
    admin_client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.id]},
    )
    key.refresh_from_db()
    assert key.is_revoked
