"""The embedded default: a Whoosh index under SEARCH_INDEX_DIR.

The live index is the directory the `current` symlink names. A rebuild writes a
new directory and swaps the link atomically, so searches never see a half-built
index; the previous directory is kept until the next rebuild for readers that
still have it open.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from whoosh import index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.query import (
    And,
    DateRange,
    Every,
    FuzzyTerm,
    Not,
    NullQuery,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
)
from whoosh.writing import AsyncWriter

from forum.topics.models import Post, Topic

from ..documents import PostDocument
from ..text import TOKEN, index_text
from . import BackendResult, Hit, IndexMissing, Progress, SearchRequest
from .whoosh_view import IndexView

ANALYZER = (
    RegexTokenizer(TOKEN.pattern) | LowercaseFilter() | StopFilter() | StemFilter()
)
SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    topic_id=ID(stored=True, sortable=True),
    category_id=ID(),
    author_id=ID(),
    tags=KEYWORD(commas=True),
    title=TEXT(analyzer=ANALYZER, field_boost=4.0),
    labels=TEXT(analyzer=ANALYZER, field_boost=1.5),
    content=TEXT(analyzer=ANALYZER),
    post_number=NUMERIC(stored=True),
    is_first=BOOLEAN(),
    created_at=DATETIME(sortable=True),
    solved=BOOLEAN(),
    closed=BOOLEAN(),
    listed=BOOLEAN(),
    has_images=BOOLEAN(),
)
TEXT_FIELDS = ("title", "labels", "content")
# At most this many topics are ordered by likes or views (in the database).
MAX_SORTED_TOPICS = 5000


class WhooshBackend:
    name = "whoosh"
    filters_by_hidden_categories = True

    def __init__(self, base: Path | None = None) -> None:
        self.base = Path(base or settings.SEARCH_INDEX_DIR)
        self.current = self.base / "current"

    # Writing

    def index_topics(self, documents: dict[int, list[PostDocument]]) -> None:
        opened = self._open()
        # An index built before a field was added takes documents without it
        # (until `manage.py rebuild_search_index`).
        names = set(opened.schema.names())
        writer = AsyncWriter(opened)
        for topic_id, docs in documents.items():
            writer.delete_by_term("topic_id", str(topic_id))
            for doc in docs:
                fields = _fields(doc)
                writer.add_document(
                    **{k: v for k, v in fields.items() if k in names or k[0] == "_"}
                )
        writer.commit()

    def rebuild(
        self, batches: Iterable[dict[int, list[PostDocument]]], progress: Progress
    ) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        target = self.base / f"index-{uuid.uuid4().hex[:12]}"
        target.mkdir()
        writer = index.create_in(str(target), SCHEMA).writer(limitmb=128)
        try:
            for documents in batches:
                for docs in documents.values():
                    for doc in docs:
                        writer.add_document(**_fields(doc))
                progress(len(documents))
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._swap_to(target)

    def _swap_to(self, target: Path) -> None:
        previous = self.current.resolve() if self.current.is_symlink() else None
        link = self.base / f".current-{uuid.uuid4().hex[:12]}"
        link.symlink_to(target.name)
        os.replace(link, self.current)
        for old in self.base.glob("index-*"):
            if old not in (target, previous):
                shutil.rmtree(old, ignore_errors=True)

    def _open(self) -> index.Index:
        if not index.exists_in(str(self.current)):
            raise IndexMissing("The search index is being built; try again shortly.")
        return index.open_dir(str(self.current))

    # Searching

    def search(self, request: SearchRequest) -> BackendResult:
        text_query = _text_query(request)
        if text_query is None:
            return BackendResult(total=0, hits=[])
        view = self._view()
        try:
            return _search(view, text_query, request)
        except Exception:
            # Whatever the reader tripped over, the next search opens it afresh.
            _forget(view)
            raise

    def _view(self) -> IndexView:
        """This thread's open view of the live index, reopened when it changed
        (a commit writes a new table of contents; a rebuild moves `current`)."""
        stamp = _stamp(self.current)
        if stamp is None:
            raise IndexMissing("The search index is being built; try again shortly.")
        view = getattr(_views, "view", None)
        if view is not None and view.stamp == stamp:
            return view
        if view is not None:
            _forget(view)
        view = IndexView(stamp)
        _views.view = view
        return view


# Each thread keeps one index view open between searches: opening the index and
# filtering by permissions cost more than answering a rare word. (Whoosh readers
# share file positions, so a view is never used by two threads at once.)
_views = threading.local()


def _stamp(current: Path) -> tuple | None:
    """What changes whenever the live index does: the directory `current` names
    and its table of contents files (a commit writes a new one; a damaged index
    has them rewritten). None when there is no index."""
    target = os.path.realpath(current)
    tocs = []
    try:
        for entry in os.scandir(target):
            if entry.name.endswith(".toc"):
                stat = entry.stat()
                tocs.append((entry.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (target, tuple(sorted(tocs))) if tocs else None


def _forget(view: IndexView) -> None:
    if getattr(_views, "view", None) is view:
        del _views.view
    view.close()


def _search(
    view: IndexView, text_query: Query, request: SearchRequest
) -> BackendResult:
    order = request.order
    allowed = view.allowed(_filters(request))
    docs = view.matching(text_query, allowed)
    if not docs:
        return BackendResult(total=0, hits=[])
    topic_ids = view.topic_ids()
    if order == "latest":
        best = _newest_first(docs, topic_ids, view.column("created_at"))
        total = len(best)
    else:
        total = len({topic_ids[docnum] for docnum in docs})
        if order in ("likes", "views"):
            if total <= MAX_SORTED_TOPICS:
                topics = list(dict.fromkeys(topic_ids[docnum] for docnum in docs))
            else:
                topics = list(
                    view.best_first(text_query, allowed, MAX_SORTED_TOPICS, len(docs))
                )[:MAX_SORTED_TOPICS]
            return BackendResult(total, _by_topic_counts(topics, order, request))
        wanted = min(total, request.offset + request.limit)
        best = view.best_first(text_query, allowed, wanted, len(docs))
    page = list(best.items())[request.offset : request.offset + request.limit]
    hits = [
        Hit(
            topic_id=topic_id,
            post_id=int(view.searcher.stored_fields(docnum)["post_id"]),
        )
        for topic_id, docnum in page
    ]
    return BackendResult(total=total, hits=hits)


def _newest_first(
    docs: list[int], topic_ids: list[int], created: list[int]
) -> dict[int, int]:
    """Each topic of `docs` with its newest document, newest first (as Whoosh
    sorts by time, reversed: a later document number first on a tie)."""
    newest: dict[int, int] = {}
    for docnum in docs:  # ascending: on a tie the later document wins
        topic_id = topic_ids[docnum]
        kept = newest.get(topic_id)
        if kept is None or created[docnum] >= created[kept]:
            newest[topic_id] = docnum
    ordered = sorted(
        newest.items(), key=lambda item: (created[item[1]], item[1]), reverse=True
    )
    return dict(ordered)


def _fields(doc: PostDocument) -> dict:
    boost = 1.5 if doc.is_solution else 1.2 if doc.post_number == 1 else 1.0
    return {
        "post_id": str(doc.post_id),
        "topic_id": str(doc.topic_id),
        "category_id": str(doc.category_id),
        "author_id": str(doc.author_id),
        "tags": ",".join(doc.tags),
        "title": doc.title,
        "labels": doc.labels,
        "content": index_text(doc.body),
        "post_number": doc.post_number,
        "is_first": doc.post_number == 1,
        "created_at": timezone.make_naive(doc.created_at, UTC),
        "solved": doc.topic_is_solved,
        "closed": doc.topic_is_closed,
        "listed": doc.topic_is_listed,
        "has_images": doc.has_images,
        "_boost": boost,
    }


def _tokens(text: str) -> list[str]:
    return [token.text for token in ANALYZER(text)]


def _text_query(request: SearchRequest) -> Query | None:
    """The words and phrases as a Whoosh query; None when nothing can match."""
    query = request.query
    if not query.has_text:
        return Every()
    fields = ("title",) if query.in_title else TEXT_FIELDS
    parts: list[Query] = []
    for position, word in enumerate(query.words):
        tokens = _tokens(word)
        if not tokens:
            continue  # a stop word
        is_last = position == len(query.words) - 1
        parts.extend(
            _term_query(fields, token, request, prefix=request.prefix and is_last)
            for token in tokens
        )
    for phrase in query.phrases:
        tokens = _tokens(phrase)
        if len(tokens) == 1:
            parts.append(Or([Term(field, tokens[0]) for field in fields]))
        elif tokens:
            parts.append(Or([Phrase(field, tokens) for field in fields]))
    return And(parts) if parts else None


def _term_query(
    fields: tuple[str, ...], token: str, request: SearchRequest, *, prefix: bool
) -> Query:
    options: list[Query] = []
    for field in fields:
        options.append(Term(field, token, boost=2.0))
        if prefix and len(token) >= 3:
            options.append(Prefix(field, token))
        elif request.fuzzy and len(token) >= 5:
            distance = 1 if len(token) < 7 else 2
            options.append(FuzzyTerm(field, token, maxdist=distance, prefixlength=1))
    return Or(options)


def _any(field: str, values) -> Query:
    if not values:
        return NullQuery
    return Or([Term(field, str(value)) for value in sorted(values)])


def _filters(request: SearchRequest) -> list[Query]:
    """The conditions every result meets, each cached on its own by the view."""
    query = request.query
    if request.hidden_category_ids is not None and len(
        request.hidden_category_ids
    ) < len(request.category_ids):
        # Usually far fewer categories are hidden than shown: a shorter query.
        parts = [Not(_any("category_id", request.hidden_category_ids))]
    else:
        parts = [_any("category_id", request.category_ids)]
    if request.unlisted_category_ids:
        parts.append(
            Or(
                [
                    Term("listed", True),
                    _any("category_id", request.unlisted_category_ids),
                ]
            )
        )
    else:
        parts.append(Term("listed", True))
    if query.tags:
        parts.append(_any("tags", query.tags))
    if request.author_ids is not None:
        parts.append(_any("author_id", request.author_ids))
    if query.in_first or query.in_title:
        parts.append(Term("is_first", True))
    if query.status == "solved":
        parts.append(Term("solved", True))
    elif query.status == "unsolved":
        parts.append(Term("solved", False))
        parts.append(_any("category_id", request.solvable_category_ids))
    elif query.status in ("open", "closed"):
        parts.append(Term("closed", query.status == "closed"))
    if query.with_images:
        parts.append(Term("has_images", True))
    if query.after or query.before:
        start = datetime.combine(query.after, time.min) if query.after else None
        end = (
            datetime.combine(query.before, time.min) - timedelta(microseconds=1)
            if query.before
            else None
        )
        parts.append(DateRange("created_at", start, end))
    return parts


def _by_topic_counts(topic_ids: list[int], order: str, request: SearchRequest):
    """One page of `topic_ids` by their current like or view counts; each hit
    points at the topic's first post."""
    field = "like_count" if order == "likes" else "view_count"
    page = list(
        Topic.objects.filter(id__in=topic_ids)
        .order_by(f"-{field}", "-id")
        .values_list("id", flat=True)[request.offset : request.offset + request.limit]
    )
    # A separate lookup: filtering posts in the same query as values_list()
    # joins them twice and yields one row per post.
    first_posts = dict(
        Post.objects.filter(topic_id__in=page, post_number=1).values_list(
            "topic_id", "id"
        )
    )
    return [
        Hit(topic_id=topic_id, post_id=first_posts[topic_id])
        for topic_id in page
        if topic_id in first_posts
    ]
