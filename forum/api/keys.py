"""The secret of an API key: how it is made, hashed and checked."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "mer_"  # noqa: S105 (a marker that helps secret scanners, not a secret)
# What lists show of a key, enough for its owner to recognise it.
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def new_token() -> str:
    """A fresh secret with 256 bits of randomness."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # The token is high-entropy random data, so one SHA-256 round is enough: unlike
    # passwords there is nothing to guess, and auth stays cheap on every request.
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, hashed_key: str) -> bool:
    return hmac.compare_digest(hash_token(token), hashed_key)
