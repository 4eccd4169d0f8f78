"""Request rates per visitor (by IP), per user, and for writes per user. Rates come
from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request so tests and
deployments can change them. Over the rate DRF answers 429 with Retry-After."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class VisitorThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"


class WriteThrottle(_SettingsRate, UserRateThrottle):
    """A separate, lower budget for requests that change things."""

    scope = "write"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
