"""What a file is, taken from its bytes; its name only says what it claims to be."""

from __future__ import annotations

import json
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

from .models import Kind

IMAGES = ("png", "jpg", "gif", "webp")
TEXTS = ("txt", "csv", "json", "ipynb")
# Office documents and EPUBs are zip archives too.
ZIP_FAMILY = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}
ALIASES = {"jpeg": "jpg", "jpe": "jpg", "apng": "png", "fit": "fits", "fts": "fits"}
DESCRIPTIONS = {
    "png": "a PNG image",
    "jpg": "a JPEG image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "pdf": "a PDF document",
    "zip": "a zip archive",
    "fits": "a FITS file",
    "txt": "plain text",
    "csv": "CSV text",
    "json": "JSON",
    "ipynb": "a Jupyter notebook",
}
# Served with these types; only the images are ever shown inline.
CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "fits": "application/fits",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ipynb": "application/x-ipynb+json",
}
FITS_SIGNATURE = b"SIMPLE  ="


@dataclass(frozen=True)
class Detected:
    extension: str
    kind: Kind


def claimed_extension(name: str) -> str:
    """The extension a file's name claims, lower-cased and canonical ("" if none)."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return ""
    extension = extension.lower()
    return ALIASES.get(extension, extension)


def _binary_kind(data: bytes) -> str | None:
    if data.startswith(FITS_SIGNATURE):
        return "fits"
    guess = filetype.guess_extension(data[:8192])
    if guess in ZIP_FAMILY:
        return "zip"
    return ALIASES.get(guess, guess)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text_fits(data: bytes, extension: str) -> bool:
    """Plain text and CSV may be any text; JSON must parse; a notebook is JSON too."""
    if not _is_text(data):
        return False
    if extension in ("txt", "csv"):
        return True
    try:
        parsed = json.loads(data)
    except ValueError:
        return False
    return extension == "json" or (isinstance(parsed, dict) and "nbformat" in parsed)


def detect(data: bytes, name: str) -> Detected:
    """Check that the bytes are what the name's extension says; refuse otherwise."""
    extension = claimed_extension(name)
    actual = _binary_kind(data)
    if extension in TEXTS:
        # Text has no signature: what the bytes are not is what we can check.
        if actual is None and _text_fits(data, extension):
            return Detected(extension, Kind.FILE)
    elif actual == extension:
        return Detected(extension, Kind.IMAGE if extension in IMAGES else Kind.FILE)
    claimed = DESCRIPTIONS.get(extension, f".{extension} file")
    if actual in DESCRIPTIONS:
        found = f"its contents are {DESCRIPTIONS[actual]}"
    elif actual:
        found = f"its contents are a .{actual} file"
    else:
        found = f"its contents are not {claimed}"
    raise ValidationError(
        f"“{name}” is named as {claimed} but {found}. Files are checked by what "
        "they contain, not by their name.",
        code="mismatch",
    )
