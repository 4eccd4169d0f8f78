from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import TrustLevel
from tests.factories import UserFactory

from .conftest import image_file, text_file


def test_post_uploads_answers_201_with_the_url(as_user, member):
    response = as_user(member).post(
        "/api/v1/uploads", {"file": image_file("plot.png")}, format="multipart"
    )

    assert response.status_code == 201
    data = response.json()
    upload = member.uploads.get()
    assert data["url"] == upload.url == f"/uploads/{upload.sha256}.png"
    assert data["markdown"] == f"![plot.png]({upload.url})"
    assert (data["kind"], data["width"], data["height"]) == ("image", 320, 200)


def test_post_uploads_with_the_session_needs_the_csrf_token(member):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(member)

    response = api.post("/api/v1/uploads", {"file": text_file()}, format="multipart")

    assert response.status_code == 403


def test_post_uploads_refuses_anonymous_callers(api):
    response = api.post("/api/v1/uploads", {"file": text_file()}, format="multipart")

    assert response.status_code in (401, 403)


def test_post_uploads_without_a_file_is_a_400(as_user, member):
    response = as_user(member).post("/api/v1/uploads", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_post_uploads_refuses_new_members_with_a_403(as_user):
    newcomer = UserFactory(username="newbie", trust_level=TrustLevel.NEW)

    response = as_user(newcomer).post(
        "/api/v1/uploads", {"file": text_file()}, format="multipart"
    )

    assert response.status_code == 403
    assert "you are at level 0" in response.json()["detail"]


def test_post_uploads_refuses_a_spoofed_file_with_its_reason(as_user, member):
    spoof = SimpleUploadedFile("plot.png", b"<script>alert(1)</script>")

    response = as_user(member).post(
        "/api/v1/uploads", {"file": spoof}, format="multipart"
    )

    assert response.status_code == 400
    assert "its contents are not a PNG image" in response.json()["detail"]


def test_post_uploads_refuses_a_body_over_the_limit_before_reading_it(
    as_user, member, settings
):
    settings.FORUM_UPLOAD_MAX_IMAGE_MB = 0.5
    settings.FORUM_UPLOAD_MAX_FILE_MB = 0.5
    big = SimpleUploadedFile("big.txt", b"x" * (2 * 1024 * 1024))

    response = as_user(member).post(
        "/api/v1/uploads", {"file": big}, format="multipart"
    )

    assert response.status_code == 413
    assert "over the limit of 1.5 MB" in response.json()["detail"]


def test_post_uploads_with_a_read_only_key_is_refused(as_user, member):
    client = as_user(member, is_read_only=True)

    response = client.post("/api/v1/uploads", {"file": text_file()}, format="multipart")

    assert response.status_code == 403
