"""Files sent by email become uploads of the sender, under the uploads rules."""

import io

import pytest
from PIL import Image

from forum.mailin.models import CategoryInbox, IncomingMessage
from forum.uploads.models import Upload
from forum.uploads.services import create_upload
from tests.factories import PostFactory

from . import mails

Status = IncomingMessage.Status
TEXT = "Thanks Bob, here is the plot after setting the collection."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def bobs_reply(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Try setting the collection explicitly."
    )


def png(size=(320, 200), colour="#3366aa") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def stored_files(media) -> list:
    return (
        [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    )


def test_reply_with_a_png_attachment_becomes_a_post_showing_the_image(
    deliver, reply_address, member, bobs_reply, mailoutbox
):
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")

    record = deliver(message)

    assert record.status == Status.POSTED, record.reason
    upload = Upload.objects.get()
    assert upload.uploader == member
    assert record.post.raw == f"{TEXT}\n\n![plot.png]({upload.url})"
    assert f'src="{upload.url}"' in record.post.cooked
    assert upload.uses.filter(post=record.post).exists()
    assert not mailoutbox or not mailoutbox[0].subject.startswith("Not posted")


def test_other_files_are_linked_with_name_and_size(
    deliver, reply_address, member, bobs_reply
):
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(
        b"ra,dec\n150.1,2.2\n", maintype="text", subtype="csv", filename="catalog.csv"
    )

    record = deliver(message)

    upload = Upload.objects.get()
    assert record.post.raw.endswith(f"[catalog.csv (17 bytes)]({upload.url})")


def test_new_member_s_attachment_is_refused_naming_file_and_rule(
    deliver, reply_address, newcomer, bobs_reply, mailoutbox, media
):
    message = mails.plain(
        sender="nova@example.org", to=reply_address(newcomer, bobs_reply), text=TEXT
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")

    record = deliver(message)

    assert record.status == Status.REFUSED
    assert record.post is None
    body = mailoutbox[0].body
    assert "plot.png" in body and "trust level" in body
    assert not Upload.objects.exists() and not stored_files(media)


def test_refused_kind_or_size_refuses_the_whole_mail_and_keeps_nothing(
    deliver, reply_address, member, bobs_reply, mailoutbox, media, settings
):
    settings.FORUM_UPLOAD_MAX_FILE_MB = 0.001
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")
    message.add_attachment(
        b"x" * 4096, maintype="text", subtype="csv", filename="big.csv"
    )
    message.add_attachment(
        b"MZ...", maintype="application", subtype="octet-stream", filename="run.exe"
    )

    record = deliver(message)

    assert record.status == Status.REFUSED
    assert record.post is None
    body = mailoutbox[0].body
    assert "big.csv" in body and "at most" in body
    assert "run.exe" in body and "cannot be uploaded" in body
    assert not Upload.objects.exists() and not stored_files(media)


def test_uploads_are_undone_when_the_post_itself_is_refused(
    deliver, reply_address, member, bobs_reply, mailoutbox, media
):
    bobs_reply.topic.__class__.objects.filter(pk=bobs_reply.topic.pk).update(
        is_closed=True
    )
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")

    record = deliver(message)

    assert record.status == Status.REFUSED
    assert "The topic is closed" in mailoutbox[0].body
    assert not Upload.objects.exists() and not stored_files(media)


def outlook_html_reply(*, sender, to, screenshot: bytes, logo: bytes):
    """Outlook's shape: multipart/related HTML whose images are inline parts
    named by Content-ID, a pasted screenshot and the signature's logo."""
    message = mails.html_only_reply(
        sender=sender,
        to=to,
        html=(
            f"<div><p>{TEXT}</p><p><img src='cid:image001.png@01DB'></p>"
            "<p>Best regards,<br>Alice<br><img src='cid:image002.png@01DB'></p></div>"
        ),
    )
    for cid, data, name in (
        ("image001.png@01DB", screenshot, "image001.png"),
        ("image002.png@01DB", logo, "image002.png"),
    ):
        message.add_related(
            data,
            maintype="image",
            subtype="png",
            cid=f"<{cid}>",
            filename=name,
            disposition="inline",
        )
    return message


def test_outlook_reply_keeps_the_screenshot_and_drops_the_signature_logo(
    deliver, reply_address, member, bobs_reply
):
    message = outlook_html_reply(
        sender="alice@example.org",
        to=reply_address(member, bobs_reply),
        screenshot=png((900, 500)),
        logo=png((120, 40), colour="#aa0000"),
    )

    record = deliver(message)

    assert record.status == Status.POSTED, record.reason
    upload = Upload.objects.get()
    assert (upload.width, upload.height) == (900, 500)
    assert f"![image001.png]({upload.url})" in record.post.raw
    assert "cid:" not in record.post.raw and "cid:" not in record.post.cooked


def test_new_member_s_signature_logo_alone_does_not_refuse_the_mail(
    deliver, reply_address, newcomer, bobs_reply
):
    message = mails.plain(
        sender="nova@example.org", to=reply_address(newcomer, bobs_reply), text=TEXT
    )
    message.add_attachment(
        png((96, 32)),
        maintype="image",
        subtype="png",
        filename="logo.png",
        disposition="inline",
        cid="<logo@x>",
    )

    record = deliver(message)

    assert record.status == Status.POSTED, record.reason
    assert record.post.raw == TEXT
    assert not Upload.objects.exists()


def test_refused_mail_leaves_an_earlier_upload_of_the_same_bytes_alone(
    deliver, reply_address, member, other_member, bobs_reply, media
):
    earlier = create_upload(user=other_member, file=io.BytesIO(png()), name="a.png")
    files_before = stored_files(media)
    type(bobs_reply.topic).objects.filter(pk=bobs_reply.topic.pk).update(is_closed=True)
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")

    record = deliver(message)

    assert record.status == Status.REFUSED
    assert list(Upload.objects.all()) == [earlier]
    assert stored_files(media) == files_before and files_before


def test_new_topic_by_email_shows_its_attached_image(deliver, member, category):
    CategoryInbox.objects.create(category=category, address="support@lists.org")
    message = mails.plain(
        sender="alice@example.org",
        to="support@lists.org",
        subject="Calexp without a WCS",
        text="The calexp I read with the Butler has no WCS; see the plot.",
    )
    message.add_attachment(png(), maintype="image", subtype="png", filename="plot.png")

    record = deliver(message)

    assert record.status == Status.POSTED, record.reason
    upload = Upload.objects.get(uploader=member)
    assert record.post.raw.endswith(f"![plot.png]({upload.url})")
    assert upload.uses.filter(post=record.post).exists()


def test_a_signed_reply_posts_without_its_pgp_signature(
    deliver, reply_address, member, bobs_reply
):
    message = mails.plain(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )
    message.add_attachment(
        b"-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n",
        maintype="application",
        subtype="pgp-signature",
        filename="signature.asc",
    )

    record = deliver(message)

    assert record.status == Status.POSTED, record.reason
    assert record.post.raw == TEXT
    assert not Upload.objects.exists()
