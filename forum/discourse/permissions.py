"""Who may do what with user API keys."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import UserApiKey


def can_revoke_user_api_key(user, key: UserApiKey) -> bool:
    """Its owner, or staff (say, for a leaked key)."""
    if not user.is_authenticated:
        return False
    return user.pk == key.user_id or user.is_staff


def check_can_revoke_user_api_key(user, key: UserApiKey) -> None:
    if not can_revoke_user_api_key(user, key):
        raise PermissionDenied("You may only revoke your own user API keys.")
