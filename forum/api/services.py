"""Every write to API keys. The keys page, the admin and the command call these."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .keys import PREFIX_LENGTH, hash_token, new_token
from .models import ApiKey, ApiKeyKind
from .permissions import (
    check_can_create_admin_key,
    check_can_manage_api_keys,
    check_can_revoke_api_key,
)

# last_used_at is written at most this often per key, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_KEYS_PER_USER = 50


def create_api_key(
    *,
    user,
    by,
    name: str,
    is_read_only: bool = False,
    kind: str = ApiKeyKind.USER,
) -> tuple[ApiKey, str]:
    """Make a key for `user`; returns it with its secret, which is never stored."""
    check_can_manage_api_keys(by, user)
    if kind == ApiKeyKind.ADMIN:
        check_can_create_admin_key(by)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the key a name, e.g. “release bot”."})
    if len(name) > 100:
        raise ValidationError({"name": "Use a name of at most 100 characters."})
    if user.api_keys.filter(revoked_at__isnull=True).count() >= MAX_KEYS_PER_USER:
        raise ValidationError(
            f"You already have {MAX_KEYS_PER_USER} keys: revoke one you no longer use."
        )
    token = new_token()
    key = ApiKey.objects.create(
        user=user,
        name=name,
        prefix=token[:PREFIX_LENGTH],
        hashed_key=hash_token(token),
        kind=kind,
        is_read_only=is_read_only,
    )
    return key, token


def revoke_api_key(*, key: ApiKey, by) -> ApiKey:
    """Stop `key` working, for good; it stays listed as revoked."""
    check_can_revoke_api_key(by, key)
    if key.is_revoked:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    return key


def record_api_key_use(*, key: ApiKey) -> None:
    """Note that `key` was just used, writing at most once a minute per key."""
    now = timezone.now()
    if key.last_used_at and now - key.last_used_at < LAST_USED_PRECISION:
        return
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    key.last_used_at = now
