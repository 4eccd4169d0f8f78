import importlib

import pytest
from django.apps import apps

from forum.topics.models import Topic
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_fill_solved_at_dates_topics_solved_before_the_field_existed(topic):
    solution = PostFactory(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(solution=solution, solved_at=None)
    migration = importlib.import_module("forum.topics.migrations.0007_fill_solved_at")
    migration.fill_solved_at(apps, None)
    topic.refresh_from_db()
    assert topic.solved_at == solution.created_at
