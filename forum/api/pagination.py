"""Pagination for API lists. Long lists (latest topics, a user's activity) use
cursors, stable while new posts arrive; short ranked lists use page numbers. Neither
runs COUNT(*): one row more than a page tells whether another page follows."""

from __future__ import annotations

from django.conf import settings
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE = 10_000


class DateCursorPagination(CursorPagination):
    """Newest first by a datetime field; a forged cursor is a 404, never a 500."""

    ordering = "-created_at"
    invalid_cursor_message = "Invalid cursor: use the `next` or `previous` link as is."

    def get_page_size(self, request) -> int:
        return settings.FORUM_TOPICS_PER_PAGE

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                valid = parse_datetime(cursor.position) is not None
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(self.invalid_cursor_message)
        return cursor


class BumpedCursorPagination(DateCursorPagination):
    ordering = "-bumped_at"


class PagePagination(BasePagination):
    """`?page=N` of `page_size` rows; a page past the end is a 404."""

    page_size = 50
    page_query_param = "page"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.number = page_number(request, self.page_query_param)
        size = self.get_page_size()
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        if self.number > 1 and not rows:
            raise NotFound("No such page.")
        self.has_next = len(rows) > size
        return rows[:size]

    def get_page_size(self) -> int:
        return self.page_size

    def get_paginated_response(self, data) -> Response:
        return Response(
            {
                "next": self._link(self.number + 1) if self.has_next else None,
                "previous": self._link(self.number - 1) if self.number > 1 else None,
                "results": data,
            }
        )

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema) -> dict:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [page_parameter()]


class TopPagePagination(PagePagination):
    def get_page_size(self) -> int:
        return settings.FORUM_TOPICS_PER_PAGE


def page_number(request, name: str = "page") -> int:
    value = request.query_params.get(name, "1")
    is_number = value.isascii() and value.isdigit() and len(value) <= 5
    if not is_number or not 1 <= int(value) <= MAX_PAGE:
        raise NotFound(f"No such page: `{name}` is a number from 1 to {MAX_PAGE}.")
    return int(value)


def page_parameter() -> dict:
    return {
        "name": "page",
        "required": False,
        "in": "query",
        "description": "The page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    }
