"""Every door hands the raw message to the one task: standard input (an MTA's
pipe), the SMTP receiver (`--serve`), and a provider's inbound webhook."""

import base64
import io
import json
import smtplib
import socket
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from forum.mailin.management.commands.mail_in import Command
from forum.mailin.models import IncomingMessage
from tests.factories import PostFactory

from . import mails

TEXT = "Thanks Bob, setting the collection explicitly fixed it for me."


@pytest.fixture
def bobs_reply(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Set the collection, Alice."
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.1)
    return None


def test_mail_in_reads_one_message_from_standard_input(
    monkeypatch, reply_address, member, bobs_reply
):
    message = mails.gmail_reply(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(message.as_bytes())))

    call_command("mail_in")

    assert bobs_reply.topic.posts.filter(author=member, raw=TEXT).exists()


def test_mail_in_takes_the_envelope_recipient_from_the_mta(
    monkeypatch, reply_address, member, bobs_reply
):
    # Mail that reached us by Bcc or a forward: only the envelope knows the address.
    message = mails.plain(sender="alice@example.org", to="team@example.org", text=TEXT)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(message.as_bytes())))

    call_command("mail_in", "--recipient", reply_address(member, bobs_reply))

    assert bobs_reply.topic.posts.filter(author=member, raw=TEXT).exists()


def test_mail_in_without_a_message_is_an_error(monkeypatch, db):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"  \n")))

    with pytest.raises(CommandError, match="No message"):
        call_command("mail_in")


@pytest.fixture
def receiver():
    """`manage.py mail_in --serve` on 127.0.0.1, in a thread of this process."""
    command = Command()
    port = free_port()
    thread = threading.Thread(
        target=call_command,
        args=(command, "--serve", "--host", "127.0.0.1", "--port", str(port)),
        daemon=True,
    )
    thread.start()

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return False
        return True

    assert wait_for(listening, 10), "the receiver did not start"
    yield port
    command.stopping.set()
    thread.join(10)


@pytest.mark.django_db(transaction=True)
def test_smtp_round_trip_posts_the_reply(receiver, reply_address, member, bobs_reply):
    to = reply_address(member, bobs_reply)
    message = mails.apple_reply(sender="alice@example.org", to=to, text=TEXT)

    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        refused = smtp.send_message(message, to_addrs=[to])

    assert refused == {}
    posted = wait_for(
        lambda: bobs_reply.topic.posts.filter(author=member, raw=TEXT).first()
    )
    assert posted is not None
    assert posted.reply_to_post_number == bobs_reply.post_number


@pytest.mark.django_db(transaction=True)
def test_smtp_receiver_relays_nothing(receiver):
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        smtp.ehlo()
        smtp.mail("spammer@example.net")
        code, _ = smtp.rcpt("victim@example.com")

    assert code == 550
    assert not IncomingMessage.objects.exists()


def test_provider_inbound_webhook_hands_the_message_to_the_task(
    client, reply_address, member, bobs_reply
):
    to = reply_address(member, bobs_reply)
    message = mails.outlook_reply(sender="alice@example.org", to=to, text=TEXT)
    auth = base64.b64encode(b"mailin:test-secret").decode()

    response = client.post(
        "/anymail/postmark/inbound/",
        json.dumps({"RawEmail": message.as_string(), "OriginalRecipient": to}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )

    assert response.status_code == 200
    assert bobs_reply.topic.posts.filter(author=member, raw=TEXT).exists()


def test_provider_webhook_without_the_secret_is_refused(client, db):
    response = client.post(
        "/anymail/postmark/inbound/", "{}", content_type="application/json"
    )

    assert response.status_code in (400, 401, 403)
    assert not IncomingMessage.objects.exists()
