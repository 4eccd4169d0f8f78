from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import suspend_user
from forum.conversations import services
from forum.conversations.emails import email_participants
from forum.conversations.tasks import email_message
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
    assert email_message(message.id) == 0
    assert email_message(999_999) == 0
    assert mail.outbox == []
