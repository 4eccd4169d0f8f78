"""The real thing, in CI: a reply sent with smtplib to `manage.py mail_in --serve`
on 127.0.0.1 is queued on Redis, and a real Celery worker posts it. Skipped without
REDIS_URL (the embedded run covers the same path with eager tasks)."""

import os
import smtplib
import socket
import threading
import time

import pytest
from django.core.management import call_command

from forum.mailin.management.commands.mail_in import Command
from forum.mailin.models import IncomingMessage
from forum.mailin.outgoing import reply_key_for
from tests.factories import PostFactory
from tests.forum.mailin import mails
from tests.integration.test_worker_and_smtp import free_port, smtp, worker

__all__ = ["smtp", "worker"]  # fixtures this module uses from its neighbour

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]
INCOMING = "incoming.testserver"
TEXT = "Thanks Bob, a real worker posted this reply from my mail client."


@pytest.fixture
def incoming(settings, monkeypatch):
    settings.FORUM_INCOMING_DOMAIN = INCOMING
    monkeypatch.setenv("FORUM_INCOMING_DOMAIN", INCOMING)  # for the worker


@pytest.fixture
def receiver(incoming):
    command = Command()
    port = free_port()
    thread = threading.Thread(
        target=call_command,
        args=(command, "--serve", "--host", "127.0.0.1", "--port", str(port)),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    command.stopping.set()
    thread.join(10)


def test_reply_over_smtp_is_posted_by_a_real_worker(
    incoming, worker, receiver, topic, member, other_member
):
    bobs = PostFactory(
        topic=topic, author=other_member, raw="Set the collection explicitly."
    )
    to = f"reply+{reply_key_for(user=member, post=bobs).key}@{INCOMING}"
    message = mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT)

    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as client:
        assert client.send_message(message, to_addrs=[to]) == {}

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        record = IncomingMessage.objects.filter(
            message_id=message["Message-ID"]
        ).first()
        if record and record.status != IncomingMessage.Status.RECEIVED:
            break
        time.sleep(0.3)
    assert record is not None, "".join(worker.log[-40:])
    assert record.status == IncomingMessage.Status.POSTED, record.reason
    assert topic.posts.get(author=member, post_number__gt=1).raw == TEXT
