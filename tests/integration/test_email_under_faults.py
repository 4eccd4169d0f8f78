"""Email under faults, with the real services: a private redis-server as the broker,
real `celery worker` processes, an SMTP sink, and the test's own database (the
PostgreSQL test database, or on SQLite a file copy of it) shared with the worker.
Redis is killed and restarted, the worker is killed with SIGKILL; every mail must
arrive, and arrive once (counted by recipient and Message-ID at the sink).

The test plays beat: every two seconds it runs what beat runs every minute
(`queue_overdue_emails`, `drain_outbox`), with the grace periods shortened.
Skipped only where redis-server is not installed. On a quiet machine the three
take about a minute; the waits are long enough for a loaded one (they end as soon
as every mail arrived)."""

from __future__ import annotations

import random
import re
import sqlite3
import time
import uuid
from io import StringIO

import pytest
from celery.app.amqp import AMQP
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections

from forum.celery import app
from forum.subscriptions import tasks
from forum.subscriptions.models import CategorySubscription, PostEmail
from forum.subscriptions.services import emails
from forum.topics import events, outbox
from forum.topics import services as topic_services
from forum.topics.models import Post
from tests.factories import TopicFactory
from tests.faults import CeleryWorker, PrivateRedis, SmtpSink, needs_redis_server

pytestmark = [pytest.mark.django_db(transaction=True), needs_redis_server]

LEASE = 4  # seconds a sender's claim lasts (FORUM_EMAIL_SEND_LEASE)
RETRY = 10  # seconds before beat queues a lost email again (FORUM_EMAIL_RETRY_SECONDS)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A database URL the worker process can open, naming this test's database."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        yield (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        )
        return
    # SQLite's test database lives in this process's memory: copy it to a file
    # and use the file here too for the length of the test.
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    memory = connections["default"]
    on_file = memory.__class__({**memory.settings_dict, "NAME": str(path)}, "default")
    connections["default"] = on_file
    try:
        yield f"sqlite:///{path}"
    finally:
        on_file.close()
        connections["default"] = memory


@pytest.fixture
def broker(request):
    """The broker; as a deployment's should, it keeps its data when killed, unless
    the test is marked `volatile_broker`."""
    volatile = request.node.get_closest_marker("volatile_broker") is not None
    redis = PrivateRedis(tcp=True, persistent=not volatile)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def sink():
    smtp = SmtpSink()
    smtp.start()
    yield smtp
    smtp.stop()


@pytest.fixture
def start_worker(shared_database, broker, sink, settings, monkeypatch, tmp_path):
    """Start a worker (with the email delay and visibility timeout given), and
    point this process's Celery at the private broker: no task runs in-process."""
    settings.FORUM_EMAIL_SEND_LEASE = LEASE
    settings.FORUM_EMAIL_RETRY_SECONDS = RETRY
    monkeypatch.setattr(outbox, "GRACE_SECONDS", 1)
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    monkeypatch.setitem(app.conf, "broker_url", broker.url)
    # Earlier tests in this process may have built Celery's routing and
    # connection pools from the old settings; make it build them again.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app, "amqp", AMQP(app))
    workers = []

    def start(*, delay: int, visibility: int) -> CeleryWorker:
        worker = CeleryWorker(
            {
                "DJANGO_SETTINGS_MODULE": "forum.settings",
                "DATABASE_URL": shared_database,
                "REDIS_URL": broker.url,
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "EMAIL_TIMEOUT": "2",
                "FORUM_EMAIL_DELAY": str(delay),
                "FORUM_EMAIL_SEND_LEASE": str(LEASE),
                "FORUM_EMAIL_RETRY_SECONDS": str(RETRY),
                "CELERY_VISIBILITY_TIMEOUT": str(visibility),
                "CELERY_QUEUE": queue,
                "SITE_URL": django_settings.SITE_URL,
                "VAR_DIR": str(tmp_path / "var"),
            },
            queue,
            django_settings.BASE_DIR,
        )
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def beat() -> None:
    """What beat does every minute, here every two seconds; a broker still down
    only means the next round tries again."""
    try:
        events.drain_outbox()
        tasks.queue_overdue_emails()
    except Exception:  # the broker may be down: beat would retry next time
        app.pool.force_close_all()


def watchers(category, count: int) -> list:
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"watcher{n}",
            email=f"watcher{n}@example.org",
            email_watched="immediately",
        )
        for n in range(count)
    )
    CategorySubscription.objects.bulk_create(
        CategorySubscription(user=user, category=category, level=3) for user in users
    )
    return users


def expected_mails(posts, users) -> set:
    return {(u.email, emails.message_id(p)) for p in posts for u in users}


def all_sent(timeout: float = 10) -> bool:
    """Whether every email is marked sent (just after the sink had the last one,
    its sender may still be writing that down)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not PostEmail.objects.exclude(status="sent").exists():
            return True
        time.sleep(0.1)
    return False


def state(missing) -> str:
    """What the database says about the mails that did not arrive."""
    from forum.topics.models import PendingEvent

    return "\n".join(
        [
            f"missing: {sorted(missing)}",
            f"emails: {list(PostEmail.objects.values_list('post_id', 'status'))}",
            f"outbox: {list(PendingEvent.objects.values_list('event', 'done'))}",
        ]
    )


def duplicates(received) -> int:
    return sum(count - 1 for count in received.values())


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


def test_worker_killed_at_random_loses_no_mail(start_worker, sink, category, member):
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    # 1,000 mails, so that the bound of one duplicate per thousand is a count
    # the test can meet: each kill that lands between the SMTP server's "250 OK"
    # and the row marked sent (one UPDATE) makes one duplicate.
    users = watchers(category, 50)
    worker = start_worker(delay=0, visibility=5)
    topic = TopicFactory(
        category=category, author=member, title="Many mails, one worker killed"
    )
    posts = [topic.posts.get()]
    for n in range(19):
        posts.append(
            topic_services.create_post(
                author=member, topic=topic, raw=f"Reply {n} for every watcher."
            )
        )
    expected = expected_mails(posts, users)
    for _ in range(3):
        time.sleep(rng.uniform(0.5, 4))
        worker.kill()
        worker.start()
    received = sink.wait_for(expected, timeout=150, tick=beat)

    missing = expected - set(received)
    assert not missing, f"seed {seed}: {len(missing)} lost\n{state(missing)}\n" + (
        "\n".join(
            line
            for line in worker.log(10**6).splitlines()
            if "notify_post" in line or "====" in line or "ERROR" in line
        )
    )
    assert set(received) == expected
    doubled = duplicates(received)
    print(f"seed {seed}: {len(expected)} mails, {doubled} duplicates")
    assert doubled <= len(expected) / 1000, f"seed {seed}: {doubled} duplicates"
    assert all_sent()


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
