"""The broker transport under a Redis outage, with a real (private) redis-server:
a consumer holding an unacknowledged message when Redis dies is torn down the way
Celery's worker tears it down after a connection loss, without crashing, and the
message it held is handed out again once Redis is back, once."""

from __future__ import annotations

import contextlib
import logging
import time

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue

from forum.core.broker import Transport
from tests.faults import PrivateRedis, needs_redis_server

pytestmark = needs_redis_server

VISIBILITY = 1  # seconds before an unacknowledged message is handed out again


@pytest.fixture
def redis():
    server = PrivateRedis(tcp=True, persistent=True)
    server.start()
    yield server
    server.stop()


def connect(redis: PrivateRedis) -> Connection:
    return Connection(
        redis.url,
        transport=Transport,
        transport_options={
            "visibility_timeout": VISIBILITY,
            "unacked_restore_throttle": 1,
        },
    )


def drain(connection: Connection, seconds: float, until=lambda: False) -> None:
    """Deliver what arrives for `seconds`, or until `until()` is true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        with contextlib.suppress(TimeoutError):
            connection.drain_events(timeout=0.5)


def test_celery_uses_it_for_redis_urls():
    for url in ("redis://127.0.0.1:6379/0", "rediss://127.0.0.1:6379/0"):
        assert isinstance(Connection(url).transport, Transport)
    assert Connection("rediss://127.0.0.1:6379/0").ssl  # TLS as kombu reads it
    assert not isinstance(Connection("memory://localhost/").transport, Transport)


def test_connection_torn_down_in_outage_keeps_unacked_message(redis, caplog):
    tasks = Queue("tasks", Exchange("tasks"), "tasks")
    with connect(redis) as publisher:
        Producer(publisher).publish(
            {"email": 1}, exchange=tasks.exchange, routing_key="tasks", declare=[tasks]
        )

    worker = connect(redis)
    held = []
    task_channel = worker.default_channel
    task_channel.basic_qos(0, 4, False)
    Consumer(task_channel, [tasks], callbacks=[lambda _, m: held.append(m)]).consume()
    # The worker's remote-control channel: a fanout queue deleted when it closes.
    control = Queue("control", Exchange("control", type="fanout"), auto_delete=True)
    Consumer(worker.channel(), [control], no_ack=True).consume()
    drain(worker, 10, until=lambda: held)
    assert len(held) == 1  # delivered, not acknowledged (a delayed task)
    worker.transport.cycle.on_poll_start()  # the event loop's BRPOP is in flight

    redis.kill()
    # What Celery's consumer does on a connection loss (it ignores connection
    # errors only): kombu's stock transport raised AttributeError ("'NoneType'
    # object has no attribute 'hostname'") here and the worker exited.
    worker.collect(socket_timeout=1)
    with caplog.at_level(logging.WARNING, logger="forum.broker"):
        worker.close()
    assert "1 unacknowledged message(s)" in caplog.text

    redis.start()  # it kept its data (appendonly)
    time.sleep(VISIBILITY + 0.5)
    redelivered = []

    def take(body, message):
        redelivered.append(body)
        message.ack()

    with connect(redis) as again, Consumer(again, [tasks], callbacks=[take]):
        drain(again, 10, until=lambda: redelivered)
        drain(again, VISIBILITY + 1.5)  # nothing more: it came back once
    assert redelivered == [{"email": 1}]
