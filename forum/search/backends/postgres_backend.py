"""PostgreSQL full-text search: one weighted tsvector per post in `SearchPost`
(GIN index), ranked with ts_rank; misspelled words are corrected against
`SearchWord` with pg_trgm. Category and topic state are joined from the topic at
query time, so moves, closes and solutions count at once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.functions import Lower
from taggit.models import TaggedItem

from forum.topics.models import Post, Topic

from ..documents import PostDocument
from ..models import SearchPost, SearchWord
from ..text import index_text, words
from . import BackendResult, Hit, Progress, SearchRequest

CONFIG = "english"
INSERT_BATCH = 200
CORRECTIONS_PER_WORD = 5
FUZZY_MIN_LENGTH = 5
_PREFIX_CHARS = re.compile(r"[^\w.]")

_VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', %s), 'C') || "
    f"setweight(to_tsvector('{CONFIG}', %s), %s)"
)


class PostgresBackend:
    name = "postgres"

    # Writing

    def index_topics(self, documents: dict[int, list[PostDocument]]) -> None:
        docs = [doc for topic_docs in documents.values() for doc in topic_docs]
        with transaction.atomic():
            SearchPost.objects.filter(topic_id__in=list(documents)).delete()
            for start in range(0, len(docs), INSERT_BATCH):
                _insert(docs[start : start + INSERT_BATCH])
            dictionary = {
                word
                for doc in docs
                for word in words(f"{doc.title} {doc.labels} {doc.body}")
            }
            SearchWord.objects.bulk_create(
                [SearchWord(word=word) for word in sorted(dictionary)],
                ignore_conflicts=True,
                batch_size=1000,
            )

    def rebuild(
        self, batches: Iterable[dict[int, list[PostDocument]]], progress: Progress
    ) -> None:
        # Topic by topic, each in its own transaction: searches keep seeing
        # either the old or the new entries of a topic, never none.
        for documents in batches:
            self.index_topics(documents)
            progress(len(documents))

    # Searching

    def search(self, request: SearchRequest) -> BackendResult:
        query = request.query
        corrections = _corrections(query.words) if request.fuzzy else {}
        tsquery, tsparams = _tsquery(request, corrections)
        where, params = _where(request)
        if tsquery:
            where.append(f"sp.vector @@ ({tsquery})")
            params += tsparams
            if query.in_title:
                where.append(f"ts_filter(sp.vector, '{{a}}') @@ ({tsquery})")
                params += tsparams
            rank, rank_params = f"ts_rank(sp.vector, ({tsquery}))", tsparams
        elif query.has_text:
            return BackendResult(total=0, hits=[])  # only stop words
        else:
            rank, rank_params = "0", []
        order = request.order
        best_first = "sp.created_at DESC" if order == "latest" else "rank DESC"
        outer = {
            "relevance": "b.rank DESC, b.topic_id DESC",
            "latest": "b.created_at DESC, b.topic_id DESC",
            "likes": "t.like_count DESC, b.topic_id DESC",
            "views": "t.view_count DESC, b.topic_id DESC",
        }[order]
        sql = f"""
            WITH matches AS (
                SELECT sp.topic_id, sp.post_id, sp.created_at, {rank} AS rank
                FROM {SearchPost._meta.db_table} sp
                JOIN {Topic._meta.db_table} t ON t.id = sp.topic_id
                WHERE {" AND ".join(where)}
            ), best AS (
                SELECT *, row_number() OVER (
                    PARTITION BY topic_id ORDER BY {best_first}, post_id
                ) AS nth
                FROM matches sp
            )
            SELECT b.topic_id, b.post_id, count(*) OVER () AS total
            FROM best b JOIN {Topic._meta.db_table} t ON t.id = b.topic_id
            WHERE b.nth = 1
            ORDER BY {outer}
            LIMIT %s OFFSET %s
        """  # noqa: S608 - every value is a parameter; only our own SQL is formatted
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank_params, *params, request.limit, request.offset])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        hits = [
            Hit(topic_id=topic_id, post_id=post_id) for topic_id, post_id, _ in rows
        ]
        return BackendResult(total=total, hits=hits)


def _insert(docs: list[PostDocument]) -> None:
    table = SearchPost._meta.db_table
    values, params = [], []
    for doc in docs:
        weight = "B" if doc.is_solution else "C" if doc.post_number == 1 else "D"
        values.append(f"(%s, %s, %s, %s, %s, {_VECTOR})")
        params += [
            doc.post_id,
            doc.topic_id,
            doc.post_number,
            doc.author_id,
            doc.created_at,
            doc.title,
            doc.labels,
            index_text(doc.body),
            weight,
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 - values are parameters
            "(post_id, topic_id, post_number, author_id, created_at, vector) "
            f"VALUES {', '.join(values)}",
            params,
        )


def _corrections(query_words: tuple[str, ...]) -> dict[str, list[str]]:
    """Known words spelled like each query word: close in trigrams (pg_trgm's
    index finds them) and within the edit distance Whoosh's fuzzy terms allow."""
    lowered = [word.lower() for word in query_words if len(word) >= FUZZY_MIN_LENGTH]
    if not lowered:
        return {}
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT q.w, c.word FROM unnest(%s::text[]) AS q(w)
            CROSS JOIN LATERAL (
                SELECT word FROM {table}
                WHERE word %% q.w AND levenshtein(word, q.w)
                    <= CASE WHEN length(q.w) >= 7 THEN 2 ELSE 1 END
                ORDER BY similarity(word, q.w) DESC LIMIT %s
            ) c
            """,  # noqa: S608 - the table name is ours
            [lowered, CORRECTIONS_PER_WORD],
        )
        found: dict[str, list[str]] = {}
        for word, correction in cursor.fetchall():
            found.setdefault(word, []).append(correction)
    return found


def _tsquery(request: SearchRequest, corrections: dict[str, list[str]]):
    """The words and phrases as one tsquery expression and its parameters."""
    query = request.query
    parts, params = [], []
    for position, word in enumerate(query.words):
        if request.prefix and position == len(query.words) - 1:
            stem = _PREFIX_CHARS.sub("", word).strip(".")
            if len(stem) >= 3:
                parts.append(
                    f"(plainto_tsquery('{CONFIG}', %s) || to_tsquery('{CONFIG}', %s))"
                )
                params += [word, f"'{stem}':*"]
                continue
        spellings = [word, *corrections.get(word.lower(), [])]
        parts.append(
            "("
            + " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(spellings))
            + ")"
        )
        params += spellings
    for phrase in query.phrases:
        parts.append(f"phraseto_tsquery('{CONFIG}', %s)")
        params.append(phrase)
    return " && ".join(parts), params


def _where(request: SearchRequest) -> tuple[list[str], list]:
    query = request.query
    where = ["t.category_id = ANY(%s)", "t.deleted_at IS NULL"]
    params: list = [sorted(request.category_ids)]
    if request.unlisted_category_ids:
        where.append("(t.is_visible OR t.category_id = ANY(%s))")
        params.append(sorted(request.unlisted_category_ids))
    else:
        where.append("t.is_visible")
    if query.tags:
        tagged = (
            TaggedItem.objects.filter(
                content_type__app_label="topics", content_type__model="topic"
            )
            .annotate(name=Lower("tag__name"))
            .filter(name__in=query.tags)
            .values("object_id")
        )
        sql, tag_params = tagged.query.sql_with_params()
        where.append(f"sp.topic_id IN ({sql})")
        params += tag_params
    if request.author_ids is not None:
        where.append("sp.author_id = ANY(%s)")
        params.append(sorted(request.author_ids))
    if query.in_first or query.in_title:
        where.append("sp.post_number = 1")
    if query.status == "solved":
        where.append("t.solution_id IS NOT NULL")
    elif query.status == "unsolved":
        where.append("t.solution_id IS NULL AND t.category_id = ANY(%s)")
        params.append(sorted(request.solvable_category_ids))
    elif query.status == "open":
        where.append("NOT t.is_closed")
    elif query.status == "closed":
        where.append("t.is_closed")
    if query.with_images:
        # One row by primary key per candidate: no column to keep in the index.
        where.append(
            f"EXISTS (SELECT 1 FROM {Post._meta.db_table} p "  # noqa: S608
            "WHERE p.id = sp.post_id AND p.cooked LIKE %s)"
        )
        params.append("%<img %")
    if query.after:
        where.append("sp.created_at >= %s")
        params.append(query.after)
    if query.before:
        where.append("sp.created_at < %s")
        params.append(query.before)
    return where, params
