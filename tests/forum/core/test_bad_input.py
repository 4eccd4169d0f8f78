"""Input no page can mean is a 400 with a message, never a 500 and never stored."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.validators import username_validators
from forum.topics.models import Post
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

NUL_PATHS = [
    "/tag/%00",
    "/tag/%00.rss",
    "/u/%00",
    "/u/%00/activity",
    "/u/%00/activity.rss",
    "/u/%00/preferences",
    "/g/%00",
    "/c/%00/1",
    "/t/%00/1",
    "/level/topic/%00",
    "/email/unsubscribe/%00",
    "/api/v1/tags/%00/notification-level",
    "/api/v1/users/%00",
    "/search?q=%00",
    "/latest?page=%00",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_nul_in_a_path_or_query_is_400_for_visitors(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.text


@pytest.mark.parametrize("path", ["/u/%00", "/api/v1/tags/%00/notification-level"])
def test_nul_in_a_path_is_400_for_members(client, member, path):
    client.force_login(member)
    assert client.get(path).status_code == 400


def test_api_answers_nul_in_the_path_as_json(client):
    response = client.get("/api/v1/users/%00")
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]


def test_host_not_allowed_is_a_plain_400(client, member):
    client.force_login(member)
    response = client.get(reverse("topics:latest"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.text


def test_json_nested_too_deep_is_400(client, member):
    client.force_login(member)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/topics", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in json.dumps(response.json())


@pytest.mark.parametrize("bad", [b"\xff\xfe", b"%FF%FE"])
def test_reply_with_invalid_utf8_is_refused_not_stored(
    client, topic, other_member, bad
):
    client.force_login(other_member)
    body = b"raw=A+reply+that+is+long+enough+" + bad + b"+broken+bytes"
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.text
    assert not Post.objects.filter(raw__contains="broken bytes").exists()


def test_reply_with_invalid_utf8_in_multipart_is_refused(client, topic, other_member):
    client.force_login(other_member)
    boundary = "XyZ"
    body = (
        (f'--{boundary}\r\nContent-Disposition: form-data; name="raw"\r\n\r\n').encode()
        + b"A reply that is long enough \xff\xfe broken bytes\r\n"
        + (f"--{boundary}--\r\n").encode()
    )
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert not Post.objects.filter(raw__contains="broken bytes").exists()


def test_reply_in_utf8_is_kept_as_typed(client, topic, other_member):
    client.force_login(other_member)
    text = "Réponse assez longue — λ = 550 nm, ✓ merci"
    response = client.post(reverse("topics:reply", args=[topic.id]), {"raw": text})
    assert response.status_code in (200, 302)
    assert Post.objects.filter(raw=text).exists()


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_username_with_bidi_controls_is_refused(mark):
    with pytest.raises(ValidationError):
        for validator in username_validators:
            validator(f"alice{mark}gnp")


def test_title_with_bidi_override_is_shown_isolated(client, category, member):
    title = "Calibration \u202egnp.exe of the flats"
    topic = TopicFactory(category=category, author=member, title=title)
    for url in (reverse("topics:latest"), topic.get_absolute_url()):
        assert f"<bdi>{title}</bdi>" in client.get(url).text
