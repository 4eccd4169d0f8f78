"""The real thing, in CI: a Celery worker on Redis runs the tasks and sends through
a real SMTP server on 127.0.0.1. Skipped without REDIS_URL (the embedded run)."""

import email
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import policy

import pytest
from aiosmtpd.controller import Controller
from celery.app.amqp import AMQP
from django.conf import settings
from django.db import connection

from forum.celery import app
from forum.subscriptions import services
from forum.subscriptions.models import CategorySubscription
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 90) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def worker(smtp, monkeypatch):
    controller, _ = smtp
    queue = f"test-{uuid.uuid4().hex[:8]}"
    # Not a database the test caches use: clearing them would drop the queue.
    base, _, db = os.environ["REDIS_URL"].rpartition("/")
    broker = f"{base}/{(int(db or 0) + 9) % 16}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forum.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            if connection.vendor == "postgresql"
            else f"sqlite:///{db['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "FORUM_EMAIL_DELAY": "0",
        "CELERY_QUEUE": queue,
        "REDIS_URL": broker,
        "SITE_URL": settings.SITE_URL,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "forum",
            "worker",
            "--pool=solo",
            "--loglevel=info",
            "-Q",
            queue,
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "ready." in line:
            ready = True
            break
    assert ready, "the Celery worker did not start"
    # Keep reading its log, so a failing test can show what the worker did.
    log = []
    threading.Thread(
        target=lambda: log.extend(iter(process.stdout.readline, "")), daemon=True
    ).start()
    process.log = log
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    monkeypatch.setitem(app.conf, "broker_url", broker)
    # Earlier tests in this process may have built Celery's routing and
    # connection pools from the old settings; make it build them again.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app, "amqp", AMQP(app))
    yield process
    process.terminate()
    process.wait(timeout=20)


def test_worker_sends_watched_post_email_over_smtp_and_unsubscribe_works(
    client, worker, smtp, category, member, other_member
):
    _, inbox = smtp
    watcher = UserFactory(username="wendy", email="wendy@example.org")
    services.set_category_level(user=watcher, category=category, level=3)
    topic = TopicFactory(
        category=category, author=member, title="Real worker, real SMTP"
    )
    PostFactory(topic=topic, author=other_member, raw="A reply with **bold** text.")

    # Wendy watches the category (topic and reply); Alice watches her own topic.
    messages = inbox.wait_for(3)
    assert len(messages) == 3, "".join(worker.log[-40:])
    assert sorted(r[0] for r, _ in messages) == [
        "alice@example.org",
        "wendy@example.org",
        "wendy@example.org",
    ]
    message = next(
        m for r, m in messages if r == ["wendy@example.org"] and m["In-Reply-To"]
    )
    assert message["Subject"] == "[Meridian] [Support] Real worker, real SMTP"
    assert message["In-Reply-To"] == f"<topic-{topic.id}@testserver>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kinds = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    html = message.get_body(("html",)).get_content()
    assert "<strong>bold</strong>" in html

    link = (
        message["List-Unsubscribe"].strip().strip("<>").replace(settings.SITE_URL, "")
    )
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert "no longer get emails" in response.text, repr(link)
    assert not CategorySubscription.objects.filter(user=watcher).exists()
