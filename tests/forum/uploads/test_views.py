import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum.topics.models import Draft
from forum.uploads import services
from tests.factories import PostFactory, TopicFactory, UserFactory

from .conftest import committed, image_file, text_file


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


@pytest.fixture
def secret_image(staff, secret_topic):
    """An image shown in a post of the restricted category."""
    upload = services.create_upload(user=staff, file=image_file("candidates.png"))
    committed(
        PostFactory,
        topic=secret_topic,
        author=staff,
        raw=f"Candidates: ![c]({upload.url})",
    )
    return upload


def test_an_image_is_served_inline_with_its_type(client, member, topic):
    upload = services.create_upload(user=member, file=image_file())
    committed(
        PostFactory, topic=topic, author=member, raw=f"The plot: ![p]({upload.url})"
    )

    response, body = fetch(client, upload.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body.startswith(b"\x89PNG")


def test_a_file_is_served_as_an_attachment_with_a_safe_type(client, member, topic):
    upload = services.create_upload(
        user=member, file=text_file("page.txt", "<html><script>alert(1)</script>")
    )
    committed(
        PostFactory, topic=topic, author=member, raw=f"Notes: [notes]({upload.url})"
    )

    response, _ = fetch(client, upload.url)

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="page.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_download_name_is_quoted_not_trusted(client, member, topic):
    upload = services.create_upload(
        user=member, file=text_file('a"; filename=evil.html;.txt', "hello there")
    )
    committed(
        PostFactory, topic=topic, author=member, raw=f"Notes: [notes]({upload.url})"
    )

    response, _ = fetch(client, upload.url)

    assert response["Content-Disposition"] == (
        'attachment; filename="a_; filename=evil.html;.txt"'
    )


def test_an_unused_upload_is_only_for_its_uploader(client, member, other_member):
    upload = services.create_upload(user=member, file=image_file())

    assert fetch(client, upload.url)[0].status_code == 404
    client.force_login(other_member)
    assert fetch(client, upload.url)[0].status_code == 404
    client.force_login(member)
    assert fetch(client, upload.url)[0].status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("group_member", 200),
        ("staff", 200),
    ],
)
def test_a_restricted_image_is_served_only_to_those_who_may_read_it(
    client, secret_image, collaboration, staff, who, status
):
    users = {
        "outsider": UserFactory(username="eve"),
        "group_member": UserFactory(username="grace"),
        "staff": staff,
    }
    users["group_member"].groups.add(collaboration)
    if who != "anonymous":
        client.force_login(users[who])

    assert fetch(client, secret_image.url)[0].status_code == status


def test_a_restricted_upload_url_reused_in_a_public_post_stays_restricted(
    client, secret_image, category
):
    outsider = UserFactory(username="eve")
    committed(
        TopicFactory,
        category=category,
        author=outsider,
        title="Something I found on the forum",
        raw=f"Leaked: ![c]({secret_image.url}) and [file]({secret_image.url})",
    )
    client.force_login(outsider)

    assert fetch(client, secret_image.url)[0].status_code == 404
    client.logout()
    assert fetch(client, secret_image.url)[0].status_code == 404


def test_a_restricted_thumbnail_is_refused_to_outsiders(
    client, staff, secret_topic, settings
):
    settings.FORUM_UPLOAD_THUMBNAIL_WIDTH = 100
    upload = services.create_upload(user=staff, file=image_file(size=(400, 200)))
    committed(
        PostFactory,
        topic=secret_topic,
        author=staff,
        raw=f"Candidates ![c]({upload.url})",
    )

    assert fetch(client, upload.thumbnail_url)[0].status_code == 404
    client.force_login(staff)
    response, _body = fetch(client, upload.thumbnail_url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/webp")


def test_a_guessed_upload_url_is_not_found(client, member):
    client.force_login(member)

    assert client.get(f"/uploads/{'0' * 64}.png").status_code == 404
    assert client.get(f"/uploads/{'a' * 63}.png").status_code == 404
    assert client.get("/uploads/../settings.py").status_code == 404


def test_the_wrong_extension_for_an_upload_is_not_found(client, member):
    upload = services.create_upload(user=member, file=image_file())
    client.force_login(member)

    assert client.get(f"/uploads/{upload.sha256}.html").status_code == 404


def test_attach_without_javascript_adds_the_markdown_to_the_reply_draft(
    client, member, topic
):
    client.force_login(member)

    response = client.post(
        reverse("uploads:attach"),
        {
            "draft_key": f"topic-{topic.id}",
            "raw": "Here is my plot:",
            "file": image_file("my plot.png"),
        },
    )

    upload = member.uploads.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#reply")
    draft = Draft.objects.get(user=member, key=f"topic-{topic.id}")
    assert draft.data["raw"] == f"Here is my plot:\n\n![my plot.png]({upload.url})\n"
    page = client.get(response["Location"]).text
    assert "Attached my plot.png." in page
    assert upload.url in page


def test_attach_without_javascript_keeps_the_new_topic_text_on_refusal(client, member):
    member.trust_level = 0
    member.save(update_fields=["trust_level"])
    client.force_login(member)

    response = client.post(
        reverse("uploads:attach"),
        {
            "draft_key": "new-topic",
            "title": "My plot looks wrong today",
            "raw": "Text I must not lose",
            "file": image_file(),
        },
        follow=True,
    )

    assert "you are at level 0" in response.text
    draft = Draft.objects.get(user=member, key="new-topic")
    assert draft.data["raw"] == "Text I must not lose"
    assert draft.data["title"] == "My plot looks wrong today"


def test_attach_refuses_a_topic_the_member_may_not_see(client, member, secret_topic):
    client.force_login(member)

    response = client.post(
        reverse("uploads:attach"),
        {"draft_key": f"topic-{secret_topic.id}", "raw": "x", "file": image_file()},
    )

    assert response.status_code == 404
    assert not member.uploads.exists()


def test_the_composer_offers_an_attach_field(client, member, topic):
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).text

    assert 'type="file" name="file"' in page
    assert f'name="draft_key" value="topic-{topic.id}"' in page
    assert 'formenctype="multipart/form-data"' in page


def test_the_composer_tells_new_members_why_they_cannot_attach(client, topic):
    newcomer = UserFactory(username="newbie", trust_level=0)
    client.force_login(newcomer)

    page = client.get(reverse("topics:create")).text

    assert 'type="file"' not in page
    assert "Members may upload files from trust level 1" in page


def test_serving_an_upload_takes_few_queries(
    client, member, topic, django_assert_max_num_queries
):
    upload = services.create_upload(user=member, file=image_file())
    committed(
        PostFactory, topic=topic, author=member, raw=f"The plot: ![p]({upload.url})"
    )

    # The upload, category access (three, then cached) and one EXISTS.
    with django_assert_max_num_queries(5):
        assert fetch(client, upload.url)[0].status_code == 200


def test_an_svg_named_upload_is_refused_by_the_form(client, member, topic):
    client.force_login(member)
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", "image/svg+xml")

    response = client.post(
        reverse("uploads:attach"),
        {"draft_key": f"topic-{topic.id}", "raw": "x", "file": svg},
        follow=True,
    )

    assert ".svg files cannot be uploaded" in response.text
