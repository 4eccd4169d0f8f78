"""The email a new message sends to each of its conversation's readers."""

from __future__ import annotations

from django.conf import settings

from accounts.permissions import can_enter
from forum import markup
from forum.core.emails import send_templated_email

from .models import Message
from .querysets import readers


def email_participants(message: Message) -> int:
    """Email `message` to every reader but its author; the number sent."""
    conversation = message.conversation
    url = f"{settings.SITE_URL.rstrip('/')}{message.get_absolute_url()}"
    cooked = markup.absolute_urls(message.cooked, settings.SITE_URL)
    raw = markup.absolute_markdown_urls(message.raw, settings.SITE_URL)
    sent = 0
    for reader in readers(conversation):
        if reader.pk == message.author_id or not reader.email or not can_enter(reader):
            continue
        send_templated_email(
            to=reader.email,
            template="message",
            # Bounces are traced to the member (mail in's outgoing hook).
            recipient=reader,
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
