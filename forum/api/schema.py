"""OpenAPI details DRF cannot infer: the key authentications, and the JSON error
responses every operation may give."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .outputs import ErrorSerializer

ERRORS = {
    "400": "Invalid input: `detail` says what to fix, `errors` lists it per field.",
    "401": "Missing, invalid or revoked API key.",
    "403": "Not allowed (e.g. a read-only key, or another user's post).",
    "404": "No such object, or one the caller may not see.",
    "429": "Too many requests: retry after the `Retry-After` seconds.",
}
BODY_ERRORS = {"413": "The request body is too large."}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(BODY_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "forum.api.authentication.BearerKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from your API keys page: "
            "`Authorization: Bearer <key>`.",
        }


class DiscourseKeyScheme(OpenApiAuthenticationExtension):
    target_class = "forum.api.authentication.DiscourseKeyAuthentication"
    name = "discourseApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Api-Key",
            "description": "Discourse-style: the key in `Api-Key`, and optionally "
            "`Api-Username`; an admin key may name any user there.",
        }
