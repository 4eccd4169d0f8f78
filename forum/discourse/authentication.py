"""Discourse's user API keys as DRF authentication: the `User-Api-Key` header
acts as the member who granted the key (its scopes are checked by
DiscourseView, the one view class that takes these keys)."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from accounts.permissions import entry_refusal
from forum.api.authentication import INVALID_KEY
from forum.api.keys import PREFIX_LENGTH, token_matches

from .models import UserApiKey
from .services import record_user_api_key_use


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
        record_user_api_key_use(key=key)
        return key.user, key
