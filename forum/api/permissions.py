"""Who may manage which API keys, and what a key may do. The keys page, the
services and the API's permission classes ask these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiKey

READ_ONLY_MESSAGE = (
    "This API key is read-only: it may only read (GET). "
    "Create a key without “read-only” to post or change things."
)


def can_manage_api_keys(user, owner) -> bool:
    return bool(user.is_authenticated and user.is_active and user.pk == owner.pk)


def check_can_manage_api_keys(user, owner) -> None:
    if not can_manage_api_keys(user, owner):
        raise PermissionDenied("You may only manage your own API keys.")


def can_revoke_api_key(user, key: ApiKey) -> bool:
    """Its owner, or staff (say, for a leaked bot key)."""
    return can_manage_api_keys(user, key.user) or bool(
        user.is_authenticated and user.is_staff
    )


def check_can_revoke_api_key(user, key: ApiKey) -> None:
    if not can_revoke_api_key(user, key):
        raise PermissionDenied("You may only revoke your own API keys.")


def can_create_admin_key(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def check_can_create_admin_key(user) -> None:
    if not can_create_admin_key(user):
        raise PermissionDenied("Only staff may create admin keys.")


def can_act_as(key: ApiKey, user) -> bool:
    """A key acts as its owner; an admin key of a staff member as anyone."""
    if key.user_id == user.pk:
        return True
    return key.is_admin and key.user.is_staff


def key_allows_method(key, method: str) -> bool:
    return not (isinstance(key, ApiKey) and key.is_read_only) or method in SAFE_METHODS


class KeyAllowsMethod(BasePermission):
    """Read-only keys may only send safe (reading) requests."""

    message = READ_ONLY_MESSAGE

    def has_permission(self, request, view) -> bool:
        return key_allows_method(request.auth, request.method)
