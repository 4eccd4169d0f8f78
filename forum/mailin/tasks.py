"""Celery tasks of mail in: each is safe to run twice."""

from __future__ import annotations

import base64

from celery import shared_task
from django.db import OperationalError


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=8,
    acks_late=True,
)
def receive_mail(raw_b64: str, recipients: list[str] | None = None) -> str:
    """The one task every door hands a raw message to; idempotent by Message-ID."""
    from . import services

    record = services.receive_mail(
        raw=base64.b64decode(raw_b64), recipients=recipients or []
    )
    return record.status


@shared_task
def send_mailing_list() -> int:
    """Celery beat runs this each minute: mail-list members get the new posts."""
    from .mailing_list import send_mailing_list as send

    return send()


@shared_task
def poll_imap() -> int:
    """Celery beat runs this each minute; nothing unless FORUM_IMAP_URL is set."""
    from django.conf import settings

    from .imap import poll_mailbox

    return poll_mailbox(settings.FORUM_IMAP_URL) if settings.FORUM_IMAP_URL else 0


@shared_task
def purge_old_mail() -> int:
    """Drop raw messages and sent-mail keys older than FORUM_MAILIN_KEEP_DAYS."""
    from .maintenance import purge_old_mail as purge

    return purge()
