"""Search with the site's query language, through `forum.search`: the same
engine, permissions and results as the search page."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from forum.search.backends import SearchUnavailable
from forum.search.query import parse
from forum.search.services import search

from . import inputs, outputs
from .exceptions import ServiceUnavailable
from .lookups import validated


class SearchView(APIView):
    @extend_schema(
        parameters=[inputs.SearchQuerySerializer],
        responses={
            200: outputs.SearchPageSerializer,
            503: OpenApiResponse(
                outputs.ErrorSerializer,
                description="The search engine can't answer now.",
            ),
        },
    )
    def get(self, request):
        """Topics the caller may see that match `q`, best first (or by `order:`)."""
        data = validated(inputs.SearchQuerySerializer, request.query_params.dict())
        query = parse(data["q"])
        if query.is_empty:
            raise ValidationError({"q": [inputs.NOTHING_TO_SEARCH]})
        try:
            page = search(query, user=request.user, page=data["page"])
        except SearchUnavailable as error:
            raise ServiceUnavailable(str(error)) from error
        if page.number > 1 and not page.results:
            raise NotFound("No such page.")
        answer = {
            "query": str(page.query),
            "warnings": [*page.query.warnings, *page.notes],
            "total": page.total,
            "fuzzy": page.fuzzy,
            "next": self._link(page.number + 1) if page.has_next else None,
            "previous": self._link(page.number - 1) if page.has_previous else None,
            "results": page.results,
        }
        return Response(outputs.SearchPageSerializer(answer).data)

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", number)
