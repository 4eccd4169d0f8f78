"""Images are decoded and written anew with Pillow: what is stored is only pixels.

Metadata (EXIF with its GPS position, comments, text chunks) and anything hidden
after or between the image data (a script in a "GIF" polyglot) are left behind;
the EXIF orientation is applied to the pixels first.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int
    is_animated: bool


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _open(data: bytes, extension: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[extension]])
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise _refuse(
            "The image could not be read; it may be damaged. Export it again.",
            "broken",
        ) from error
    except Image.DecompressionBombWarning as error:
        raise _refuse(str(error), "too_many_pixels") from error
    return image


def _check_bounds(image: Image.Image) -> int:
    """Refuse images that would take too much memory to decode; return frames."""
    width, height = image.size
    megapixels = width * height / 1_000_000
    most = settings.FORUM_UPLOAD_MAX_MEGAPIXELS
    if megapixels > most:
        raise _refuse(
            f"The image is {width}×{height} pixels ({megapixels:.0f} megapixels); "
            f"images may have at most {most:g} megapixels.",
            "too_many_pixels",
        )
    frames = getattr(image, "n_frames", 1)
    most_frames = settings.FORUM_UPLOAD_MAX_FRAMES
    if frames > most_frames:
        raise _refuse(
            f"The animation has {frames} frames; animations may have at most "
            f"{most_frames} frames.",
            "too_many_frames",
        )
    if frames * megapixels > most:
        raise _refuse(
            f"The animation has {frames} frames of {megapixels:.1f} megapixels; "
            f"all frames together may have at most {most:g} megapixels.",
            "too_many_pixels",
        )
    return frames


def _fresh(frame: Image.Image) -> Image.Image:
    """The frame's pixels in a new image that carries no metadata at all."""
    mode = "RGBA" if frame.mode in ("RGBA", "LA", "PA", "P") else "RGB"
    if frame.mode == "P" and "transparency" not in frame.info:
        mode = "RGB"
    pixels = frame.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def _save(frames: list[Image.Image], extension: str, durations: list[int]) -> bytes:
    out = io.BytesIO()
    first = frames[0]
    animation = (
        {
            "save_all": True,
            "append_images": frames[1:],
            "duration": durations,
            "loop": 0,
        }
        if len(frames) > 1
        else {}
    )
    if extension == "jpg":
        first.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
    elif extension == "png":
        first.save(out, format="PNG")
    elif extension == "webp":
        first.save(out, format="WEBP", quality=88, **animation)
    else:
        first.save(out, format="GIF", **animation)
    return out.getvalue()


def reencode(data: bytes, extension: str) -> Encoded:
    """Decode `data` (already known to be this kind of image) and write it anew."""
    image = _open(data, extension)
    with image:
        frame_count = _check_bounds(image)
        try:
            if frame_count > 1:
                frames, durations = [], []
                for frame in ImageSequence.Iterator(image):
                    frames.append(_fresh(frame))
                    durations.append(int(frame.info.get("duration", 100)) or 100)
            else:
                image.load()
                frames = [_fresh(ImageOps.exif_transpose(image))]
                durations = [0]
        except (OSError, SyntaxError, ValueError) as error:
            raise _refuse(
                "The image is damaged or truncated; export it again.", "broken"
            ) from error
    width, height = frames[0].size
    encoded = _save(frames, extension, durations)
    return Encoded(encoded, width, height, is_animated=len(frames) > 1)


def thumbnail(data: bytes, width: int) -> tuple[bytes, int, int] | None:
    """A WebP copy `width` pixels wide, for images wider than that (else None)."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width <= width or getattr(image, "n_frames", 1) > 1:
            return None
        height = max(1, round(image.height * width / image.width))
        small = _fresh(image).resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=82)
    return out.getvalue(), width, height
