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


def _email_each(
    users: Iterable, *, but, template: str, conversation: Conversation, context: dict
) -> int:
    """Email `template` to each of `users` who wants it but the one (id `but`)
    who wrote or did it; the number sent."""
    sent = 0
    for user in users:
        if user.pk == but or not wants_email(user):
            continue
        send_templated_email(
            to=user.email,
            template=template,
            # Bounces are traced to the member, replies become messages (mail
            # in's outgoing hook).
            recipient=user,
            conversation=conversation,
            context={**context, "recipient": user},
        )
        sent += 1
    return sent


def email_participants(message: Message) -> int:
    """Email `message` to every reader but its author; the number sent."""
    conversation = message.conversation
    return _email_each(
        readers(conversation),
        but=message.author_id,
        template="message",
        conversation=conversation,
        context={
            "message": message,
            "conversation": conversation,
            "url": absolute(message.get_absolute_url()),
            "cooked": markup.absolute_urls(message.cooked, settings.SITE_URL),
            "raw": markup.absolute_markdown_urls(message.raw, settings.SITE_URL),
        },
    )


def email_added(conversation: Conversation, *, users: Iterable, by) -> int:
    """Tell `users`, just added to `conversation` by `by`, by email; the number
    sent."""
    return _email_each(
        users,
        but=by.pk,
        template="message_added",
        conversation=conversation,
        context={
            "conversation": conversation,
            "by": by,
            "url": absolute(conversation.get_absolute_url()),
        },
    )
