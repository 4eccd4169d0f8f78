"""Two moderators acting on the same topic at the same moment (PostgreSQL, where
row locks make the difference)."""

import threading

import pytest
from django.db import connection, connections

from forum.categories.models import Category
from forum.moderation import services
from forum.moderation.models import Flag
from forum.safeguards.models import StaffAction
from forum.topics import services as topic_services
from forum.topics.models import Topic
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
    ),
]


def at_once(*actions):
    """Run each action in its own thread (own connection), released together."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_moves_at_once_keep_counts_right(topic, category):
    first_mod = UserFactory(username="mod1", is_moderator=True)
    second_mod = UserFactory(username="mod2", is_moderator=True)
    left, right = CategoryFactory(slug="left"), CategoryFactory(slug="right")
    PostFactory(topic=topic)
    errors = at_once(
        lambda: topic_services.move_topic(
            topic=Topic.objects.get(pk=topic.pk), category=left, by=first_mod
        ),
        lambda: topic_services.move_topic(
            topic=Topic.objects.get(pk=topic.pk), category=right, by=second_mod
        ),
    )
    assert errors == []
    topic.refresh_from_db()
    counts = dict(Category.objects.values_list("slug", "topic_count"))
    assert counts[topic.category.slug] == 1
    assert sum(counts.values()) == 1
    posts = dict(Category.objects.values_list("slug", "post_count"))
    assert posts[topic.category.slug] == 2
    assert sum(posts.values()) == 2


def test_agree_and_disagree_at_once_decide_once(topic, member):
    spam = PostFactory(topic=topic, raw="Cheap telescopes, buy now please.")
    services.flag_post(user=member, post=spam, reason="spam")
    first_mod = UserFactory(username="mod1", is_moderator=True)
    second_mod = UserFactory(username="mod2", is_moderator=True)
    errors = at_once(
        lambda: services.agree(post=spam, by=first_mod),
        lambda: services.disagree(post=spam, by=second_mod),
    )
    assert errors == []
    statuses = list(Flag.objects.values_list("status", flat=True))
    assert statuses in (["agreed"], ["disagreed"])
    decided = StaffAction.objects.filter(action__startswith="flags_")
    assert decided.filter(after__flags=1).count() == 1
