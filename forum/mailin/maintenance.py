"""Keeping the stored mail small: raw messages and bounce keys expire."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import IncomingMessage, SentMail


def purge_old_mail() -> int:
    """Delete what is older than FORUM_MAILIN_KEEP_DAYS; returns rows deleted.

    A bounce arriving later than that is not counted: reports come within days."""
    days = settings.FORUM_MAILIN_KEEP_DAYS
    incoming, _ = IncomingMessage.objects.older_than(days).delete()
    sent, _ = SentMail.objects.filter(
        sent_at__lt=timezone.now() - timedelta(days=days)
    ).delete()
    return incoming + sent
