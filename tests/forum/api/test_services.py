import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.api import services
from forum.api.models import ApiKey, ApiKeyKind

pytestmark = pytest.mark.django_db


def test_create_api_key_returns_secret_and_keeps_hash(member):
    key, token = services.create_api_key(user=member, by=member, name="bot")
    assert token.startswith("mer_") and len(token) > 40
    assert token not in key.hashed_key
    assert ApiKey.objects.get().prefix == token[:12]


def test_create_api_key_for_someone_else_is_refused(member, other_member):
    with pytest.raises(PermissionDenied):
        services.create_api_key(user=other_member, by=member, name="bot")


def test_create_admin_key_needs_staff(member):
    with pytest.raises(PermissionDenied, match="Only staff"):
        services.create_api_key(
            user=member, by=member, name="bot", kind=ApiKeyKind.ADMIN
        )


def test_create_api_key_needs_a_name(member):
    with pytest.raises(ValidationError) as error:
        services.create_api_key(user=member, by=member, name=" ")
    assert "Give the key a name" in error.value.message_dict["name"][0]


def test_staff_may_revoke_anyones_key(member, staff):
    key, _ = services.create_api_key(user=member, by=member, name="leaked")
    services.revoke_api_key(key=key, by=staff)
    assert ApiKey.objects.get().is_revoked


def test_members_may_not_revoke_others_keys(member, other_member):
    key, _ = services.create_api_key(user=member, by=member, name="mine")
    with pytest.raises(PermissionDenied):
        services.revoke_api_key(key=key, by=other_member)
