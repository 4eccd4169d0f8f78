"""Uploads in S3-compatible object storage (django-storages), against moto's
S3 server on 127.0.0.1: what several web servers share in production."""

import socket

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.uploads import services
from tests.factories import PostFactory

from .conftest import committed, image_file, jpeg_with_gps

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed: no local S3 stand-in"
)
boto3 = pytest.importorskip("boto3", reason="boto3 (django-storages[s3]) missing")

BUCKET = "meridian-uploads"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port())
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "file_overwrite": True,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_uploads_are_stored_in_the_bucket_once(s3, member, other_member):
    upload = services.create_upload(user=member, file=image_file())
    services.create_upload(user=other_member, file=image_file("again.png"))

    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [upload.storage_name]
    assert type(default_storage._wrapped).__name__ == "S3Storage"


def test_uploads_in_the_bucket_are_served_with_the_permission_check(
    s3, client, member, topic
):
    upload = services.create_upload(
        user=member, file=image_file("beach.jpg", "JPEG"), name="beach.jpg"
    )
    assert client.get(upload.url).status_code == 404
    committed(
        PostFactory, topic=topic, author=member, raw=f"The beach: ![b]({upload.url})"
    )

    response = client.get(upload.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_exif_is_stripped_before_the_file_reaches_the_bucket(s3, member):
    upload = services.create_upload(
        user=member, file=SimpleUploadedFile("gps.jpg", jpeg_with_gps())
    )

    stored = s3.get_object(Bucket=BUCKET, Key=upload.storage_name)["Body"].read()
    assert b"Exif" not in stored
