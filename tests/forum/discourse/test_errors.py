"""Errors as Discourse sends them: `{"errors": [...], "error_type": ...}` with
the right status, `application/json; charset=utf-8`, and on a 429
`extras.wait_seconds` with Retry-After, which pydiscourse waits on."""

import pytest
from pydiscourse import client as pydiscourse_client
from pydiscourse.exceptions import DiscourseRateLimitedError

from forum.api import services as key_services

JSON = "application/json; charset=utf-8"


@pytest.fixture
def as_alice(api, member):
    _key, token = key_services.create_api_key(user=member, by=member, name="bot")
    api.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME="alice")
    return api


def _throttle(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100/min",
            "user": "100/min",
            "write": "100/min",
            **rates,
        },
    }


def test_reads_answer_discourse_content_type(api, topic):
    response = api.get("/latest.json")
    assert response.status_code == 200
    assert response["Content-Type"] == JSON


def test_unknown_topic_is_404_in_discourse_shape(api, db):
    response = api.get("/t/999999.json")
    assert response.status_code == 404
    assert response["Content-Type"] == JSON
    assert response.json() == {"errors": ["No such topic."], "error_type": "not_found"}


def test_invalid_key_is_401(api, db):
    api.credentials(HTTP_API_KEY="nonsense", HTTP_API_USERNAME="alice")
    response = api.get("/latest.json")
    assert response.status_code == 401
    assert response.json()["error_type"] == "not_logged_in"


def test_writes_without_a_key_are_refused(api, topic):
    response = api.post("/posts", {"raw": "Hello there, anyone here?", "topic_id": 1})
    assert response.status_code in (401, 403)
    assert response.json()["errors"]


def test_bad_input_is_400_with_every_message(as_alice, topic):
    response = as_alice.post("/posts", {"raw": "short"})
    assert response.status_code == 400
    body = response.json()
    assert body["error_type"] == "invalid_parameters"
    assert "Give a title" in body["errors"][0]
    response = as_alice.post("/posts", {"raw": "x", "topic_id": topic.id})
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/latest.json?page=-1",
        "/latest.json?page=abc",
        "/t/1/posts.json?post_ids[]=x",
        "/user_actions.json?username=alice&filter=a",
        "/search.json?q=",
        "/top.json?page=99999999999999999999",
    ],
)
def test_bad_query_strings_are_400(api, member, url):
    response = api.get(url)
    assert response.status_code in (400, 404), url
    assert response.json()["errors"]


def test_huge_ids_are_400_not_500(as_alice, topic):
    response = as_alice.post("/post_actions", {"id": 10**30, "post_action_type_id": 2})
    assert response.status_code == 400


def test_flags_through_post_actions_are_refused_clearly(as_alice, topic):
    post = topic.posts.get()
    response = as_alice.post("/post_actions", {"id": post.id, "post_action_type_id": 3})
    assert response.status_code == 400
    assert "Only likes" in response.json()["errors"][0]


def test_throttled_reads_are_429_with_wait_seconds(api, topic, settings):
    _throttle(settings, anon="1/min")
    assert api.get("/latest.json").status_code == 200
    response = api.get("/latest.json")
    assert response.status_code == 429
    assert response["Content-Type"] == JSON
    body = response.json()
    assert body["error_type"] == "rate_limit"
    assert 0 < body["extras"]["wait_seconds"] <= 60
    assert response["Retry-After"] == str(body["extras"]["wait_seconds"])


def test_the_sites_reply_limit_is_429_with_wait_seconds(as_alice, topic, settings):
    settings.FORUM_REPLIES_PER_MINUTE = [1, 1, 1]
    first = as_alice.post(
        "/posts", {"raw": "The first reply goes through.", "topic_id": topic.id}
    )
    assert first.status_code == 200
    response = as_alice.post(
        "/posts", {"raw": "The second reply reaches the limit.", "topic_id": topic.id}
    )
    assert response.status_code == 429
    body = response.json()
    assert body["errors"][0].startswith("You have reached the limit of 1 replies")
    assert 0 < body["extras"]["wait_seconds"] <= 60
    assert response.has_header("Retry-After")


def test_pydiscourse_waits_on_429_and_gives_up_cleanly(
    discourse, topic, settings, monkeypatch
):
    _throttle(settings, user="1/min")
    waits = []
    monkeypatch.setattr(pydiscourse_client.time, "sleep", waits.append)
    client = discourse("alice")
    client.latest_topics()
    with pytest.raises(DiscourseRateLimitedError):
        client.latest_topics()
    assert len(waits) == 3
    assert all(1 < wait <= 61 for wait in waits)


def test_read_only_key_cannot_write(api, member, topic):
    _key, token = key_services.create_api_key(
        user=member, by=member, name="reader", is_read_only=True
    )
    api.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME="alice")
    assert api.get("/latest.json").status_code == 200
    response = api.post(
        "/posts", {"raw": "A reply from a read-only key.", "topic_id": topic.id}
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["errors"][0]
