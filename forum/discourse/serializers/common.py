"""Small pieces every shape uses: dates, users as Discourse names them."""

from __future__ import annotations

from datetime import UTC, datetime

from accounts.permissions import is_staff_or_moderator


def iso(moment: datetime | None) -> str | None:
    """Discourse's timestamps: ISO 8601 in UTC with milliseconds and a Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def avatar_template(user) -> str:
    # Meridian serves one size per avatar; `{size}` is absent, so clients that
    # substitute it get the same address back.
    return user.avatar_url


def basic_user(user) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "avatar_template": avatar_template(user),
    }


def user_flags(user) -> dict:
    return {
        "admin": user.is_staff,
        "moderator": is_staff_or_moderator(user),
        "staff": is_staff_or_moderator(user),
        "trust_level": user.trust_level,
    }
