"""API keys as DRF authentication: `Authorization: Bearer <key>`, and Discourse's
`Api-Key` + `Api-Username` headers so Discourse bots can move over unchanged."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Manager, Model, QuerySet
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.permissions import entry_refusal

from .keys import PREFIX_LENGTH, token_matches
from .models import ApiKey
from .permissions import can_act_as
from .services import record_api_key_use

Key = TypeVar("Key", bound=Model)

INVALID_KEY = "Invalid API key: check it was copied whole, or create a new one."


def key_for_token(
    token: str,
    keys: Manager[Key] | QuerySet[Key] = ApiKey.objects,
    *,
    revoked: str = "This API key was revoked. Create a new one on your API keys page.",
    owner: str = "The owner of this API key",
) -> Key:
    """The live key whose secret is `token`, or AuthenticationFailed (401). `keys`
    are the API keys unless told (Discourse's user API keys are kept alike: prefix,
    hash, owner, revoked); `revoked` and `owner` are said when the key was revoked
    or its owner may not come in."""
    candidates = keys.select_related("user").filter(prefix=token[:PREFIX_LENGTH])
    key = next((k for k in candidates if token_matches(token, k.hashed_key)), None)
    if key is None:
        raise exceptions.AuthenticationFailed(INVALID_KEY)
    if key.is_revoked:
        raise exceptions.AuthenticationFailed(revoked)
    if refusal := entry_refusal(key.user):
        raise exceptions.AuthenticationFailed(f"{owner}: {refusal}")
    return key


class BearerKeyAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>`: the request acts as the key's owner."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the key as `Authorization: Bearer <key>`, with nothing after it."
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(INVALID_KEY) from error
        key = key_for_token(token)
        record_api_key_use(key=key)
        return key.user, key

    def authenticate_header(self, request) -> str:
        # Present, so DRF answers 401 (not 403) when credentials are missing.
        return 'Bearer realm="api"'


class DiscourseKeyAuthentication(BaseAuthentication):
    """`Api-Key` + `Api-Username`: the key's owner, or with an admin key, any user."""

    def authenticate(self, request):
        token = request.META.get("HTTP_API_KEY")
        if token is None:
            return None
        key = key_for_token(token.strip())
        username = request.META.get("HTTP_API_USERNAME", "").strip()
        user = key.user
        if username and username.lower() != key.user.username.lower():
            user = self._named_user(username) if key.is_admin else None
            if user is None or not can_act_as(key, user):
                raise exceptions.PermissionDenied(
                    f"This key belongs to {key.user.username} and may only act as "
                    "them; only a staff member's admin key may act as another user."
                )
            if refusal := entry_refusal(user):
                raise exceptions.AuthenticationFailed(f"{user.username}: {refusal}")
        record_api_key_use(key=key)
        return user, key

    def _named_user(self, username: str):
        user = (
            get_user_model()
            .objects.filter(username__iexact=username, is_active=True)
            .first()
        )
        if user is None:
            raise exceptions.AuthenticationFailed(
                "Api-Username names no active user of this forum."
            )
        return user
