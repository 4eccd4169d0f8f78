"""What the forum's outgoing mail carries for mail to come back: a reply address
per recipient and post, and a bounce key per message in the return path (VERP)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from . import addresses
from .models import ReplyKey, SentMail


def reply_key_for(*, user, post=None, conversation=None) -> ReplyKey:
    """The member's live reply key for `post` (or for `conversation`), made on
    first use."""
    about = {"post": post} if post is not None else {"conversation": conversation}
    key = (
        ReplyKey.objects.filter(user=user, revoked_at__isnull=True, **about)
        .order_by("-created_at")
        .first()
    )
    return key or ReplyKey.objects.create(user=user, key=addresses.new_key(), **about)


def revoke_reply_keys(keys) -> int:
    """Refuse replies to the addresses that carried `keys` from now on."""
    return keys.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def record_sent(*, user, address: str) -> SentMail:
    """Remember whom a message went to, under the key its bounces will carry."""
    return SentMail.objects.create(user=user, address=address, key=addresses.new_key())


def address_mail(message, *, recipient, post=None, conversation=None) -> None:
    """Give `message` to `recipient` a bounce return path and, when it is about a
    post (or a conversation), a Reply-To that answers in the topic (or in the
    conversation). Nothing without an incoming domain."""
    if not settings.FORUM_INCOMING_DOMAIN:
        return
    if post is not None or conversation is not None:
        key = reply_key_for(user=recipient, post=post, conversation=conversation)
        message.reply_to = [addresses.reply_address(key.key)]
    sent = record_sent(user=recipient, address=message.to[0])
    # The header keeps the forum's sender; only the envelope (Return-Path) changes.
    message.extra_headers.setdefault("From", message.from_email)
    message.from_email = addresses.bounce_address(sent.key)
