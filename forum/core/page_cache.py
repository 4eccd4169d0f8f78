"""The anonymous page cache, as Discourse has one: signed-out visitors all see the
same pages, so a page rendered for one of them is kept for the next ones.

Only GET and HEAD requests that carry no session, no messages, no Authorization
or Discourse `Api-Key`/`User-Api-Key` header, no htmx header and no feed `token`
are served from it or stored in it; only plain 200 responses that set no cookie,
embed no CSRF token and are not private are stored.
Signed-in members therefore never read nor fill it, and visitors share exactly what
any visitor may see. The key holds a version that every write to topics and posts
bumps after its commit (`bump_page_cache`), and the versions other apps register
(`register_version_key`: category access, so a changed permission is never served
from an old page); FORUM_ANON_CACHE_SECONDS
bounds whatever else may go stale (relative times, user profiles).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

VERSION_KEY = "page-cache-version"
UNCACHEABLE = ("private", "no-store", "no-cache")
# What a view does for every visitor even when its page comes from the cache (a
# topic's view count): apps register it by name, a view notes it on the request.
_hit_handlers: dict[str, Callable[[HttpRequest, int], None]] = {}


def register_hit_handler(name: str, handler: Callable[[HttpRequest, int], None]):
    """Call `handler(request, ident)` for a cached page whose view noted `name`."""
    _hit_handlers[name] = handler


def note_for_cached_hits(request: HttpRequest, name: str, ident: int) -> None:
    """Ask that the handler registered as `name` run for each visitor this page is
    served to from the cache, as it ran for this one."""
    request.page_cache_note = (name, ident)


# Cache keys of versions that a higher app bumps when what visitors may see changes;
# each app registers its own in its ready(), since this floor knows no app.
_version_keys: list[str] = [VERSION_KEY]


def register_version_key(key: str) -> None:
    """Make every cached page depend on the version stored under `key`."""
    if key not in _version_keys:
        _version_keys.append(key)


def bump_page_cache() -> None:
    """Forget every cached anonymous page: something visitors see has changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # A fresh start never reuses an old number, even after an eviction.
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        # Discourse bots sign in with these headers; they are never visitors.
        and "HTTP_API_KEY" not in request.META
        and "HTTP_USER_API_KEY" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        # A private feed token makes the request a member's, not a visitor's.
        and "token" not in request.GET
    )


def _is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in UNCACHEABLE)
    )


def _key(request: HttpRequest) -> str:
    versions = cache.get_many(_version_keys)
    meta = request.META
    parts = [
        request.get_full_path(),
        meta.get("HTTP_HOST", ""),
        "https" if request.is_secure() else "http",
        meta.get("HTTP_ACCEPT", ""),
    ]
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False)
    numbers = ":".join(str(versions.get(key, 0)) for key in _version_keys)
    return f"anon-page:{numbers}:{digest.hexdigest()}"


def _restore(request: HttpRequest, stored: tuple) -> HttpResponse:
    content, headers, *note = stored
    if note and note[0]:
        name, ident = note[0]
        if handler := _hit_handlers.get(name):
            handler(request, ident)
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    conditional = get_conditional_response(
        request, etag=response.headers.get("ETag"), response=response
    )
    return conditional or response


class AnonymousPageCacheMiddleware:
    """Serve signed-out visitors' GETs from the cache, before the session,
    authentication and CSRF middleware run; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.FORUM_ANON_CACHE_SECONDS
        if not seconds or not _is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _restore(request, stored)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            set_response_etag(response)
            note = getattr(request, "page_cache_note", None)
            stored = (response.content, list(response.items()), note)
            cache.set(key, stored, seconds)
        return response
