import importlib

import pytest
from django.apps import apps

from forum.topics.models import Post, Topic
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_fill_solved_at_dates_topics_solved_before_the_field_existed(topic):
    solution = PostFactory(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(solution=solution, solved_at=None)
    migration = importlib.import_module("forum.topics.migrations.0007_fill_solved_at")
    migration.fill_solved_at(apps, None)
    topic.refresh_from_db()
    assert topic.solved_at == solution.created_at


def test_has_continuations_flags_the_posts_topics_continue(topic, category):
    continued = PostFactory(topic=topic)
    PostFactory(topic=topic)
    tangent = TopicFactory(category=category, title="A tangent about PSF models")
    Topic.objects.filter(pk=tangent.pk).update(continues_post=continued)
    migration = importlib.import_module(
        "forum.topics.migrations.0012_has_continuations"
    )
    migration.flag_continued_posts(apps, None)
    assert list(Post.objects.filter(has_continuations=True)) == [continued]
