"""What the forum's outgoing mail carries for mail to come back: a reply address
per recipient and post, and a bounce key per message in the return path (VERP)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from . import addresses
from .models import ReplyKey, SentMail


def reply_key_for(*, user, post) -> ReplyKey:
    """The member's live reply key for `post`, made on first use."""
    key = (
        ReplyKey.objects.filter(user=user, post=post, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return key or ReplyKey.objects.create(user=user, post=post, key=addresses.new_key())


def revoke_reply_keys(keys) -> int:
    """Refuse replies to the addresses that carried `keys` from now on."""
    return keys.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def record_sent(*, user, address: str) -> SentMail:
    """Remember whom a message went to, under the key its bounces will carry."""
    return SentMail.objects.create(user=user, address=address, key=addresses.new_key())


def address_mail(message, *, recipient, post=None) -> None:
    """Give `message` to `recipient` a bounce return path and, when it is about a
    post, a Reply-To that answers in the topic. Nothing without an incoming domain."""
    if not settings.FORUM_INCOMING_DOMAIN:
        return
    if post is not None:
        key = reply_key_for(user=recipient, post=post)
        message.reply_to = [addresses.reply_address(key.key)]
    sent = record_sent(user=recipient, address=message.to[0])
    # The header keeps the forum's sender; only the envelope (Return-Path) changes.
    message.extra_headers.setdefault("From", message.from_email)
    message.from_email = addresses.bounce_address(sent.key)
