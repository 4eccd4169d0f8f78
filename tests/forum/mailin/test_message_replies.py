"""Replying by email to a personal message's email: the reply is a message in
the conversation, by its sender, only while they take part in it; the forum
keeps no copy of its text for staff to read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import silence_user, suspend_user
from forum.conversations import services as conversations
from forum.conversations.emails import email_participants
from forum.mailin.models import IncomingMessage, ReplyKey
from forum.mailin.outgoing import reply_key_for, revoke_reply_keys
from forum.subscriptions.models import Notification
from tests.factories import UserFactory

from . import mails
from .conftest import INCOMING

Status = IncomingMessage.Status
TEXT = "Thanks Alice, I will look at the calibration notebook tonight."


@pytest.fixture
def talk(member, other_member):
    return conversations.start_conversation(
        author=member,
        title="About the photometry pipeline",
        raw="Bob, could you look at my calibration notebook privately?",
        users=[other_member],
    )


@pytest.fixture
def bobs_address(talk, other_member):
    return f"reply+{reply_key_for(user=other_member, conversation=talk).key}@{INCOMING}"


def _refusals(outbox):
    return [m for m in outbox if m.subject.startswith("Not posted")]


def test_replying_to_the_message_email_writes_in_the_conversation(
    deliver, talk, member, other_member, mailoutbox
):
    email_participants(talk.messages.get())
    (reply_to,) = mailoutbox[-1].reply_to

    record = deliver(
        mails.gmail_reply(sender=other_member.email, to=reply_to, text=TEXT)
    )

    assert record.status == Status.POSTED, record.reason
    message = talk.messages.get(number=2)
    assert (message.author, message.raw) == (other_member, TEXT)
    assert record.user == other_member
    assert record.post is None
    assert f"conversation {talk.id}" in record.reason
    # Alice hears of it, in the bell and by email (with her own reply address).
    assert Notification.objects.filter(user=member, message=message).exists()
    assert mailoutbox[-1].to == [member.email]
    assert not _refusals(mailoutbox)


def test_the_forum_keeps_no_copy_of_a_message_sent_by_email(
    deliver, bobs_address, other_member
):
    record = deliver(
        mails.plain(
            sender=other_member.email,
            to=bobs_address,
            text=TEXT,
            subject="Re: About the photometry pipeline",
        )
    )
    stored = IncomingMessage.objects.get(pk=record.pk)
    assert (stored.raw, stored.subject) == ("", "")
    assert "calibration" not in stored.reason


def test_a_participant_who_left_is_refused(
    deliver, talk, bobs_address, other_member, mailoutbox
):
    conversations.leave(user=other_member, conversation=talk)

    record = deliver(mails.plain(sender=other_member.email, to=bobs_address, text=TEXT))

    assert record.status == Status.REFUSED
    assert "no longer in this conversation" in record.reason
    assert talk.messages.count() == 1
    (answer,) = _refusals(mailoutbox)
    assert "About the photometry pipeline" not in answer.body
    assert IncomingMessage.objects.get(pk=record.pk).raw == ""


def test_someone_else_sending_to_the_address_is_refused(
    deliver, talk, bobs_address, member, mailoutbox
):
    record = deliver(mails.plain(sender=member.email, to=bobs_address, text=TEXT))

    assert record.status == Status.REFUSED
    assert "another member" in record.reason
    assert talk.messages.count() == 1


def test_an_outsider_holding_a_key_is_refused(deliver, talk, mailoutbox):
    eve = UserFactory(username="eve")
    key = ReplyKey.objects.create(user=eve, conversation=talk, key="e" * 32)

    record = deliver(
        mails.plain(sender=eve.email, to=f"reply+{key.key}@{INCOMING}", text=TEXT)
    )

    assert record.status == Status.REFUSED
    assert talk.messages.count() == 1


def test_a_revoked_key_is_refused(deliver, talk, bobs_address, other_member):
    revoke_reply_keys(ReplyKey.objects.filter(conversation=talk))

    record = deliver(mails.plain(sender=other_member.email, to=bobs_address, text=TEXT))

    assert record.status == Status.REFUSED
    assert "no longer valid" in record.reason


def test_a_suspended_participant_is_refused(deliver, talk, bobs_address, other_member):
    suspend_user(
        user=other_member, until=timezone.now() + timedelta(days=1), reason="x"
    )

    record = deliver(mails.plain(sender=other_member.email, to=bobs_address, text=TEXT))

    assert record.status == Status.REFUSED
    assert talk.messages.count() == 1


def test_a_silenced_participant_writing_to_a_member_is_refused(
    deliver, talk, bobs_address, other_member
):
    silence_user(
        user=other_member, until=timezone.now() + timedelta(days=1), reason="x"
    )

    record = deliver(mails.plain(sender=other_member.email, to=bobs_address, text=TEXT))

    assert record.status == Status.REFUSED
    assert "silenced" in record.reason
    assert talk.messages.count() == 1


def test_a_too_short_reply_says_why(deliver, talk, bobs_address, other_member):
    record = deliver(mails.plain(sender=other_member.email, to=bobs_address, text="k"))

    assert record.status == Status.REFUSED
    assert record.reason
    assert talk.messages.count() == 1


def test_a_file_attached_to_a_message_reply_is_refused(
    deliver, talk, bobs_address, other_member
):
    message = mails.plain(sender=other_member.email, to=bobs_address, text=TEXT)
    message.add_attachment(
        b"ra,dec\n150.1,2.2\n", maintype="text", subtype="csv", filename="a.csv"
    )

    record = deliver(message)

    assert record.status == Status.REFUSED
    assert "files" in record.reason
    assert talk.messages.count() == 1
