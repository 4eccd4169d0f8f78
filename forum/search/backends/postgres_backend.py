"""PostgreSQL full-text search: one weighted tsvector per post in `SearchPost`
and one per topic in `SearchTopic` (GIN indexes; both also hold each pair of
adjacent words as a lexeme, so phrases are found in the index), ranked with
ts_rank over a bounded set of candidates; misspelled words are corrected against
`SearchWord` with pg_trgm. The topic's category and state are read from its
document, which database triggers keep exact in the transaction of every change
(search migration 0003), so moves, unlisting and deletions count at once without
joining the topics. docs/search.md explains which searches the topic documents
answer and why."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models.functions import Lower
from taggit.models import TaggedItem

from forum.topics.models import Post, Topic

from ..documents import PostDocument
from ..models import SearchPost, SearchTopic, SearchWord
from . import BackendResult, Hit, Progress, SearchRequest
from .postgres_index import index_topics
from .tsquery import one_term, resolve, tsquery_sql, with_pairs

CORRECTIONS_PER_WORD = 5
FUZZY_MIN_LENGTH = 5
# By relevance, at most this many of the newest matching topics are ranked, and
# as many of the newest whose title matches.
CANDIDATES = 200


class PostgresBackend:
    name = "postgres"
    filters_by_hidden_categories = False

    # Writing

    def index_topics(self, documents: dict[int, list[PostDocument]]) -> None:
        index_topics(documents)

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
        tsquery = ""
        if query.has_text:
            corrections = _corrections(query.words) if request.fuzzy else {}
            tsquery = resolve(*tsquery_sql(request, corrections))
            if not tsquery:
                return BackendResult(total=0, hits=[])  # only stop words
        if _by_topic(request, tsquery):
            # Planned on the statistics alone, a common word would read every
            # topic's document (stored out of line) instead of its GIN entries:
            # the planner counts no cost for fetching a vector to test it. So no
            # plan may scan the documents except through an index condition
            # (bitmap scans), and with words that condition is the GIN index's
            # (see `_topic_where`). Sent with the query, SET LOCAL lasts as long
            # as this statement.
            prefix = "SET LOCAL enable_seqscan = off;"
            if tsquery:
                prefix += "SET LOCAL enable_indexscan = off;"
            matched = _topics_matched(request, tsquery)
            titled = _topics_matched(request, tsquery, titled=True) if tsquery else None
        else:
            prefix, matched = "", _posts_matched(request, tsquery)
            titled = None
        sql, params = _page_sql(matched, titled, request, tsquery)
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        hits = [
            Hit(topic_id=topic_id, post_id=post_id)
            for topic_id, post_id, _ in rows
            if post_id is not None
        ]
        return BackendResult(total=total, hits=hits)


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


def _by_topic(request: SearchRequest, tsquery: str) -> bool:
    """Whether the topic documents answer this request exactly."""
    query = request.query
    if (
        request.author_ids is not None
        or query.in_first
        or query.with_images
        or query.after
        or query.before
    ):
        return False
    if tsquery and request.order == "latest":
        return False  # ordered by the newest matching post, not the newest post
    return query.in_title or one_term(with_pairs(tsquery))


def _topics_matched(
    request: SearchRequest, tsquery: str, *, titled: bool = False
) -> tuple[str, list]:
    """The matching topics from their documents: id, newest post, counts. With
    `titled`, only those whose title matches: every post's vector holds its
    topic's title, so a title that matches makes its document match too, and
    these are found through the title's GIN index alone."""
    where, params = _topic_where(request, by_category=not tsquery)
    if tsquery and (titled or request.query.in_title):
        where.append("st.title @@ %s::tsquery")
        params.append(tsquery)
    elif tsquery:
        where.append("st.vector @@ %s::tsquery")
        params.append(with_pairs(tsquery))
    counts, join = _counts(request)
    return (
        f"""SELECT st.topic_id, st.last_post_at AS newest, {counts}
        FROM {SearchTopic._meta.db_table} st{join}
        WHERE {" AND ".join(where)}""",  # noqa: S608 - values are parameters
        params,
    )


def _posts_matched(request: SearchRequest, tsquery: str) -> tuple[str, list]:
    """The matching topics from their matching posts: id, newest such post, counts."""
    where, params = _topic_where(request)
    post_where, post_params = _post_where(request)
    where += post_where
    params += post_params
    if tsquery:
        where.append("sp.vector @@ %s::tsquery")
        params.append(with_pairs(tsquery))
        if request.query.in_title:
            where.append("ts_filter(sp.vector, '{a}') @@ %s::tsquery")
            params.append(tsquery)
    if request.query.in_title:
        where.append("sp.post_number = 1")
    counts, join = _counts(request)
    # With the topics joined, their id decides their counts.
    group = ", t.id" if join else ""
    return (
        f"""SELECT sp.topic_id, max(sp.created_at) AS newest, {counts}
        FROM {SearchPost._meta.db_table} sp
        JOIN {SearchTopic._meta.db_table} st ON st.topic_id = sp.topic_id{join}
        WHERE {" AND ".join(where)}
        GROUP BY sp.topic_id{group}""",  # noqa: S608
        params,
    )


def _counts(request: SearchRequest) -> tuple[str, str]:
    """The like and view counts of the topic `st` and the join they need: only
    ordering by them reads the topics."""
    if request.order in ("likes", "views"):
        join = f"\n        JOIN {Topic._meta.db_table} t ON t.id = st.topic_id"
        return "t.like_count, t.view_count", join
    return "NULL::integer AS like_count, NULL::integer AS view_count", ""


def _page_sql(
    matched: tuple[str, list],
    titled: tuple[str, list] | None,
    request: SearchRequest,
    tsquery: str,
) -> tuple[str, list]:
    """One page of the matched topics in the request's order, each with its best
    post, and their number. By relevance only a bounded set is ranked: the
    CANDIDATES newest matching topics and as many of the newest whose title
    matches (`titled`, those of the matched topics; when None, they are picked
    from the matched topics, one pass over them more); the rest follow them,
    newest first."""
    matched_sql, params = matched
    order = request.order
    columns = "topic_id, newest, like_count, view_count"
    if order == "relevance":
        table = SearchTopic._meta.db_table
        enough = request.offset + request.limit
        if titled is None:
            titled_sql = f"""SELECT {columns} FROM matched WHERE topic_id IN (
                SELECT topic_id FROM {table} WHERE title @@ %s::tsquery
            )"""  # noqa: S608 - only our own names are formatted
            titled_params = [tsquery]
        else:
            titled_sql, titled_params = titled
        # Each part sorts only what the page can reach (top-N), never all
        # matches; the rest is not read at all while the candidates fill the page.
        page = f""", candidates AS (
            (SELECT {columns} FROM ({titled_sql}) titled
            ORDER BY newest DESC, topic_id DESC LIMIT {CANDIDATES})
            UNION
            (SELECT {columns} FROM matched
            ORDER BY newest DESC, topic_id DESC LIMIT {CANDIDATES})
        ), page AS (
            SELECT * FROM (
                (SELECT c.topic_id, ts_rank(st.vector, %s::tsquery) AS rank,
                    c.newest, c.like_count, c.view_count
                FROM candidates c JOIN {table} st ON st.topic_id = c.topic_id
                ORDER BY rank DESC, c.newest DESC, c.topic_id DESC LIMIT %s)
                UNION ALL
                (SELECT topic_id, NULL, newest, like_count, view_count
                FROM matched WHERE topic_id NOT IN (SELECT topic_id FROM candidates)
                ORDER BY newest DESC, topic_id DESC
                LIMIT greatest(0, %s - (SELECT count(*) FROM candidates)))
            ) reachable
            ORDER BY {{a}}
            LIMIT %s OFFSET %s
        )"""  # noqa: S608 - only our own names and numbers are formatted
        params = [*params, *titled_params, with_pairs(tsquery), enough, enough]
        outer = "{a}rank DESC NULLS LAST, {a}newest DESC, {a}topic_id DESC"
    else:
        outer = {
            "latest": "{a}newest DESC, {a}topic_id DESC",
            "likes": "{a}like_count DESC, {a}topic_id DESC",
            "views": "{a}view_count DESC, {a}topic_id DESC",
        }[order]
        page = f""", page AS (
            SELECT {columns}, NULL AS rank FROM matched
            ORDER BY {{a}}
            LIMIT %s OFFSET %s
        )"""  # noqa: S608 - only our own names are formatted
    page = page.replace("{a}", outer.replace("{a}", ""))
    best, best_params = _best_post(request, tsquery)
    sql = f"""
        WITH matched AS MATERIALIZED ({matched_sql}){page}
        SELECT p.topic_id, b.post_id, (SELECT count(*) FROM matched)
        FROM page p LEFT JOIN LATERAL (
            SELECT sp.post_id FROM {SearchPost._meta.db_table} sp
            WHERE sp.topic_id = p.topic_id AND {best}
            LIMIT 1
        ) b ON true
        ORDER BY {outer.replace("{a}", "p.")}
    """  # noqa: S608 - every value is a parameter; only our own SQL is formatted
    return sql, [*params, request.limit, request.offset, *best_params]


def _best_post(request: SearchRequest, tsquery: str) -> tuple[str, list]:
    """The conditions and order that pick a topic's best matching post: the best
    ranked, or by `latest` (and without words) the newest."""
    where, params = _post_where(request)
    if request.query.in_title:
        where.append("sp.post_number = 1")
    best_first = "sp.created_at DESC"
    if tsquery:
        match = with_pairs(tsquery)
        where.append("sp.vector @@ %s::tsquery")
        params.append(match)
        if request.order != "latest":
            best_first = "ts_rank(sp.vector, %s::tsquery) DESC"
            params.append(match)
    elif request.order != "latest":
        best_first = "sp.post_id"  # by likes or views without words: the first
    conditions = " AND ".join(where) or "true"
    return f"{conditions} ORDER BY {best_first}, sp.post_id", params


def _topic_where(
    request: SearchRequest, *, by_category: bool = True
) -> tuple[list[str], list]:
    """Conditions on the topic document `st`: where its topic is, its tags and
    state. Without `by_category` the category index may not be used: on its
    own it would find most topics, each then read whole to test the words."""
    query = request.query
    category = "st.category_id" if by_category else "(st.category_id + 0)"
    where = [f"{category} = ANY(%s)", "NOT st.is_deleted"]
    params: list = [sorted(request.category_ids)]
    if request.unlisted_category_ids:
        where.append(f"(st.is_visible OR {category} = ANY(%s))")
        params.append(sorted(request.unlisted_category_ids))
    else:
        where.append("st.is_visible")
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
        where.append(f"st.topic_id IN ({sql})")
        params += tag_params
    if query.status == "solved":
        where.append("st.is_solved")
    elif query.status == "unsolved":
        where.append(f"NOT st.is_solved AND {category} = ANY(%s)")
        params.append(sorted(request.solvable_category_ids))
    elif query.status == "open":
        where.append("NOT st.is_closed")
    elif query.status == "closed":
        where.append("st.is_closed")
    return where, params


def _post_where(request: SearchRequest) -> tuple[list[str], list]:
    """Conditions on the post `sp`: its author, place, images and date."""
    query = request.query
    where: list[str] = []
    params: list = []
    if request.author_ids is not None:
        where.append("sp.author_id = ANY(%s)")
        params.append(sorted(request.author_ids))
    if query.in_first:
        where.append("sp.post_number = 1")
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
