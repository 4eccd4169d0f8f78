"""Uploaded images and files in cooked posts, and what the sanitizer lets through."""

import pytest

from forum.markup import UploadInfo, render
from forum.markup import uploads as markup_uploads
from forum.markup.sanitize import make_cleaner

SHA = "ab" * 32
URL = f"/uploads/{SHA}.png"


@pytest.fixture
def clean():
    return make_cleaner().clean


@pytest.fixture
def resolver():
    """Stand in for the uploads app: `known` holds the uploads that exist."""
    known: dict[str, UploadInfo] = {}
    saved = list(markup_uploads._resolver)
    markup_uploads.set_resolver(lambda shas: {s: known[s] for s in shas if s in known})
    yield known
    markup_uploads._resolver[:] = saved


def test_cleaner_keeps_an_upload_image_source(clean):
    html = f'<img src="{URL}" alt="plot" width="690" height="388">'

    assert clean(html) == html


@pytest.mark.parametrize(
    "src",
    [
        "/media/avatars/x.png",
        f"/uploads/{SHA}.svg",
        f"/uploads/{SHA}.png/../../admin",
        f"//evil.example/uploads/{SHA}.png",
        f"/uploads/{SHA[:-1]}.png",
        "/uploads/thumbs/../x.png",
        f"javascript:/uploads/{SHA}.png",
        f"data:image/png,/uploads/{SHA}.png",
    ],
)
def test_cleaner_refuses_other_relative_image_sources(clean, src):
    assert "src" not in clean(f'<img src="{src}" alt="x">')


@pytest.mark.parametrize("value", ["100%", "1e3", "²", "-1", "123456"])
def test_cleaner_refuses_odd_image_sizes(clean, value):
    assert "width" not in clean(f'<img src="{URL}" width="{value}">')


def test_cleaner_keeps_only_the_lightbox_class_on_links(clean):
    assert clean('<a href="/x" class="lightbox evil">x</a>') == (
        '<a href="/x" class="lightbox">x</a>'
    )


def test_render_sizes_a_small_uploaded_image(resolver):
    resolver[SHA] = UploadInfo(extension="png", width=320, height=200)

    assert render(f"![plot]({URL})") == (
        f'<p><img alt="plot" height="200" src="{URL}" width="320"></p>'
    )


def test_render_shows_the_thumbnail_linking_to_the_full_image(resolver):
    thumb = f"/uploads/thumbs/{SHA}.webp"
    resolver[SHA] = UploadInfo(
        extension="png",
        width=2000,
        height=1000,
        thumbnail_url=thumb,
        thumbnail_width=690,
        thumbnail_height=345,
    )

    assert render(f"![plot]({URL})") == (
        f'<p><a class="lightbox" href="{URL}"><img alt="plot" height="345" '
        f'src="{thumb}" width="690"></a></p>'
    )


def test_render_shows_a_placeholder_for_a_deleted_upload(resolver):
    cooked = render(f"See ![my plot]({URL}) and [data.csv (2 KB)](/uploads/{SHA}.csv).")

    assert cooked == (
        "<p>See <em>[image removed: my plot]</em> and "
        "<em>[file removed: data.csv (2 KB)]</em>.</p>"
    )


def test_render_leaves_upload_addresses_in_code_alone(resolver):
    assert render(f"`![plot]({URL})`") == f"<p><code>![plot]({URL})</code></p>"


def test_render_keeps_outside_images_as_before(resolver):
    assert render("![x](https://example.org/x.png)") == (
        '<p><img alt="x" src="https://example.org/x.png"></p>'
    )
