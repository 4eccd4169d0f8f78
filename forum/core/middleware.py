"""Refuse input no page can mean, before any view sees it.

A NUL character cannot be stored in PostgreSQL text (the query fails with a 500)
and is never part of a real URL, username, tag or form value; bytes that are not
UTF-8 would be stored as U+FFFD, silently changing what the member wrote. Both
are answered 400 here, once, instead of in every view.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .views import healthz

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
REPLACEMENT = "\ufffd"


class RejectBadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return _refuse(request, "The address contains a NUL character.")
        # The API parses (and size-checks) its own bodies; JSON is decoded strictly.
        is_api = request.path.startswith("/api/")
        if request.method == "POST" and not is_api and not _form_is_text(request):
            return _refuse(
                request,
                "The form contains bytes that are not UTF-8 text or a NUL character; "
                "nothing was saved. Please retype the text and send it again.",
            )
        return self.get_response(request)


def _form_is_text(request: HttpRequest) -> bool:
    content_type = request.content_type
    if content_type == FORM:
        try:
            fields = parse_qsl(
                request.body.decode("utf-8"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
            )
        except UnicodeDecodeError:
            return False
        return not any("\x00" in key or "\x00" in value for key, value in fields)
    if content_type == MULTIPART:
        # Django decodes multipart fields with errors="replace"; a U+FFFD is where
        # the bytes were not UTF-8 (nobody types the replacement character).
        values = [v for _, vs in request.POST.lists() for v in vs]
        return not any(REPLACEMENT in v or "\x00" in v for v in values)
    return True


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(
        request,
        "core/error.html",
        {"status": 400, "title": "Bad request", "message": message},
        status=400,
    )


class HealthzMiddleware:
    """Answer `/healthz` before the page cache, sessions, CSRF, authentication and
    the rest of the stack: the load balancer asks every few seconds, the view
    needs none of them (it reads no session, sets no cookie, renders no page), and
    walking them cost more than the answer (issue 18). The view still checks what
    it reports (the cache; `?deep=1` every dependency). What the skipped stack
    would have done to this plain-text answer is kept: the Host header is
    validated (a 400 for a host not in ALLOWED_HOSTS) and the length is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.path = reverse("core:healthz")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != self.path:
            return self.get_response(request)
        request.get_host()
        response = healthz(request)
        response.headers["Content-Length"] = str(len(response.content))
        return response
