"""The emails of personal messages: a new message to each of its conversation's
readers, and the news of being added to a conversation. Both follow the
reader's "email me when someone replies to me" preference (a message is someone
writing to them), and a reply to either is a message in the conversation (mail
in's reply address, while they take part in it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from accounts.models import EmailFrequency
from accounts.permissions import can_enter
from forum import markup
from forum.core.emails import send_templated_email
from forum.core.links import absolute

from .models import Conversation, Message
from .querysets import readers

PREFERENCE = "email_replies"


def wants_email(user) -> bool:
    """Whether `user` is emailed about messages now (may come in, has an
    address, asked for such emails)."""
    return bool(
        user.email
        and can_enter(user)
        and getattr(user, PREFERENCE) == EmailFrequency.IMMEDIATELY
    )


def email_participants(message: Message) -> int:
    """Email `message` to every reader but its author; the number sent."""
    conversation = message.conversation
    url = absolute(message.get_absolute_url())
    cooked = markup.absolute_urls(message.cooked, settings.SITE_URL)
    raw = markup.absolute_markdown_urls(message.raw, settings.SITE_URL)
    sent = 0
    for reader in readers(conversation):
        if reader.pk == message.author_id or not wants_email(reader):
            continue
        send_templated_email(
            to=reader.email,
            template="message",
            # Bounces are traced to the member, replies become messages (mail
            # in's outgoing hook).
            recipient=reader,
            conversation=conversation,
            context={
                "message": message,
                "conversation": conversation,
                "recipient": reader,
                "url": url,
                "cooked": cooked,
                "raw": raw,
            },
        )
        sent += 1
    return sent


def email_added(conversation: Conversation, *, users: Iterable, by) -> int:
    """Tell `users`, just added to `conversation` by `by`, by email; the number
    sent."""
    url = absolute(conversation.get_absolute_url())
    sent = 0
    for user in users:
        if user.pk == by.pk or not wants_email(user):
            continue
        send_templated_email(
            to=user.email,
            template="message_added",
            recipient=user,
            conversation=conversation,
            context={
                "conversation": conversation,
                "by": by,
                "recipient": user,
                "url": url,
            },
        )
        sent += 1
    return sent
