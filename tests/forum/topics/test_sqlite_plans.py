"""SQLite's planner trusts `ANALYZE`'s statistics: an index on a column that is
NULL in nearly every row is rated useless, and a lookup by that column then
scans the table (21 ms per topic page at 20,000 topics, docs/performance.md).
The topic page's lookups by such columns must still be index searches after
`ANALYZE`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TopicFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans"),
]

BENCH_TOPIC_STATS = [
    ("topic_continues_post", "90 1"),
    ("topic_pinned_bumped", "16 1"),
    ("topic_bumped", "20000 1"),
    ("topic_category_bumped", "20000 1429 1"),
    ("topics_topic_duplicate_of_id_f64e2b35", "20000 20000"),
    ("topics_topic_closed_by_id_6b0f6926", "20000 20000"),
    ("topics_topic_continues_post_id_3abb07ad", "20000 220"),
    ("topics_topic_solution_id_cf8a7d03", "20000 3"),
    ("topics_topic_last_poster_id_c746e2b1", "20000 12"),
    ("topics_topic_deleted_by_id_b3ca820d", "20000 20000"),
    ("topics_topic_category_id_64d17e93", "20000 1429"),
    ("topics_topic_author_id_19604f4d", "20000 12"),
    ("topics_topic_slug_9a23c0cf", "20000 4"),
]


def test_duplicates_of_a_topic_are_found_by_index_after_analyze(client, category):
    topics = [TopicFactory(category=category) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # The statistics `ANALYZE` wrote for the benchmark's 20,000 topics, none
        # a duplicate (a few test rows plan differently).
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'topics_topic'")
        cursor.executemany(
            "INSERT INTO sqlite_stat1 VALUES ('topics_topic', %s, %s)",
            BENCH_TOPIC_STATS,
        )
        cursor.execute("ANALYZE sqlite_schema")
    path = topics[0].get_absolute_url()
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    lookups = [
        q["sql"] for q in captured.captured_queries if '"duplicate_of_id" =' in q["sql"]
    ]
    assert lookups, "the topic page no longer asks for its duplicates"
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "INDEX topic_duplicate_of (" in plan, f"{sql}\n{plan}"
