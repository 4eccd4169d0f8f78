"""The HTTP status of an error a service raises, for the pages and the API alike:
invalid input 400, not allowed 403, a rate limit reached 429."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from .ratelimits import RateLimited

SERVICE_ERRORS = (ValidationError, PermissionDenied)


def status_for(error: Exception) -> int:
    """400, 403 or 429 for an error in SERVICE_ERRORS (RateLimited is a kind of
    PermissionDenied, so it is asked first)."""
    if isinstance(error, RateLimited):
        return 429
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, ValidationError):
        return 400
    raise TypeError(f"{type(error).__name__} is not a service error.")
