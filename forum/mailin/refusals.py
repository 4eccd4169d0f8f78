"""Why an incoming message did not become a post, and the one reply that says so."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from forum.core.emails import send_templated_email

from .models import IncomingMessage


class Refused(Exception):
    """The message cannot become a post; `message` tells its sender why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


REASONS = {
    "unknown_sender": "Your address does not belong to a member",
    "unknown_address": "Nobody takes mail at this address",
    "not_allowed": "You may not post there",
    "closed": "The topic is closed",
    "too_short": "The message could not be posted as it is",
    "rate_limited": "You are posting too fast",
    "attachments": "A file you sent cannot be posted",
}


def explain(record: IncomingMessage, refusal: Refused) -> bool:
    """Reply once to the sender of a refused message, unless that address already
    had its share of explanations this hour (a forged sender must not be flooded).
    Returns whether a reply goes out; it is sent after commit."""
    address = record.from_address
    if not address:
        return False
    recent = IncomingMessage.objects.replied_to(address, within=timedelta(hours=1))
    if recent.count() >= settings.FORUM_MAILIN_REPLIES_PER_HOUR:
        return False
    record.replied_at = timezone.now()
    subject, message_id = record.subject, record.message_id
    headers = {
        "In-Reply-To": message_id,
        "References": message_id,
        # An auto-reply itself: well-behaved robots do not answer it.
        "Auto-Submitted": "auto-replied",
    }
    context = {
        "subject": subject,
        "headline": REASONS.get(refusal.reason, "Your message was not posted"),
        "why": refusal.message,
    }
    transaction.on_commit(
        lambda: send_templated_email(
            to=address, template="mailin_refused", context=context, headers=headers
        )
    )
    return True
