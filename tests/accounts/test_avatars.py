import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.avatars import SIZE, letter_colour, letter_svg, make_avatar


def image_file(fmt="PNG", size=(400, 300), name="me.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "#3366aa").save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_make_avatar_makes_a_square_png(fmt):
    png = make_avatar(image_file(fmt))

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (SIZE, SIZE)


def test_make_avatar_refuses_big_files(settings):
    settings.FORUM_AVATAR_MAX_BYTES = 100

    with pytest.raises(ValidationError, match="avatars may be at most 0 KB"):
        make_avatar(image_file())


def test_make_avatar_refuses_huge_images(settings):
    settings.FORUM_AVATAR_MAX_PIXELS = 200

    with pytest.raises(ValidationError, match="at most 200×200"):
        make_avatar(image_file(size=(400, 300)))


def test_make_avatar_refuses_svg():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    upload = SimpleUploadedFile("me.svg", svg, content_type="image/svg+xml")

    with pytest.raises(ValidationError, match="SVG is not accepted"):
        make_avatar(upload)


def test_make_avatar_refuses_other_image_types():
    with pytest.raises(ValidationError, match="PNG, JPEG, GIF or WebP"):
        make_avatar(image_file("BMP", name="me.bmp"))


def test_make_avatar_refuses_a_truncated_image():
    data = image_file("PNG", size=(300, 300)).read()
    upload = SimpleUploadedFile("me.png", data[: len(data) // 2])

    with pytest.raises(ValidationError, match="damaged"):
        make_avatar(upload)


def test_letter_avatar_shows_the_first_letter():
    svg = letter_svg("alice")

    assert svg.startswith("<svg")
    assert ">A</text>" in svg


def test_letter_colour_is_stable_per_username():
    assert letter_colour("alice") == letter_colour("Alice")
    assert len({letter_colour(f"user{n}") for n in range(40)}) > 3
