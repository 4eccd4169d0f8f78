"""Files to upload, built in memory, and a private media folder per test."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(fmt="PNG", size=(320, 200), colour="#3366aa", **save) -> bytes:
    out = io.BytesIO()
    mode = "RGB" if fmt in ("JPEG", "GIF") else "RGBA"
    Image.new(mode, size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def image_file(name="plot.png", fmt="PNG", size=(320, 200), **save):
    return SimpleUploadedFile(name, image_bytes(fmt, size, **save), "image/png")


def jpeg_with_gps(orientation: int = 1) -> bytes:
    """A JPEG whose EXIF holds a GPS position (and a camera orientation)."""
    image = Image.new("RGB", (300, 100), "#aa3333")
    exif = Image.Exif()
    exif[0x0110] = "Meridian test camera"  # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (19.0, 49.0, 12.0), 3: "W", 4: (155.0, 28.0, 6.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def notebook_file(name="analysis.ipynb"):
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return SimpleUploadedFile(name, json.dumps(notebook).encode(), "application/json")


def text_file(name="catalog.csv", text="ra,dec\n150.1,2.2\n"):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def committed(make, **kwargs):
    """Call `make` and run what waits for the commit: which uploads a post uses
    is recorded by a handler of the post events, after commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return make(**kwargs)
