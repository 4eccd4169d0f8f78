"""Per-request account handling: suspensions, time zones and visits."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth import logout
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import tasks
from .permissions import entry_refusal


class MemberMiddleware:
    """Signs suspended members out, shows times in the member's time zone, and
    notes visits for trust levels (at most one write per member per interval,
    after the request's transaction)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            timezone.deactivate()
            return self.get_response(request)
        if notice := entry_refusal(user):
            logout(request)
            return render(
                request, "accounts/suspended.html", {"notice": notice}, status=403
            )
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone or "UTC"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        tasks.note_visit(user)
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response):
        """allauth's forms answer bad input with a 4xx, like the rest of the site."""
        match = request.resolver_match
        form = (response.context_data or {}).get("form")
        if (
            request.method == "POST"
            and match is not None
            and match.func.__module__.startswith("allauth.")
            and form is not None
            and getattr(form, "errors", None)
            and response.status_code == 200
        ):
            if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
                response.status_code = 429
            else:
                response.status_code = 400
        return response
