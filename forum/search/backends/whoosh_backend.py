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
from whoosh.idsets import DocIdSet
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

    def _view(self) -> _View:
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
        view = _View(stamp)
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


def _forget(view: _View) -> None:
    if getattr(_views, "view", None) is view:
        del _views.view
    view.close()


class _Docs(DocIdSet):
    """A set of document numbers as one byte per document of the index (20 KB for
    20,000 posts, where a Python set takes a megabyte), usable as Whoosh's
    `filter`."""

    def __init__(self, flags: bytes) -> None:
        self.flags = flags

    def __contains__(self, docnum: int) -> bool:
        return self.flags[docnum] == 1

    def __bool__(self) -> bool:
        # Whoosh takes an empty (false) filter to mean "no filter".
        return True

    def __len__(self) -> int:
        return self.flags.count(1)

    def __iter__(self):
        return (docnum for docnum, flag in enumerate(self.flags) if flag)


class _View:
    """One version of the index, open, with what every search on it reuses: each
    document's topic and time, and the documents each filter allows."""

    FILTERS = 64  # cached filters: 64 of 20 KB each at 20,000 posts

    def __init__(self, stamp: tuple) -> None:
        self.stamp = stamp
        self.searcher = index.open_dir(stamp[0]).searcher()
        self.size = self.searcher.doc_count_all()
        self._columns: dict[str, list[int]] = {}
        self._filters: dict[object, bytes] = {}

    def close(self) -> None:
        self.searcher.close()

    def column(self, field: str) -> list[int]:
        """The value of an integer-valued sortable `field` of every document."""
        values = self._columns.get(field)
        if values is None:
            reader = self.searcher.reader().column_reader(field, translate=False)
            values = self._columns[field] = [int(value) for value in reader]
        return values

    def topic_ids(self) -> list[int]:
        """The topic of every document (an ID field: its column holds text)."""
        values = self._columns.get("topic_id")
        if values is None:
            reader = self.searcher.reader().column_reader("topic_id")
            values = self._columns["topic_id"] = [int(value) for value in reader]
        return values

    def allowed(self, parts: list[Query]) -> _Docs:
        """The documents matching every one of `parts` (live documents only)."""
        return _Docs(self._flags(tuple(parts)))

    def _flags(self, key) -> bytes:
        flags = self._filters.pop(key, None)
        if flags is None:
            if isinstance(key, tuple):
                flags = self._flags(key[0])
                for part in key[1:]:
                    both = int.from_bytes(flags) & int.from_bytes(self._flags(part))
                    flags = both.to_bytes(self.size)
            else:
                found = bytearray(self.size)
                for docnum in self.searcher.docs_for_query(key):
                    found[docnum] = 1
                flags = bytes(found)
            if len(self._filters) >= self.FILTERS:
                del self._filters[next(iter(self._filters))]
        self._filters[key] = flags  # the most recently used last
        return flags

    def matching(self, query: Query, allowed: _Docs) -> list[int]:
        """The allowed documents matching `query`, by document number."""
        flags = allowed.flags
        if isinstance(query, Every):
            return [docnum for docnum, flag in enumerate(flags) if flag]
        return sorted(docnum for docnum in self._docs(query) if flags[docnum])

    def _docs(self, query: Query) -> set[int]:
        """The documents matching `query`, its ANDs and ORs done as set operations:
        several times cheaper than stepping Whoosh's matchers through them."""
        if type(query) is Or:
            return set().union(*(self._docs(part) for part in query.subqueries))
        if type(query) is And:
            return set.intersection(*(self._docs(part) for part in query.subqueries))
        return set(self.searcher.docs_for_query(query))

    def best_first(
        self, query: Query, allowed: _Docs, wanted: int, matches: int
    ) -> dict[int, int]:
        """The best `wanted` topics (or more) among the `matches` allowed
        documents matching `query`, each with its best document, best first: the
        same as scoring every match, but Whoosh scores only a top-N of posts
        (skipping blocks that cannot reach it), widened until it holds enough
        topics."""
        topic_ids = self.topic_ids()
        limit = max(wanted * CANDIDATES_PER_TOPIC, MIN_CANDIDATES)
        while True:
            results = self.searcher.search(query, filter=allowed, limit=limit)
            best: dict[int, int] = {}
            for _score, docnum in results.top_n:
                best.setdefault(topic_ids[docnum], docnum)
            if len(best) >= wanted or limit >= matches:
                return best
            limit *= 4


# By relevance, a page needs its topics' best posts: the best
# CANDIDATES_PER_TOPIC times (offset + limit) posts are scored first, widened when
# too few topics are among them (a topic whose title matches brings all its posts).
CANDIDATES_PER_TOPIC = 5
MIN_CANDIDATES = 100


def _search(view: _View, text_query: Query, request: SearchRequest) -> BackendResult:
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
