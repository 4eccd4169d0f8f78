"""Counters stay exact: concurrent deletes and restores of the same post count
once (PostgreSQL, threads), and `check_counters` finds and fixes any drift."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.services import delete_account
from forum.categories.models import Category
from forum.topics import services
from forum.topics.models import Post, Topic
from forum.topics.services.counters import find_counter_drift
from tests.factories import PostFactory, UserFactory
from tests.forum.moderation.test_concurrency import at_once

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
)


def fresh(post: Post) -> Post:
    return Post.objects.select_related("topic").get(pk=post.pk)


@pytest.mark.django_db
def test_check_counters_reports_drift_and_fixes_it(topic, category, capsys):
    PostFactory(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(post_count=7, reply_count=6)
    Category.objects.filter(pk=category.pk).update(post_count=0)

    with pytest.raises(CommandError, match="drifted"):
        call_command("check_counters")
    assert f"topic {topic.pk} post_count: 7 -> 2" in capsys.readouterr().out

    call_command("check_counters", "--fix")
    assert find_counter_drift() == []
    call_command("check_counters")
    assert "No counter drift." in capsys.readouterr().out


@pytest.mark.django_db
def test_deleting_a_reply_in_a_deleted_topic_leaves_the_category_right(
    topic, moderator
):
    reply = PostFactory(topic=topic)
    services.delete_topic(topic=Topic.objects.get(pk=topic.pk), by=moderator)
    services.delete_post(post=fresh(reply), by=moderator)
    services.restore_topic(topic=Topic.objects.get(pk=topic.pk), by=moderator)
    assert find_counter_drift() == []


@pytest.mark.django_db
def test_deleting_an_already_deleted_post_changes_no_count(topic, moderator):
    reply = PostFactory(topic=topic)
    stale = fresh(reply)
    services.delete_post(post=fresh(reply), by=moderator)
    services.delete_post(post=stale, by=moderator)  # a second tab, loaded before
    assert find_counter_drift() == []


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deletes_and_restores_of_one_post_count_once(topic, moderator):
    reply = PostFactory(topic=topic)
    PostFactory(topic=topic)
    for action in (services.delete_post, services.restore_post):
        errors = at_once(
            *[lambda a=action: a(post=fresh(reply), by=moderator) for _ in range(6)]
        )
        assert errors == []
        assert find_counter_drift() == []
    topic.refresh_from_db()
    assert (topic.post_count, topic.reply_count) == (3, 2)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_topic_deletes_restores_and_likes_leave_no_drift(
    topic, moderator, category
):
    replies = [PostFactory(topic=topic) for _ in range(3)]
    likers = [UserFactory(username=f"liker{n}") for n in range(4)]
    topic_now = lambda: Topic.objects.get(pk=topic.pk)  # noqa: E731
    rounds = [
        [
            *[lambda: services.delete_post(post=fresh(replies[0]), by=moderator)] * 3,
            *[
                lambda u=u: services.like_post(user=u, post=fresh(replies[1]))
                for u in likers
            ],
            *[lambda: services.like_post(user=likers[0], post=fresh(replies[2]))] * 3,
        ],
        [
            *[lambda: services.restore_post(post=fresh(replies[0]), by=moderator)] * 3,
            *[lambda: services.unlike_post(user=likers[0], post=fresh(replies[2]))] * 3,
        ],
        [lambda: services.delete_topic(topic=topic_now(), by=moderator)] * 4,
        [lambda: services.restore_topic(topic=topic_now(), by=moderator)] * 4,
    ]
    for actions in rounds:
        assert at_once(*actions) == []
        assert find_counter_drift() == []
    assert Category.objects.get(pk=category.pk).post_count == 4
    assert Post.objects.get(pk=replies[1].pk).like_count == 4


@pytest.mark.django_db
def test_deleting_an_account_leaves_like_counters_exact(
    topic, member, other_member, category
):
    reply = PostFactory(topic=topic, author=other_member)
    services.like_post(user=member, post=reply)
    services.like_post(user=other_member, post=fresh(topic.posts.get(post_number=1)))
    delete_account(user=member)
    assert find_counter_drift() == []
    assert Post.objects.get(pk=reply.pk).like_count == 0
