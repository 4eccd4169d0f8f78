"""The one place where files sent by email would become uploads.

Uploads are being built separately; until they land, a message with files is
refused with a reply that says so, instead of posting it without them."""

from __future__ import annotations

from email.message import EmailMessage

from .refusals import Refused


def attach_files(*, author, files: list[EmailMessage]) -> str:
    """Markdown that shows `files` in the post; refuses while uploads are off."""
    if not files:
        return ""
    names = ", ".join(part.get_filename() or part.get_content_type() for part in files)
    raise Refused(
        "attachments",
        f"Your message carries files ({names}), and files cannot be posted by email "
        "yet. Send the text alone, or post on the site and attach the files there.",
    )
