"""Celery tasks of mail in: each is safe to run twice."""

from __future__ import annotations

import base64

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from . import imap, mailing_list, maintenance, services


def enqueue(raw: bytes, recipients=()) -> None:
    """Every door hands a raw message here: the task is queued (and retried), so a
    burst of mail is never lost."""
    receive_mail.delay(base64.b64encode(raw).decode("ascii"), list(recipients))


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=8,
    acks_late=True,
)
def receive_mail(raw_b64: str, recipients: list[str] | None = None) -> str:
    """The one task every door hands a raw message to; idempotent by Message-ID."""
    record = services.receive_mail(
        raw=base64.b64decode(raw_b64), recipients=recipients or []
    )
    return record.status


@shared_task
def send_mailing_list() -> int:
    """Celery beat runs this each minute: mail-list members get the new posts."""
    return mailing_list.send_mailing_list()


@shared_task
def poll_imap() -> int:
    """Celery beat runs this each minute; nothing unless FORUM_IMAP_URL is set."""
    if not settings.FORUM_IMAP_URL:
        return 0
    return imap.poll_mailbox(settings.FORUM_IMAP_URL, hand_over=enqueue)


@shared_task
def purge_old_mail() -> int:
    """Drop raw messages and sent-mail keys older than FORUM_MAILIN_KEEP_DAYS."""
    return maintenance.purge_old_mail()
