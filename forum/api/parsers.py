"""Request parsers that refuse bodies over DATA_UPLOAD_MAX_MEMORY_SIZE with a 413
before reading them, instead of parsing megabytes of JSON."""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .exceptions import RequestTooLarge


def _limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _check_declared_length(parser_context) -> None:
    request = (parser_context or {}).get("request")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
    except ValueError:
        length = 0
    if length > _limit():
        raise RequestTooLarge()


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_declared_length(parser_context)
        body = stream.read(_limit() + 1) if stream is not None else b""
        if len(body) > _limit():
            raise RequestTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(body.decode(encoding), parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(f"The body is not valid JSON: {error}") from error
        except RecursionError as error:
            raise ParseError(
                "The body is not valid JSON: nested too deeply."
            ) from error


def _no_constants(name: str):
    raise ValueError(f"{name} is not valid JSON")


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_declared_length(parser_context)
        return super().parse(stream, media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_declared_length(parser_context)
        return super().parse(stream, media_type, parser_context)
