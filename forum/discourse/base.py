"""What every Discourse endpoint shares: Discourse's content type, its error body
(`{"errors": [...], "error_type": ...}`, with `extras.wait_seconds` on a 429) and
the same authentication, permissions and throttles as `/api/v1`."""

from __future__ import annotations

from math import ceil

from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from forum.api.exceptions import api_exception_handler

from .authentication import UserApiKeyAuthentication
from .models import UserApiKey

READ_SCOPE_ONLY = (
    "This user API key was granted the read scope only: it may only read (GET). "
    "Ask for the write scope to post or change things."
)

ERROR_TYPES = {
    status.HTTP_400_BAD_REQUEST: "invalid_parameters",
    status.HTTP_401_UNAUTHORIZED: "not_logged_in",
    status.HTTP_403_FORBIDDEN: "invalid_access",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "invalid_parameters",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "invalid_parameters",
    status.HTTP_429_TOO_MANY_REQUESTS: "rate_limit",
}


class DiscourseJSONRenderer(JSONRenderer):
    # Discourse clients (pydiscourse) compare the whole header, charset included.
    charset = "utf-8"


def discourse_exception_handler(exc, context):
    """The API's own handler (same statuses and messages), in Discourse's body."""
    response = api_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data or {}
    if "errors" in data and isinstance(data["errors"], dict):
        messages = [m for field in data["errors"].values() for m in field]
    else:
        messages = [str(data.get("detail", "")) or "Something went wrong."]
    body = {
        "errors": messages,
        "error_type": ERROR_TYPES.get(response.status_code, "unknown"),
    }
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        # DRF's throttles say `wait`; the services' RateLimited says `retry_after`.
        wait = getattr(exc, "retry_after", None) or getattr(exc, "wait", None)
        seconds = max(1, ceil(wait or 1))
        body["extras"] = {"wait_seconds": seconds, "time_left": f"{seconds} seconds"}
        response["Retry-After"] = str(seconds)
    response.data = body
    return response


class DiscourseView(APIView):
    # The API's keys and the session, and Discourse's user API keys (after
    # them: the first one's challenge makes a failed sign-in a 401).
    authentication_classes = [
        *api_settings.DEFAULT_AUTHENTICATION_CLASSES,
        UserApiKeyAuthentication,
    ]
    renderer_classes = [DiscourseJSONRenderer]
    # A user API key with the read scope may still POST here (revoking itself).
    read_scope_may_write = False
    # Discourse's own OpenAPI spec documents these paths; Meridian's schema
    # (/api/schema/) describes /api/v1 only.
    schema = None

    def get_exception_handler(self):
        return discourse_exception_handler

    def check_permissions(self, request):
        super().check_permissions(request)
        key = request.auth
        if (
            isinstance(key, UserApiKey)
            and key.is_read_only
            and request.method not in SAFE_METHODS
            and not self.read_scope_may_write
        ):
            raise PermissionDenied(READ_SCOPE_ONLY)
