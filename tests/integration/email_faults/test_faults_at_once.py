"""Redis killed, the worker killed and the broker missing at commit, all in one
run (see conftest.py)."""

from __future__ import annotations

import random
import time
from io import StringIO

import pytest
from django.core.management import call_command

from forum.topics import services as topic_services
from forum.topics.models import Post
from tests.factories import TopicFactory
from tests.faults import needs_redis_server

from .mails import beat, duplicates, expected_mails, state, watchers

pytestmark = [pytest.mark.django_db(transaction=True), needs_redis_server]


def test_redis_killed_worker_killed_broker_missing_at_commit(
    start_worker, broker, sink, category, member, other_member
):
    users = watchers(category, 5)
    worker = start_worker(delay=0, visibility=5)
    topic = TopicFactory(
        category=category, author=member, title="All the faults at once"
    )
    posts = [topic.posts.get()]

    def reply(n: int) -> Post:
        post = topic_services.create_post(
            author=other_member, topic=topic, raw=f"Reply {n}, whatever the broker."
        )
        posts.append(post)
        return post

    for n in range(3):
        reply(n)
    broker.kill()  # the broker is missing at commit: the replies are still saved
    for n in range(3, 6):
        reply(n)
    broker.start()
    for n in range(6, 9):
        reply(n)
    time.sleep(random.uniform(0.2, 1.5))
    worker.kill()  # in the middle of sending
    worker.start()
    broker.kill()  # and Redis goes once more, under the restarted worker
    time.sleep(2)
    broker.start()

    expected = expected_mails(posts, users) | expected_mails(posts[1:], [member])
    received = sink.wait_for(expected, timeout=150, tick=beat)

    assert not expected - set(received), state(expected - set(received))
    assert duplicates(received) <= 1, received.most_common(3)
    assert Post.objects.filter(topic=topic).count() == 10  # no post lost
    report = StringIO()
    call_command("check_counters", stdout=report)
    assert report.getvalue().strip() == "No counter drift."
    assert worker.alive, worker.log()
