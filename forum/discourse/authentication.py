"""Discourse's user API keys as DRF authentication: the `User-Api-Key` header
acts as the member who granted the key (its scopes are checked by
DiscourseView, the one view class that takes these keys)."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication

from forum.api.authentication import key_for_token

from .models import UserApiKey
from .services import record_user_api_key_use


class UserApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        token = request.META.get("HTTP_USER_API_KEY")
        if token is None:
            return None
        key = key_for_token(
            token.strip(),
            UserApiKey.objects,
            revoked="This user API key was revoked: authorize the application again.",
            owner="The owner of this key",
        )
        record_user_api_key_use(key=key)
        return key.user, key
