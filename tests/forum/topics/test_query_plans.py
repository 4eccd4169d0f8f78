"""The hot pages read topics and posts in index order: no PostgreSQL plan of
theirs sorts (docs/performance.md). With sorting and sequential scans priced
out, the planner still sorts when no index gives the order, so a `Sort` node
means a missing index whatever the size of the test data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.topics import services
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's query plans"
    ),
]

ORDERED_READ = re.compile(
    r'^SELECT .*"topics_(topic|post)"\..* ORDER BY ', re.IGNORECASE | re.DOTALL
)
SORT = re.compile(r"^\s*(->\s*)?(Incremental )?Sort\b", re.MULTILINE)


@pytest.fixture
def forum(topic, category, member, other_member, moderator):
    for n in range(3):
        other = TopicFactory(category=category, title=f"Another topic number {n}")
        PostFactory(topic=other, author=other_member)
    for n in range(5):
        PostFactory(topic=topic, author=other_member if n % 2 else member)
    services.pin_topic(topic=topic, by=moderator, globally=True)
    return topic


def plans(client, path: str) -> list[tuple[str, str]]:
    """The plan of each query of `path` that reads topics or posts in an order."""
    client.get(path)  # warm: what is cached once per process is not measured
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    statements = [q["sql"] for q in captured.captured_queries]
    ordered = [sql for sql in statements if ORDERED_READ.match(sql)]
    assert ordered, f"{path} read no topics or posts in an order"
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_sort = off")
        cursor.execute("SET enable_seqscan = off")
        try:
            for sql in ordered:
                cursor.execute("EXPLAIN " + sql)
                found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
        finally:
            cursor.execute("RESET enable_sort")
            cursor.execute("RESET enable_seqscan")
    return found


@pytest.fixture(params=["visitor", "member"])
def viewer(request, client):
    if request.param == "member":
        client.force_login(UserFactory(username="erin"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/latest",
        "/latest.rss",
        "/c/support/{category_id}",
        "/t/{slug}/{topic_id}?page=1",
    ],
)
def test_hot_pages_read_in_index_order(viewer, forum, path):
    path = path.format(
        category_id=forum.category_id, slug=forum.slug, topic_id=forum.id
    )
    for sql, plan in plans(viewer, path):
        assert not SORT.search(plan), f"{path} sorts:\n{sql}\n{plan}"
