"""Every API error is JSON with a `detail` message and the right 4xx status.

Services raise Django's ValidationError and PermissionDenied; here they become
400 and 403, the same rules and messages as on the site. A rate limit the services
enforce (RateLimited) becomes a 429 with `Retry-After`, like the API's throttling."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from forum.safeguards.ratelimits import RateLimited


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is over the limit of {limit:,} bytes.")


class RateLimitReached(exceptions.APIException):
    """The service's own message ("You have reached the limit of ..."); DRF's
    handler turns `wait` into the Retry-After header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"

    def __init__(self, error: RateLimited) -> None:
        super().__init__(" ".join(error.args) or None)
        self.wait = error.retry_after


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "This is unavailable for a moment. Please try again shortly."
    default_code = "unavailable"


def api_exception_handler(exc, context):
    if isinstance(exc, RateLimited):
        exc = RateLimitReached(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_messages(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        response.data = {"detail": _summary(errors), "errors": errors}
    return response


def _django_messages(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {"non_field_errors": error.messages}


def _flatten(data, field: str = "non_field_errors") -> dict[str, list[str]]:
    """{field: [messages]}, with nested errors (list items, nested objects) named
    by their path, e.g. `tags.1`."""
    if isinstance(data, dict):
        errors: dict[str, list[str]] = {}
        for key, value in data.items():
            name = str(key) if field == "non_field_errors" else f"{field}.{key}"
            for sub, messages in _flatten(value, name).items():
                errors.setdefault(sub, []).extend(messages)
        return errors
    if isinstance(data, list):
        errors = {}
        for index, value in enumerate(data):
            name = f"{field}.{index}" if isinstance(value, dict | list) else field
            for sub, messages in _flatten(value, name).items():
                errors.setdefault(sub, []).extend(messages)
        return errors
    return {field: [str(data)]}


def _summary(errors: dict[str, list[str]]) -> str:
    parts = [
        message if field == "non_field_errors" else f"{field}: {message}"
        for field, messages in errors.items()
        for message in messages
    ]
    return " ".join(parts) or "Invalid input."
