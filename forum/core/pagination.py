"""The page a list was asked for (`?page=`), for every paginated page."""

from __future__ import annotations

from django.http import Http404, HttpRequest


def page_number(request: HttpRequest) -> int:
    """The `?page=` number, from 1; 404 for anything else or past 10,000."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("No such page.") from error
    if number < 1 or number > 10_000:
        raise Http404("No such page.")
    return number
