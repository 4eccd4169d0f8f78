"""An open view of one version of the Whoosh index, kept between searches, and
what every search on it reuses: each document's topic and time, the documents
each filter allows, and a relevance order that scores only a top-N of posts."""

from __future__ import annotations

from whoosh import index
from whoosh.idsets import DocIdSet
from whoosh.query import And, Every, Or, Query


class Docs(DocIdSet):
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


class IndexView:
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
        return self._integers(field, translate=False)

    def topic_ids(self) -> list[int]:
        """The topic of every document (an ID field: its column holds text)."""
        return self._integers("topic_id", translate=True)

    def _integers(self, field: str, *, translate: bool) -> list[int]:
        values = self._columns.get(field)
        if values is None:
            reader = self.searcher.reader().column_reader(field, translate=translate)
            values = self._columns[field] = [int(value) for value in reader]
        return values

    def allowed(self, parts: list[Query]) -> Docs:
        """The documents matching every one of `parts` (live documents only)."""
        return Docs(self._flags(tuple(parts)))

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

    def matching(self, query: Query, allowed: Docs) -> list[int]:
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
        self, query: Query, allowed: Docs, wanted: int, matches: int
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
