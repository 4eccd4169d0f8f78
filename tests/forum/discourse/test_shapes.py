"""Meridian's Discourse JSON against fragments of Discourse's own OpenAPI spec
(discourse/discourse_api_docs, trimmed to the fields bots read and kept in
fixtures/): every field is there, with the spec's JSON type."""

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from forum.api import services as key_services
from forum.subscriptions.models import Notification
from forum.topics import services
from tests.factories import PostFactory

FRAGMENTS = json.loads(
    (Path(__file__).parent / "fixtures" / "openapi_fragments.json").read_text()
)["fragments"]
TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def mismatches(schema: dict, value, path: str = "$") -> list[str]:
    """Where `value` lacks a field of `schema` or has another type. Nullable
    fields (a list of types) are checked for presence only: the spec's are not
    always right about the type Discourse really sends (reply_to_post_number)."""
    kind = schema.get("type")
    if isinstance(kind, str) and kind in TYPES:
        expected = TYPES[kind]
        is_bool = isinstance(value, bool)
        if not isinstance(value, expected) or (
            is_bool and kind in ("integer", "number")
        ):
            return [f"{path}: {type(value).__name__}, not {kind}"]
    problems = []
    if isinstance(value, dict):
        for name, sub in schema.get("properties", {}).items():
            if name not in value:
                problems.append(f"{path}.{name}: missing")
            else:
                problems += mismatches(sub, value[name], f"{path}.{name}")
    if isinstance(value, list) and value and "items" in schema:
        problems += mismatches(schema["items"], value[0], f"{path}[0]")
    return problems


@pytest.fixture
def site(
    answered,
    other_member,
    member,
    staff,
    search_index,
    django_capture_on_commit_callbacks,
):
    reply = answered.posts.get(post_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.like_post(user=member, post=reply)
    answered.tags.add("butler")
    PostFactory(topic=answered, author=member, raw="Thanks Bob, that did it.")
    search_index()
    return answered


@pytest.fixture
def staff_api(staff):
    _key, token = key_services.create_api_key(user=staff, by=staff, name="bot")
    client = APIClient()
    client.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME="dana")
    return client


SHAPES = [
    "latest",
    "top",
    "topic",
    "post",
    "latest_posts",
    "search",
    "categories",
    "category_show",
    "user",
    "user_actions",
    "tags",
]


def _urls(topic):
    post = topic.posts.get(post_number=2)
    return {
        "latest": "/latest.json",
        "top": "/top.json",
        "topic": f"/t/{topic.id}.json",
        "post": f"/posts/{post.id}.json",
        "latest_posts": "/posts.json",
        "search": "/search.json?q=mask",
        "categories": "/categories.json",
        "category_show": f"/c/{topic.category_id}/show.json",
        "user": "/u/bob.json",
        "user_actions": "/user_actions.json?username=alice&filter=4,5",
        "tags": "/tags.json",
    }


@pytest.mark.parametrize("name", SHAPES)
def test_response_matches_discourse_spec(staff_api, site, name):
    response = staff_api.get(_urls(site)[name])
    assert response.status_code == 200
    assert mismatches(FRAGMENTS[name], response.json()) == []


def test_notifications_match_discourse_spec(site, other_member):
    assert Notification.objects.filter(user=other_member).exists()
    _key, token = key_services.create_api_key(
        user=other_member, by=other_member, name="bot"
    )
    client = APIClient()
    client.credentials(HTTP_API_KEY=token, HTTP_API_USERNAME="bob")
    body = client.get("/notifications.json").json()
    assert mismatches(FRAGMENTS["notifications"], body) == []
    assert body["notifications"][0]["notification_type"] == 5  # liked


def test_the_checker_reports_missing_fields_and_wrong_types():
    schema = FRAGMENTS["post"]
    assert mismatches(schema, {"id": "7"})[0] == "$.id: str, not integer"
    assert "$.username: missing" in mismatches(schema, {"id": 7})
