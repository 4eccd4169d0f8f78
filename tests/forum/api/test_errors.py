"""Bad input and limits: always JSON with a `detail` message and a 4xx."""

import json

import pytest
from django.urls import reverse

from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def reply_url(topic):
    return reverse("api:topic-posts", args=[topic.id])


def test_malformed_json_is_400(as_user, member, topic):
    response = as_user(member).post(
        reply_url(topic), '{"raw": "unterminated', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The body is not valid JSON")


def test_json_that_is_not_an_object_is_400(as_user, member, topic):
    response = as_user(member).post(
        reply_url(topic), "[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400
    assert "Expected a dictionary" in response.json()["detail"]


def test_nan_in_json_is_400(as_user, member, topic):
    response = as_user(member).post(
        reply_url(topic), '{"raw": NaN}', content_type="application/json"
    )
    assert response.status_code == 400


def test_unsupported_media_type_is_415(as_user, member, topic):
    response = as_user(member).post(
        reply_url(topic), "raw=hello", content_type="text/plain"
    )
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_huge_body_is_413(as_user, member, topic, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"raw": "x" * 20_000})
    response = as_user(member).post(
        reply_url(topic), body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "limit of 10,000 bytes" in response.json()["detail"]
    assert topic.posts.count() == 1


def test_post_over_the_length_limit_is_400(as_user, member, topic, settings):
    settings.FORUM_MAX_POST_LENGTH = 100
    response = as_user(member).post(reply_url(topic), {"raw": "y" * 101}, format="json")
    assert response.status_code == 400
    assert "at most 100 characters" in response.json()["errors"]["raw"][0]


def test_nul_character_is_400(as_user, member, topic):
    response = as_user(member).post(
        reply_url(topic), {"raw": "A reply with a \x00 NUL in it."}, format="json"
    )
    assert response.status_code == 400
    assert "Null characters" in response.json()["errors"]["raw"][0]


def test_huge_id_in_body_is_400(as_user, member, topic):
    response = as_user(member).post(
        reverse("api:topic-solution", args=[topic.id]),
        {"post": 10**30},
        format="json",
    )
    assert response.status_code == 400
    assert "post" in response.json()["errors"]


def test_unknown_endpoint_is_json_404(api):
    response = api.post("/api/v1/likes", {})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No such API endpoint")


def test_unknown_post_is_404(api):
    response = api.get("/api/v1/posts/123456")
    assert response.json() == {"detail": "No such post."}


def test_unknown_page_of_topic_is_404(api, topic):
    url = reverse("api:topic-detail", args=[topic.id])
    for page in ["0", "abc", "99999999", "٣"]:
        assert api.get(url, {"page": page}).status_code == 404


def test_visitors_are_throttled_with_retry_after(api, topic, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "2/min",
            "user": "100/min",
            "write": "100/min",
        },
    }
    for _ in range(2):
        assert api.get("/api/v1/topics").status_code == 200
    response = api.get("/api/v1/topics")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_writes_have_their_own_lower_rate(as_user, member, category, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100/min",
            "user": "100/min",
            "write": "1/min",
        },
    }
    topic = TopicFactory(category=category)
    api = as_user(member)
    url = reverse("api:topic-posts", args=[topic.id])
    assert api.post(url, {"raw": "The first reply goes through."}).status_code == 201
    response = api.post(url, {"raw": "The second reply is throttled."})
    assert response.status_code == 429
    assert response.has_header("Retry-After")
    assert api.get("/api/v1/topics").status_code == 200


def test_reply_over_the_rate_limit_is_429_with_the_sites_message(
    as_user, member, topic, settings
):
    settings.FORUM_REPLIES_PER_MINUTE = [1, 1, 1]
    api = as_user(member)
    url = reverse("api:topic-posts", args=[topic.id])
    assert api.post(url, {"raw": "The first reply goes through."}).status_code == 201
    response = api.post(url, {"raw": "The second reply reaches the limit."})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith(
        "You have reached the limit of 1 replies"
    )
