"""The one place where files sent by email become uploads of their sender.

Every file goes through the uploads rules (`create_upload`: trust level, kind, size,
quota); one refused file refuses the whole message, naming each refused file and
its rule. Small inline images are dropped instead: Outlook and others attach the
signature's logo to every message, and it is decoration, not something the member
meant to post (nor a reason to refuse their reply)."""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from forum.uploads.models import Upload
from forum.uploads.services import create_upload, markdown_for

from .refusals import Refused

# An inline image at most this large on both sides and in bytes is a signature
# logo or icon; a pasted screenshot is larger.
SIGNATURE_MAX_SIDE = 256
SIGNATURE_MAX_BYTES = 32 * 1024
# Cryptographic signatures of the message itself: not files anyone posts.
MESSAGE_SIGNATURES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
}


@contextmanager
def undone_on_refusal() -> Iterator[list[Upload]]:
    """A savepoint around making the uploads and the post: when the post is
    refused, the uploads made for it go too (rows by the rollback, files here).
    Yields the list `attach_files` records its uploads in."""
    made: list[Upload] = []
    try:
        with transaction.atomic():
            yield made
    except BaseException:
        _delete_files(made)
        raise


def meant_files(files: list[EmailMessage]) -> list[EmailMessage]:
    """The files the sender meant to send: not a signature of the message, nor
    a signature's logo."""
    return [
        part
        for part in files
        if part.get_content_type() not in MESSAGE_SIGNATURES
        and not _is_signature_image(part, part.get_payload(decode=True) or b"")
    ]


def attach_files(*, author, files: list[EmailMessage], made: list[Upload]) -> str:
    """Markdown that shows `files` in the post (images inline, other files as a
    link with name and size), each uploaded as `author`; refuses if a rule does."""
    markdown, refusals = [], []
    for part in meant_files(files):
        data = part.get_payload(decode=True) or b""
        name = _name(part)
        try:
            upload = create_upload(user=author, file=io.BytesIO(data), name=name)
        except ValidationError as error:
            refusals.append(f"{name}: {' '.join(error.messages)}")
            continue
        made.append(upload)
        markdown.append(markdown_for(upload))
    if refusals:
        raise Refused(
            "attachments",
            "The upload rules refuse a file you attached:\n"
            + "\n".join(f"- {refusal}" for refusal in refusals)
            + "\nSend the text without it, or post on the site.",
        )
    return "\n\n".join(markdown)


def _name(part: EmailMessage) -> str:
    if name := part.get_filename():
        return name
    extension = mimetypes.guess_extension(part.get_content_type()) or ""
    return f"{part.get_content_maintype()}{extension}"


def _is_signature_image(part: EmailMessage, data: bytes) -> bool:
    if part.get_content_disposition() == "attachment":
        return False
    if part.get_content_maintype() != "image" or len(data) > SIGNATURE_MAX_BYTES:
        return False
    try:
        # Reads the header only; a file Pillow cannot read goes to the uploads rules.
        width, height = Image.open(io.BytesIO(data)).size
    except (UnidentifiedImageError, OSError, ValueError):
        return False
    return max(width, height) <= SIGNATURE_MAX_SIDE


def _delete_files(uploads: list[Upload]) -> None:
    for upload in uploads:
        # An upload that existed before this message keeps its files.
        if not Upload.objects.filter(sha256=upload.sha256).exists():
            default_storage.delete(upload.storage_name)
            default_storage.delete(upload.thumbnail_storage_name)
