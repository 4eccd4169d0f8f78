"""A broker outage while the worker holds a delayed email (see conftest.py)."""

from __future__ import annotations

import re
import time

import pytest

from forum.subscriptions.models import PostEmail
from tests.factories import TopicFactory
from tests.faults import needs_redis_server

from .mails import all_sent, beat, expected_mails, watchers

pytestmark = [pytest.mark.django_db(transaction=True), needs_redis_server]


@pytest.mark.volatile_broker
def test_worker_survives_broker_outage_while_holding_delayed_email(
    start_worker, broker, sink, category, member
):
    (watcher,) = watchers(category, 1)
    worker = start_worker(delay=8, visibility=60)
    topic = TopicFactory(
        category=category, author=member, title="Mail held through a broker outage"
    )
    # The worker received the delayed task and holds it, unacknowledged, until
    # its countdown ends (the task list of the worker's banner names it too).
    held = re.compile(r"tasks\.send_post_email\[[-0-9a-f]+\] received")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not held.search(worker.log(200)):
        time.sleep(0.1)
    assert held.search(worker.log(200)), worker.log()
    assert PostEmail.objects.get().status == "pending"  # held, delayed

    broker.kill()
    time.sleep(3)
    broker.start()  # an empty Redis: the delayed task it held is gone
    expected = expected_mails([topic.posts.get()], [watcher])
    received = sink.wait_for(expected, timeout=60, tick=beat)

    assert received == dict.fromkeys(expected, 1), worker.log()
    assert worker.alive, worker.log()
    assert "Unrecoverable error" not in worker.log(10_000)
    assert all_sent()
