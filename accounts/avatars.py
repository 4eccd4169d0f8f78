"""Avatars: uploaded images checked and resized with Pillow, and letter avatars."""

from __future__ import annotations

import hashlib
import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from PIL import Image, ImageOps, UnidentifiedImageError

SIZE = 240  # pixels; pages show avatars at 48 and 96 CSS pixels
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def _fail(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def make_avatar(upload) -> bytes:
    """Check an uploaded image and return it as a square PNG of SIZE pixels."""
    limit = settings.FORUM_AVATAR_MAX_BYTES
    if upload.size > limit:
        raise _fail(
            f"The image is {upload.size // 1024} KB; avatars may be at most "
            f"{limit // 1024} KB.",
            "too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image_format = image.format
            width, height = image.size
            if image_format not in ALLOWED_FORMATS:
                raise _fail(
                    "Avatars may be PNG, JPEG, GIF or WebP images "
                    f"(this file is {image_format}).",
                    "bad_type",
                )
            most = settings.FORUM_AVATAR_MAX_PIXELS
            if width > most or height > most:
                raise _fail(
                    f"The image is {width}×{height} pixels; avatars may be at most "
                    f"{most}×{most}.",
                    "too_many_pixels",
                )
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise _fail(
            "That file is not an image we can read. Use a PNG, JPEG, GIF or WebP "
            "image (SVG is not accepted).",
            "not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        raise _fail(
            "The image is damaged or truncated; please export it again.", "broken"
        ) from error
    image = ImageOps.exif_transpose(image).convert("RGBA")
    square = ImageOps.fit(image, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, format="PNG", optimize=True)
    return out.getvalue()


# Colours readable with white text, in light and dark themes.
PALETTE = [
    "#1a7f64", "#3f6ea6", "#8e44ad", "#b5542d", "#2d7d9a", "#7a5c00",
    "#a23b72", "#4b6b2a", "#5d4aa8", "#9a3b3b", "#2f6f4f", "#6b4f8a",
]  # fmt: skip


def letter_colour(username: str) -> str:
    """A stable colour for `username` (the same on every server)."""
    digest = hashlib.sha256(username.lower().encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def letter_svg(username: str) -> str:
    """The default avatar: the username's first letter on its colour."""
    letter = escape(username[:1].upper() or "?")
    colour = letter_colour(username)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
        'width="100" height="100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="52" font-weight="600">'
        f"{letter}</text></svg>"
    )
