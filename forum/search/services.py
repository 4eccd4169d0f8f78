"""Search for the rest of the site: search and suggest (indexing is in indexing.py).

Permissions are applied here, at query time: the backend is told which category
ids the searcher may see (`category_access(user).visible`), and every hit is
loaded again through `Topic.objects.visible_to(user)` before it is shown. So a
permission change counts at once, and an entry not yet reindexed after a move
still never shows what the searcher may not read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.safestring import SafeString

from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.topics import permissions
from forum.topics.lists import attach_tag_names
from forum.topics.models import Post, Topic
from forum.topics.querysets import people_deferred

from . import tasks
from .backends import (
    BackendResult,
    IndexMissing,
    SearchRequest,
    SearchUnavailable,
    get_backend,
)
from .query import ParsedQuery, parse
from .text import Highlighter, plain_texts

logger = logging.getLogger(__name__)

MAX_PAGE = 100

# What results show (the search templates, the API's and /search.json's results):
# of people their name and avatar, of posts their byline and text. Loading no
# other column keeps building the twenty results cheap; the tags are read as
# names (`attach_tag_names`), not as a prefetch building a queryset per topic.
_PEOPLE_SHOWN = frozenset({"id", "username", "name", "avatar"})
_TOPIC_DEFERRED = (
    *people_deferred(("author", "last_poster"), _PEOPLE_SHOWN),
    *(
        f"{relation}__{name}"
        for relation in ("category", "category__parent")
        for name in ("description", "topic_template")
    ),
)
_POST_SHOWN = (
    "id",
    "topic",
    "author",
    "post_number",
    "created_at",
    "like_count",
    "is_solution",
    "cooked",
    *(f"author__{name}" for name in sorted(_PEOPLE_SHOWN)),
)


@dataclass
class SearchResult:
    """One topic found, with the post that matched best."""

    topic: Topic
    post: Post
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.topic.get_post_url(self.post.post_number)


@dataclass
class SearchPage:
    query: ParsedQuery
    results: list[SearchResult]
    total: int
    number: int
    per_page: int
    fuzzy: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total


def search(
    query: ParsedQuery, *, user, page: int = 1, per_page: int | None = None
) -> SearchPage:
    """One page of the topics `user` may see that match `query`, best first.
    Raises SearchUnavailable (with a message for users) when the engine can't answer."""
    per_page = per_page or settings.SEARCH_RESULTS_PER_PAGE
    page = min(max(page, 1), MAX_PAGE)
    notes: list[str] = []
    request = _request(query, user, notes, offset=(page - 1) * per_page, limit=per_page)
    if request is None:
        return SearchPage(query, [], 0, page, per_page, notes=notes)
    result = _run(request)
    fuzzy = False
    if result.total == 0 and query.words and not query.phrases:
        result = _run(replace(request, fuzzy=True))
        fuzzy = result.total > 0
    terms = [*query.words, *query.phrases]
    results = _results(result, user, Highlighter(terms, fuzzy=fuzzy))
    return SearchPage(query, results, result.total, page, per_page, fuzzy, notes)


def suggest(query: ParsedQuery, *, user, limit: int = 6) -> list[SearchResult]:
    """Topics for the words typed so far, the last one taken as a prefix."""
    request = _request(query, user, [], offset=0, limit=limit, prefix=True)
    if request is None or not query.has_text:
        return []
    result = _run(request)
    typing = query.words[-1] if query.words else ""
    return _results(result, user, Highlighter(query.words, prefix=typing))


_WORD = re.compile(r"[^\W_]+")


def similar_topics(title: str, *, user, limit: int = 5) -> list[SearchResult]:
    """Topics sharing the most distinctive words of `title` (its longest four):
    one search per word, topics found by more of them first. With three words
    or more, a topic must share two of them."""
    words = sorted(
        {word for word in _WORD.findall(title.lower()) if len(word) >= 4},
        key=len,
        reverse=True,
    )[:4]
    found: dict[int, list] = {}
    for word in words:
        request = _request(parse(word), user, [], offset=0, limit=10, prefix=False)
        if request is None:
            continue
        for rank, hit in enumerate(_run(request).hits):
            found.setdefault(hit.topic_id, [0, rank, hit])[0] += 1
    needed = 2 if len(words) >= 3 else 1
    best = sorted(
        (entry for entry in found.values() if entry[0] >= needed),
        key=lambda entry: (-entry[0], entry[1]),
    )[:limit]
    hits = [hit for _, _, hit in best]
    return _results(BackendResult(total=len(hits), hits=hits), user, Highlighter(words))


def _run(request: SearchRequest) -> BackendResult:
    try:
        return _search(request)
    except IndexMissing:
        tasks.schedule_rebuild()
        # With in-process tasks the index exists now; otherwise this reports it.
        return _search(request)


def _search(request: SearchRequest) -> BackendResult:
    try:
        return get_backend().search(request)
    except SearchUnavailable:
        raise
    except Exception as error:
        if settings.SEARCH_BACKEND != "whoosh":
            raise
        # A damaged Whoosh index raises whatever its reader trips over.
        logger.exception("The Whoosh search index cannot be read")
        tasks.schedule_rebuild()
        raise SearchUnavailable(
            "Search is unavailable for a moment: its index is damaged and is being "
            "rebuilt. Please try again shortly."
        ) from error


def _request(
    query: ParsedQuery, user, notes: list[str], **options
) -> SearchRequest | None:
    """Resolve names to ids under the searcher's permissions; None when nothing
    can match (an unknown category or user), with a note saying why."""
    visible = category_access(user).visible
    category_ids = visible
    if query.categories:
        categories = Category.objects.filter(id__in=visible).filter(
            Q(slug__in=query.categories) | Q(parent__slug__in=query.categories)
        )
        found = dict(categories.values_list("id", "slug"))
        missing = set(query.categories) - set(found.values())
        # A parent slug matches through its children too.
        missing -= set(
            categories.filter(parent__slug__in=missing).values_list(
                "parent__slug", flat=True
            )
        )
        for slug in sorted(missing):
            notes.append(f"There is no category “{slug}”.")
        category_ids = frozenset(found)
    hidden = None
    # Only a backend that filters by the categories left out asks for them.
    if not query.categories and get_backend().filters_by_hidden_categories:
        every = Category.objects.values_list("id", flat=True)
        hidden = frozenset(every) - visible
    author_ids = None
    if query.usernames:
        names = reduce(or_, (Q(username__iexact=name) for name in query.usernames))
        users = get_user_model().objects.filter(names, is_active=True)
        author_ids = frozenset(users.values_list("id", flat=True))
        if not author_ids:
            notes.append("There is no user " + ", ".join(query.usernames) + ".")
    if not category_ids or author_ids == frozenset():
        return None
    solvable = frozenset()
    if query.status == "unsolved":
        solvable = frozenset(
            Category.objects.filter(
                id__in=category_ids, allow_solutions=True
            ).values_list("id", flat=True)
        )
    return SearchRequest(
        query=query,
        category_ids=frozenset(category_ids),
        solvable_category_ids=solvable,
        hidden_category_ids=hidden,
        author_ids=author_ids,
        unlisted_category_ids=frozenset(category_ids)
        & permissions.unlisted_category_ids(user),
        **options,
    )


def _results(
    result: BackendResult, user, highlighter: Highlighter
) -> list[SearchResult]:
    """Load the hits' topics, their tag names and posts in three queries, dropping
    any the user may not see now, and build their highlighted title and snippet."""
    if not result.hits:
        return []
    topic_ids = [hit.topic_id for hit in result.hits]
    topics = (
        Topic.objects.visible_to(user)
        .filter(id__in=topic_ids)
        .select_related("category", "category__parent", "author", "last_poster")
        .defer(*_TOPIC_DEFERRED)
        .order_by()
    )
    topics = {topic.id: topic for topic in topics}
    posts = (
        Post.objects.filter(
            id__in=[hit.post_id for hit in result.hits],
            deleted_at__isnull=True,
            is_hidden=False,
        )
        .select_related("author")
        .only(*_POST_SHOWN)
        .order_by()
    )
    posts = {post.id: post for post in posts}
    found = []
    for hit in result.hits:
        topic, post = topics.get(hit.topic_id), posts.get(hit.post_id)
        if topic is None or post is None or post.topic_id != topic.id:
            continue
        found.append((topic, post))
    attach_tag_names([topic for topic, _ in found])
    texts = plain_texts([post.cooked for _, post in found])
    return [
        SearchResult(
            topic=topic,
            post=post,
            title=highlighter.mark(topic.title),
            snippet=highlighter.snippet(text),
        )
        for (topic, post), text in zip(found, texts, strict=True)
    ]


def health_check() -> tuple[str, str]:
    """For /healthz?deep=1: whether the engine answers a query."""
    try:
        search(parse("healthz"), user=AnonymousUser(), per_page=1)
    except SearchUnavailable as error:
        return "degraded", str(error)
    return "ok", settings.SEARCH_BACKEND
