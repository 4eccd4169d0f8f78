"""The seam between the search page and the engines behind it.

A backend indexes `PostDocument`s and answers a `SearchRequest` with one best
post per topic. Permissions arrive already resolved (the category ids the
searcher may see), so a backend never decides visibility itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from ..query import ParsedQuery

BACKENDS = {
    "whoosh": "forum.search.backends.whoosh_backend.WhooshBackend",
    "postgres": "forum.search.backends.postgres_backend.PostgresBackend",
}


class SearchUnavailable(Exception):
    """The engine cannot answer now (missing or damaged index); the message is
    written for users."""


class IndexMissing(SearchUnavailable):
    """There is no index yet; building one will fix it."""


@dataclass(frozen=True)
class SearchRequest:
    """A parsed query with every name resolved to ids and every permission applied."""

    query: ParsedQuery
    category_ids: frozenset[int]  # visible, and within any #category asked for
    solvable_category_ids: frozenset[int]  # for status:unsolved
    # Every other category, when the searcher asked for none in particular and
    # the backend filters by them (`filters_by_hidden_categories`).
    hidden_category_ids: frozenset[int] | None = None
    author_ids: frozenset[int] | None = None
    # Categories whose unlisted topics the searcher finds (those they moderate).
    unlisted_category_ids: frozenset[int] = frozenset()
    fuzzy: bool = False  # tolerate misspelled words
    prefix: bool = False  # the last word is still being typed (suggestions)
    offset: int = 0
    limit: int = 20

    @property
    def order(self) -> str:
        return self.query.order or ("relevance" if self.query.has_text else "latest")


@dataclass(frozen=True)
class Hit:
    topic_id: int
    post_id: int


@dataclass(frozen=True)
class BackendResult:
    total: int  # matching topics
    hits: list[Hit]


Progress = Callable[[int], None]


class SearchBackend(Protocol):
    name: str
    # Whether `search` wants SearchRequest.hidden_category_ids (one more query).
    filters_by_hidden_categories: bool

    def index_topics(self, documents: dict[int, list]) -> None:
        """Replace the entries of each topic id with its documents (none: remove)."""

    def search(self, request: SearchRequest) -> BackendResult:
        """The matching topics, best first, each with its best matching post."""

    def rebuild(self, batches: Iterable[dict[int, list]], progress: Progress) -> None:
        """Index everything again while searches keep being answered."""


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND is {name!r}; use one of {', '.join(BACKENDS)}."
        )
    return import_string(BACKENDS[name])()
