from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import suspend_user
from forum.conversations import services
from forum.conversations.emails import email_participants
from forum.conversations.tasks import message_posted
from forum.mailin.models import ReplyKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_carries_the_message_and_a_link_to_it(conversation, other_member):
    mail.outbox = []
    message = conversation.messages.get()
    assert email_participants(message) == 1
    [sent] = mail.outbox
    assert sent.to == [other_member.email]
    assert sent.subject.endswith("[Message] About the photometry pipeline")
    assert "calibration notebook" in sent.body
    assert f"/messages/{conversation.id}#m1" in sent.body
    html = sent.alternatives[0][0]
    assert "calibration notebook" in html


def test_email_skips_its_author_and_suspended_readers(conversation, member):
    carol = UserFactory(username="carol")
    services.invite(by=member, conversation=conversation, users=[carol])
    suspend_user(user=carol, until=timezone.now() + timedelta(days=1), reason="x")
    mail.outbox = []
    email_participants(conversation.messages.get())
    assert [sent.to for sent in mail.outbox] == [["bob@example.org"]]


def test_the_task_sends_nothing_for_a_hidden_message(
    conversation, other_member, moderator
):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    services.decide(message=message, by=moderator, hide=True)
    mail.outbox = []
    assert message_posted(message.id) == 0
    assert message_posted(999_999) == 0
    assert mail.outbox == []


def test_a_reader_who_wants_no_reply_emails_gets_no_message_email(
    conversation, other_member
):
    other_member.email_replies = "never"
    other_member.save(update_fields=["email_replies"])
    mail.outbox = []
    assert email_participants(conversation.messages.get()) == 0
    assert mail.outbox == []


def test_the_message_email_can_be_answered_by_replying(
    conversation, other_member, settings
):
    settings.FORUM_INCOMING_DOMAIN = "incoming.example.org"
    mail.outbox = []
    email_participants(conversation.messages.get())
    [sent] = mail.outbox
    key = ReplyKey.objects.get(user=other_member)
    assert (key.conversation, key.post) == (conversation, None)
    assert sent.reply_to == [f"reply+{key.key}@incoming.example.org"]
    assert "reply to this email to answer in the conversation" in sent.body


def test_someone_added_to_a_conversation_is_told_by_email(
    conversation, member, django_capture_on_commit_callbacks
):
    carol = UserFactory(username="carol")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(by=member, conversation=conversation, users=[carol])
    [sent] = mail.outbox
    assert sent.to == [carol.email]
    assert "added you to “About the photometry pipeline”" in sent.subject
    assert f"/messages/{conversation.id}" in sent.body


def test_being_added_sends_nothing_to_whoever_wants_no_reply_emails(
    conversation, member, django_capture_on_commit_callbacks
):
    carol = UserFactory(username="carol", email_replies="never")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(by=member, conversation=conversation, users=[carol])
    assert mail.outbox == []
