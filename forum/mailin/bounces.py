"""Bounces: each outgoing mail's return path names it (VERP), so a delivery report
tells whose address failed. Past a threshold of hard bounces a member's email is
switched off, and the site tells them."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import parsing
from .models import MailHealth, MailingListMode, SentMail

EMAIL_PREFERENCES = ("email_mentions", "email_replies", "email_watched")


def email_off_key(user_id: int) -> str:
    return f"mailin:email-off:{user_id}"


def bounce_received(mail: parsing.Mail, *, key: str) -> str:
    """Count the bounce of the mail named by `key`; returns what was done."""
    sent = SentMail.objects.select_related("user").filter(key=key).first()
    if sent is None:
        return "A bounce for a message we do not know (expired key)."
    status = parsing.bounce_status(mail.message)
    health = record_bounce(user=sent.user, address=sent.address, status=status)
    kind = "hard" if status.startswith("5") else "soft"
    off = " Email switched off." if health.disabled_at else ""
    return f"A {kind} bounce ({status or 'no status'}) for {sent.address}.{off}"


def record_bounce(*, user, address: str, status: str) -> MailHealth:
    """Count one bounce for `user`; a hard one (5.x.x) may switch their email off."""
    hard = status.startswith("5")
    now = timezone.now()
    with transaction.atomic():
        MailHealth.objects.get_or_create(user=user)
        MailHealth.objects.filter(user=user).update(
            address=address,
            last_bounce_at=now,
            last_bounce_status=status,
            **(
                {"hard_bounces": F("hard_bounces") + 1}
                if hard
                else {"soft_bounces": F("soft_bounces") + 1}
            ),
        )
        health = MailHealth.objects.select_for_update().get(user=user)
        if (
            hard
            and health.disabled_at is None
            and health.hard_bounces >= settings.FORUM_BOUNCE_THRESHOLD
        ):
            switch_off_email(user=user, health=health)
    return health


def switch_off_email(*, user, health: MailHealth) -> None:
    """Stop every email to `user` (their address keeps failing) and say so."""
    for field in EMAIL_PREFERENCES:
        setattr(user, field, "never")
    user.email_digest = "never"
    user.save(update_fields=[*EMAIL_PREFERENCES, "email_digest"])
    MailingListMode.objects.filter(user=user).delete()
    health.disabled_at = timezone.now()
    health.save(update_fields=["disabled_at"])
    # The banner reads the cache, so pages spend no query on it.
    user_id = user.pk
    transaction.on_commit(lambda: cache.set(email_off_key(user_id), True, None))


def clear_bounces(*, user) -> None:
    """The member fixed their address: count afresh and drop the banner. Their
    email preferences stay as they are until they turn them on again."""
    MailHealth.objects.filter(user=user).update(
        hard_bounces=0, soft_bounces=0, disabled_at=None
    )
    cache.delete(email_off_key(user.pk))


def is_email_off(user) -> bool:
    return bool(user.is_authenticated and cache.get(email_off_key(user.pk)))
