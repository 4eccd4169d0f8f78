"""IMAP polling, for a site that only has a mailbox: each unseen message is handed
to the mail-in task, then marked seen. Fetching one twice is harmless (the task is
idempotent by Message-ID)."""

from __future__ import annotations

import imaplib
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def poll_mailbox(url: str, *, hand_over: Callable[[bytes], None]) -> int:
    """Hand each unseen message of the mailbox `url` names to `hand_over` (the
    mail-in queue); returns how many.

    `url`: imaps://user:password@host[:port]/FOLDER (imap:// without TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ImproperlyConfigured(
            "FORUM_IMAP_URL must be imaps://user:pass@host/FOLDER"
        )
    client = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    queued = 0
    with client(
        parts.hostname, parts.port or (993 if parts.scheme == "imaps" else 143)
    ) as imap:
        imap.login(unquote(parts.username or ""), unquote(parts.password or ""))
        imap.select(folder)
        _, found = imap.uid("SEARCH", None, "UNSEEN")
        for uid in found[0].split():
            _, data = imap.uid("FETCH", uid, "(RFC822)")
            raw = next(item[1] for item in data if isinstance(item, tuple))
            hand_over(raw)
            # Marked seen only once queued: a crash before this fetches it again.
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            queued += 1
    return queued
