"""Writing the PostgreSQL backend's index: a topic's post entries (`SearchPost`)
and its document (`SearchTopic`), replaced together in one transaction, and the
words seen (`SearchWord`). Database triggers (search migration 0003) keep the
documents' copy of their topics' place and state exact between indexings."""

from __future__ import annotations

from django.db import connection, transaction

from forum.topics.models import Topic

from ..documents import PostDocument
from ..models import SearchPost, SearchTopic, SearchWord
from ..text import index_text, words
from .tsquery import CONFIG

INSERT_BATCH = 200

_VECTOR = (
    "SELECT "
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', %s), 'C') || "
    f"setweight(to_tsvector('{CONFIG}', %s), %s)"
)
# A post's row: its vector with the pairs of adjacent words added.
_ROW = f"(%s, %s, %s, %s, %s, (SELECT v || search_pairs(v) FROM ({_VECTOR}) s(v)))"  # noqa: S608


def index_topics(documents: dict[int, list[PostDocument]]) -> None:
    """Replace the entries and the document of each topic with its documents."""
    docs = [doc for topic_docs in documents.values() for doc in topic_docs]
    topic_ids = list(documents)
    with transaction.atomic():
        _lock_topics(topic_ids)
        SearchPost.objects.filter(topic_id__in=topic_ids).delete()
        SearchTopic.objects.filter(topic_id__in=topic_ids).delete()
        for start in range(0, len(docs), INSERT_BATCH):
            _insert(docs[start : start + INSERT_BATCH])
        _insert_topics(topic_ids)
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


def _insert(docs: list[PostDocument]) -> None:
    table = SearchPost._meta.db_table
    values, params = [], []
    for doc in docs:
        weight = "B" if doc.is_solution else "C" if doc.post_number == 1 else "D"
        values.append(_ROW)
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


def _lock_topics(topic_ids: list[int]) -> None:
    """Hold these topics still until the documents are written: a move or a
    deletion committed meanwhile waits, then its trigger updates the new
    documents; one committed before is read by `_insert_topics`."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Topic._meta.db_table} "  # noqa: S608 - our table
            "WHERE id = ANY(%s) ORDER BY id FOR SHARE",
            [topic_ids],
        )


def _insert_topics(topic_ids: list[int]) -> None:
    """The documents of these topics, from their post entries just written and
    their topics' place and state as they are now."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {SearchTopic._meta.db_table}
                (topic_id, title, vector, last_post_at, category_id,
                is_visible, is_deleted, is_solved, is_closed)
            SELECT sp.topic_id,
                (array_agg(ts_filter(sp.vector, '{{a}}') ORDER BY sp.post_number))[1],
                search_tsvector_cat(sp.vector ORDER BY sp.post_number),
                max(sp.created_at),
                t.category_id, t.is_visible, t.deleted_at IS NOT NULL,
                t.solution_id IS NOT NULL, t.is_closed
            FROM {SearchPost._meta.db_table} sp
            JOIN {Topic._meta.db_table} t ON t.id = sp.topic_id
            WHERE sp.topic_id = ANY(%s)
            GROUP BY sp.topic_id, t.id""",  # noqa: S608 - the table names are ours
            [topic_ids],
        )
