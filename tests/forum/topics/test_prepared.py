"""Queries compiled once and run with new values (forum/topics/prepared.py): the
same rows, converted the same way, as the ORM gives for the same values."""

import pytest

from forum.topics.models import Topic
from forum.topics.prepared import Prepared, argument, per_category
from tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "title", "is_closed", "bumped_at")


def test_prepared_query_answers_as_the_orm_for_other_values(category, member):
    topics = [TopicFactory(category=category, author=member) for _ in range(3)]
    topics[1].is_closed = True
    topics[1].save()
    query = Prepared(
        Topic.objects.filter(id__in=[argument(0), argument(1)])
        .order_by("id")
        .values_list(*COLUMNS),
        2,
    )
    for pair in ([topics[0].id, topics[1].id], [topics[2].id, topics[1].id]):
        expected = list(
            Topic.objects.filter(id__in=pair).order_by("id").values_list(*COLUMNS)
        )
        assert [tuple(row) for row in query.run(pair)] == expected


def test_prepared_query_refuses_a_query_without_its_arguments():
    with pytest.raises(ValueError, match="not in the query"):
        Prepared(Topic.objects.filter(id=argument(0)).values_list("id"), 2)


def test_per_category_parts_differ_only_in_the_category(category):
    other = CategoryFactory(name="Data access", slug="data-access")
    parts = per_category(
        lambda c: Topic.objects.filter(category_id=c).values_list("id"),
        [category.id, other.id],
    )
    expected = [
        Topic.objects.filter(category_id=c).values_list("id").query.sql_with_params()
        for c in (category.id, other.id)
    ]
    assert parts == [(sql, tuple(params)) for sql, params in expected]
