"""Email under faults, with the real services: a private redis-server as the broker,
real `celery worker` processes, an SMTP sink, and the test's own database (the
PostgreSQL test database, or on SQLite a file copy of it) shared with the worker.
Redis is killed and restarted, the worker is killed with SIGKILL; every mail must
arrive, and arrive once (counted by recipient and Message-ID at the sink).

The test plays beat: every two seconds it runs what beat runs every minute
(`queue_overdue_emails`, `drain_outbox`), with the grace periods shortened
(`mails.beat`). Skipped only where redis-server is not installed. Each test is a
file of its own: they take a minute or more each, mostly waiting on the worker,
so the two xdist workers run them side by side (pytest runs a file on one
worker). The waits are long enough for a loaded machine (they end as soon as
every mail arrived)."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from celery.app.amqp import AMQP
from django.conf import settings as django_settings
from django.db import connection, connections

from forum.celery import app
from forum.topics import outbox
from tests.faults import CeleryWorker, PrivateRedis, SmtpSink

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
