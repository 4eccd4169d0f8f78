"""The SMTP receiver (`manage.py mail_in --serve`): an MTA relays the forum's
incoming mail here; each accepted message is handed to the mail-in task."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from . import addresses
from .models import CategoryInbox
from .tasks import enqueue

logger = logging.getLogger(__name__)


def accepts(address: str) -> bool:
    """Only the forum's own addresses: this receiver relays nothing."""
    if addresses.parse_keyed(address):
        return True
    with _database():
        return CategoryInbox.objects.filter(address=address.strip().lower()).exists()


def queue(raw: bytes, recipients: list[str]) -> None:
    with _database():
        enqueue(raw, recipients)


@contextmanager
def _database():
    # Each SMTP command is like a request: no connection outlives its age, and
    # none is left open by the long-running receiver.
    close_old_connections()
    try:
        yield
    finally:
        close_old_connections()


class MailInHandler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not await sync_to_async(accepts)(address):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        try:
            await sync_to_async(queue)(raw, envelope.rcpt_tos)
        except Exception:
            # Queue unreachable: a temporary failure makes the MTA try again later.
            logger.exception("could not queue an incoming message")
            return "451 4.3.0 Temporary failure, try again later"
        return "250 2.0.0 Message accepted"


def make_controller(host: str | None = None, port: int | None = None) -> Controller:
    return Controller(
        MailInHandler(),
        hostname=host or settings.FORUM_MAILIN_HOST,
        port=port if port is not None else settings.FORUM_MAILIN_PORT,
        data_size_limit=settings.FORUM_MAILIN_MAX_BYTES,
        decode_data=False,
    )
