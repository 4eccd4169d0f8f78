"""The addresses mail comes in at: `reply+<key>@`, `bounce+<key>@` (VERP) on the
incoming domain, and categories' own addresses."""

from __future__ import annotations

import re
import secrets

from django.conf import settings

KEY = re.compile(r"^(reply|bounce)\+([A-Za-z0-9]{16,40})$")


def new_key() -> str:
    """An unguessable key: 128 random bits, hex."""
    return secrets.token_hex(16)


def reply_address(key: str) -> str:
    return f"reply+{key}@{settings.FORUM_INCOMING_DOMAIN}"


def bounce_address(key: str) -> str:
    return f"bounce+{key}@{settings.FORUM_INCOMING_DOMAIN}"


def parse_keyed(address: str) -> tuple[str, str] | None:
    """("reply" | "bounce", key) for an address on the incoming domain, else None."""
    local, _, host = address.strip().lower().rpartition("@")
    domain = settings.FORUM_INCOMING_DOMAIN.lower()
    if not domain or host != domain:
        return None
    match = KEY.match(local)
    return (match.group(1), match.group(2)) if match else None


def is_own_address(address: str) -> bool:
    """Mail from the forum's own addresses is never answered (no loops)."""
    address = address.strip().lower()
    host = address.rpartition("@")[2]
    domain = settings.FORUM_INCOMING_DOMAIN.lower()
    sender = settings.DEFAULT_FROM_EMAIL.lower()
    return bool(
        (domain and host == domain)
        or address == sender
        or sender.endswith(f"<{address}>")
    )
