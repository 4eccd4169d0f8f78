"""Discourse's user API keys as DRF authentication: the `User-Api-Key` header
acts as the member who granted the key, within its scopes."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS

from accounts.permissions import entry_refusal
from forum.api.authentication import INVALID_KEY
from forum.api.keys import PREFIX_LENGTH, token_matches

from .models import UserApiKey
from .services import record_user_api_key_use

READ_SCOPE_ONLY = (
    "This user API key was granted the read scope only: it may only read (GET). "
    "Ask for the write scope to post or change things."
)


def user_key_for_token(token: str) -> UserApiKey:
    """The live user API key whose secret is `token`, or a 401."""
    candidates = UserApiKey.objects.select_related("user").filter(
        prefix=token[:PREFIX_LENGTH]
    )
    key = next((k for k in candidates if token_matches(token, k.hashed_key)), None)
    if key is None:
        raise exceptions.AuthenticationFailed(INVALID_KEY)
    if key.is_revoked:
        raise exceptions.AuthenticationFailed(
            "This user API key was revoked: authorize the application again."
        )
    if refusal := entry_refusal(key.user):
        raise exceptions.AuthenticationFailed(f"The owner of this key: {refusal}")
    return key


class UserApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        token = request.META.get("HTTP_USER_API_KEY")
        if token is None:
            return None
        key = user_key_for_token(token.strip())
        if key.is_read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_SCOPE_ONLY)
        record_user_api_key_use(key=key)
        return key.user, key
