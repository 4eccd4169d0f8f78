import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import TrustLevel
from forum.topics import services as topic_services
from forum.uploads import services
from forum.uploads.models import Kind, Upload
from tests.factories import PostFactory, TopicFactory

from .conftest import (
    committed,
    image_bytes,
    image_file,
    jpeg_with_gps,
    notebook_file,
    text_file,
)


def stored_bytes(upload: Upload) -> bytes:
    with default_storage.open(upload.storage_name, "rb") as handle:
        return handle.read()


def refusal(user, file, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.create_upload(user=user, file=file, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("plot.png", "PNG"),
        ("photo.jpg", "JPEG"),
        ("anim.gif", "GIF"),
        ("a.webp", "WEBP"),
    ],
)
def test_create_upload_stores_an_image_with_its_size(member, name, fmt):
    upload = services.create_upload(user=member, file=image_file(name, fmt))

    assert upload.kind == Kind.IMAGE
    assert (upload.width, upload.height) == (320, 200)
    assert upload.uploader == member
    assert Image.open(io.BytesIO(stored_bytes(upload))).format == fmt


@pytest.mark.parametrize(
    "file",
    [notebook_file(), text_file(), text_file("notes.txt", "seeing 0.7 arcsec")],
    ids=["ipynb", "csv", "txt"],
)
def test_create_upload_stores_a_text_file_as_is(member, file):
    data = file.read()

    upload = services.create_upload(user=member, file=file)

    assert upload.kind == Kind.FILE
    assert stored_bytes(upload) == data


def test_create_upload_accepts_fits_pdf_and_zip(member):
    fits = b"SIMPLE  =                    T" + b" " * 2850
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data.csv", "ra,dec\n")
    for name, data in [
        ("m31.fits", fits),
        ("paper.pdf", pdf),
        ("d.zip", archive.getvalue()),
    ]:
        upload = services.create_upload(
            user=member, file=SimpleUploadedFile(name, data)
        )
        assert upload.extension == name.rpartition(".")[2]


def test_create_upload_stores_the_same_bytes_once(member, other_member):
    first = services.create_upload(user=member, file=image_file())
    again = services.create_upload(user=other_member, file=image_file("copy.png"))

    assert again.id == first.id
    assert Upload.objects.count() == 1


def test_create_upload_names_files_by_their_hash(member):
    upload = services.create_upload(
        user=member, file=image_file("../../etc/passwd.png")
    )

    assert upload.original_name == "passwd.png"
    assert upload.storage_name.endswith(f"/{upload.sha256}.png")
    assert ".." not in upload.storage_name


def test_create_upload_strips_exif_and_gps_from_jpeg(member):
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)

    upload = services.create_upload(
        user=member, file=SimpleUploadedFile("beach.jpg", data)
    )

    stored = stored_bytes(upload)
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert b"Exif" not in stored
    assert b"Meridian test camera" not in stored


def test_create_upload_applies_the_exif_orientation(member):
    # Orientation 6: the camera was turned; the picture is shown rotated 90°.
    data = jpeg_with_gps(orientation=6)

    upload = services.create_upload(
        user=member, file=SimpleUploadedFile("turned.jpg", data)
    )

    assert (upload.width, upload.height) == (100, 300)


def test_create_upload_reencodes_a_gif_with_a_script_inside(member):
    script = b"<script>alert(document.cookie)</script>"
    gif = image_bytes("GIF", comment=script) + b"/*" + script + b"*/"
    assert script in gif

    upload = services.create_upload(user=member, file=SimpleUploadedFile("x.gif", gif))

    stored = stored_bytes(upload)
    assert script not in stored
    assert b"<script" not in stored
    assert Image.open(io.BytesIO(stored)).format == "GIF"


def test_create_upload_refuses_a_spoofed_extension(member):
    html = b"<html><script>alert(1)</script></html>"

    error = refusal(member, SimpleUploadedFile("cute.png", html, "image/png"))

    assert error.code == "mismatch"
    assert "named as a PNG image but its contents are not a PNG image" in str(error)


def test_create_upload_refuses_a_jpeg_named_png(member):
    error = refusal(member, image_file("plot.png", "JPEG"))

    assert "its contents are a JPEG image" in error.messages[0]


def test_create_upload_refuses_binary_named_as_text(member):
    error = refusal(member, SimpleUploadedFile("notes.txt", image_bytes()))

    assert "its contents are a PNG image" in error.messages[0]


def test_create_upload_refuses_invalid_json(member):
    error = refusal(member, SimpleUploadedFile("a.json", b"{not json"))

    assert error.code == "mismatch"


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "run.exe", "noextension"])
def test_create_upload_refuses_kinds_not_allowed(member, name):
    error = refusal(member, SimpleUploadedFile(name, b"<svg onload=alert(1)>"))

    assert error.code == "kind"
    assert (
        "Allowed: png, jpg, gif, webp, pdf, txt, csv, json, ipynb, fits, zip"
        in (error.messages[0])
    )


def test_create_upload_allowed_kinds_come_from_the_setting(member, settings):
    settings.FORUM_UPLOAD_KINDS = ["png"]

    error = refusal(member, text_file())

    assert error.messages == [".csv files cannot be uploaded. Allowed: png."]


def test_create_upload_refuses_new_members(member):
    member.trust_level = TrustLevel.NEW

    error = refusal(member, image_file())

    assert error.code == "trust_level"
    assert "from trust level 1; you are at level 0" in error.messages[0]


def test_create_upload_lets_new_staff_upload(staff):
    staff.trust_level = TrustLevel.NEW

    assert services.create_upload(user=staff, file=image_file()).id


def test_create_upload_refuses_images_over_the_size_limit(member, settings):
    settings.FORUM_UPLOAD_MAX_IMAGE_MB = 0.001

    error = refusal(member, image_file(size=(400, 400)))

    assert error.code == "too_large"
    assert "images may be at most 0.001 MB" in error.messages[0]


def test_create_upload_refuses_files_over_the_size_limit(member, settings):
    settings.FORUM_UPLOAD_MAX_FILE_MB = 0.00001

    error = refusal(member, text_file())

    assert error.messages == ["The file is 17 bytes; files may be at most 1e-05 MB."]


def test_create_upload_refuses_decompression_bombs(member, settings):
    settings.FORUM_UPLOAD_MAX_MEGAPIXELS = 1

    error = refusal(member, image_file(size=(2000, 1000)))

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "The image is 2000×1000 pixels (2 megapixels); images may have at most "
        "1 megapixels."
    ]


def test_create_upload_refuses_long_animations(member, settings):
    settings.FORUM_UPLOAD_MAX_FRAMES = 3
    frames = [
        Image.new("RGB", (20, 20), colour)
        for colour in ["red", "green", "blue", "white"]
    ]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])

    error = refusal(member, SimpleUploadedFile("a.gif", out.getvalue()))

    assert error.messages == [
        "The animation has 4 frames; animations may have at most 3 frames."
    ]


def test_create_upload_keeps_a_short_animation(member):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])

    upload = services.create_upload(
        user=member, file=SimpleUploadedFile("a.gif", out.getvalue())
    )

    assert Image.open(io.BytesIO(stored_bytes(upload))).n_frames == 2


def test_create_upload_refuses_a_truncated_image(member):
    error = refusal(member, SimpleUploadedFile("cut.png", image_bytes()[:60]))

    assert error.code == "broken"


def test_create_upload_refuses_empty_files(member):
    error = refusal(member, SimpleUploadedFile("empty.txt", b""))

    assert error.messages == ["The file is empty."]


@pytest.mark.parametrize(("level", "quota_mb"), [(1, 0.01), (2, 0.02)])
def test_create_upload_holds_the_daily_quota_of_the_trust_level(
    member, settings, level, quota_mb
):
    settings.FORUM_UPLOAD_DAILY_MB = [0, 0.01, 0.02]
    member.trust_level = level
    size = int(quota_mb * 1024 * 1024) - 100
    services.create_upload(user=member, file=text_file("a.txt", "x" * size))

    error = refusal(member, text_file("b.txt", "y" * 200))

    assert error.code == "quota"
    assert (
        f"at trust level {level} the limit is {quota_mb:g} MB a day"
        in (error.messages[0])
    )


def test_create_upload_quota_counts_only_the_last_day(member, settings):
    settings.FORUM_UPLOAD_DAILY_MB = [0, 0.01, 0.01]
    old = services.create_upload(user=member, file=text_file("a.txt", "x" * 10000))
    Upload.objects.filter(id=old.id).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    assert services.create_upload(user=member, file=text_file("b.txt", "y" * 10000))


def test_create_upload_makes_a_webp_thumbnail_of_wide_images(member, settings):
    settings.FORUM_UPLOAD_THUMBNAIL_WIDTH = 100

    upload = services.create_upload(user=member, file=image_file(size=(400, 200)))

    assert (upload.thumbnail_width, upload.thumbnail_height) == (100, 50)
    with default_storage.open(upload.thumbnail_storage_name, "rb") as handle:
        thumb = Image.open(io.BytesIO(handle.read()))
    assert (thumb.format, thumb.size) == ("WEBP", (100, 50))


def test_markdown_for_an_image_and_a_file(member):
    image = services.create_upload(user=member, file=image_file("my [plot].png"))
    data = services.create_upload(user=member, file=text_file())

    assert services.markdown_for(image) == f"![my plot.png]({image.url})"
    assert services.markdown_for(data) == f"[catalog.csv (17 bytes)]({data.url})"


def test_posts_record_the_uploads_they_use(member, topic):
    upload = services.create_upload(user=member, file=image_file())

    post = committed(
        PostFactory, topic=topic, author=member, raw=f"The plot: ![p]({upload.url})"
    )

    assert list(upload.posts.all()) == [post]


def test_editing_a_post_updates_the_uploads_it_uses(member, topic):
    upload = services.create_upload(user=member, file=image_file())
    post = committed(
        PostFactory, topic=topic, author=member, raw=f"The plot: ![p]({upload.url})"
    )

    raw = "No plot after all, sorry about that."
    committed(topic_services.edit_post, post=post, by=member, raw=raw)

    assert not upload.posts.exists()


def test_a_post_cannot_claim_an_upload_its_author_may_not_see(
    member, other_member, secret_topic, category, staff
):
    upload = services.create_upload(user=staff, file=image_file())
    committed(
        PostFactory,
        topic=secret_topic,
        author=staff,
        raw=f"Embargoed ![p]({upload.url})",
    )

    leak = committed(
        TopicFactory,
        category=category,
        author=other_member,
        raw=f"Look at this ![p]({upload.url})",
    )

    assert list(upload.posts.all()) != [] and leak.posts.get().uploads.count() == 0


def test_remove_orphans_deletes_uploads_unused_for_a_day(
    member, topic, django_capture_on_commit_callbacks
):
    used = services.create_upload(user=member, file=image_file())
    committed(
        PostFactory, topic=topic, author=member, raw=f"The plot: ![p]({used.url})"
    )
    orphan = services.create_upload(user=member, file=text_file())
    fresh = services.create_upload(user=member, file=text_file("new.txt", "just now"))
    day_ago = timezone.now() - timedelta(hours=25)
    Upload.objects.filter(id__in=[used.id, orphan.id]).update(last_uploaded_at=day_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remove_orphans() == 1

    assert set(Upload.objects.values_list("id", flat=True)) == {used.id, fresh.id}
    assert not default_storage.exists(orphan.storage_name)


def test_uploading_again_keeps_an_unused_upload_another_day(member):
    upload = services.create_upload(user=member, file=text_file())
    Upload.objects.filter(id=upload.id).update(
        last_uploaded_at=timezone.now() - timedelta(hours=25)
    )

    services.create_upload(user=member, file=text_file())

    assert services.remove_orphans() == 0


def test_delete_upload_leaves_a_placeholder_in_its_posts(member, topic):
    upload = services.create_upload(user=member, file=image_file())
    post = committed(
        PostFactory,
        topic=topic,
        author=member,
        raw=f"The plot: ![my plot]({upload.url})",
    )

    assert services.delete_upload(upload=upload) == 1

    post.refresh_from_db()
    assert "[image removed: my plot]" in post.cooked
    assert "/uploads/" not in post.cooked
