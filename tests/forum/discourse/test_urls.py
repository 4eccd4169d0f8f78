"""Discourse's routes: `.json` where its clients always send it, either way where
they send both, and nothing shadowed of Meridian's own pages."""

import pytest
from django.urls import Resolver404, resolve

from forum.discourse.views import posts, topic_writes


def test_a_json_route_answers_only_with_its_suffix():
    assert resolve("/latest.json").view_name == "discourse:latest"
    assert resolve("/latest").view_name != "discourse:latest"


@pytest.mark.parametrize("path", ["/posts", "/posts.json"])
def test_a_route_clients_send_either_way_answers_both(path):
    match = resolve(path)
    assert match.view_name == "discourse:posts"
    assert match.func.view_class is posts.Posts


def test_a_route_has_no_other_suffix():
    with pytest.raises(Resolver404):
        resolve("/posts.xml")


@pytest.mark.parametrize(("path", "accept"), [("accept", True), ("unaccept", False)])
def test_a_view_built_with_arguments_keeps_them(path, accept):
    match = resolve(f"/solution/{path}.json")
    assert match.func.view_class is topic_writes.Solution
    assert match.func.view_initkwargs == {"accept": accept}


def test_a_topic_id_and_number_is_a_post_not_a_slug_and_id():
    match = resolve("/t/12/3.json")
    assert match.view_name == "discourse:topic_post"
    assert match.kwargs == {"topic_id": "12", "post_number": "3"}
