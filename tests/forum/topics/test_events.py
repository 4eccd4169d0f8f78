import logging

import pytest

from forum.topics import events, services
from forum.topics.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(monkeypatch):
    """The handlers of every event replaced by ones that record their calls."""
    calls = []
    handlers = {
        event: {
            reactor: (
                lambda reactor=reactor, event=event, **payload: calls.append(
                    (event, reactor, payload)
                )
            )
            for reactor in events.HANDLER_ORDER
        }
        for event in events.EVENTS
    }
    monkeypatch.setattr(events, "_handlers", handlers)
    return calls


def test_reacting_apps_register_their_handlers_at_start_up():
    registered = events._handlers
    assert set(registered[events.POST_CREATED]) == {
        "uploads",
        "subscriptions",
        "search",
        "oneboxes",
        "page_cache",
    }
    assert set(registered[events.POST_LIKED]) == {"subscriptions", "page_cache"}
    assert set(registered[events.TOPIC_CHANGED]) == {"search", "page_cache"}


def test_creating_a_reply_runs_handlers_after_commit_in_the_written_order(
    recorded, member, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        post = services.create_post(author=member, topic=topic, raw="A reply " * 5)
        assert recorded == []
    for callback in callbacks:
        callback()
    assert [(event, reactor) for event, reactor, _ in recorded] == [
        (events.POST_CREATED, reactor) for reactor in events.HANDLER_ORDER
    ]
    assert recorded[0][2] == {"post": post}


def test_creating_a_topic_fires_post_created_once_for_its_first_post(
    recorded, member, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.create_topic(
            author=member,
            category=category,
            title="A topic about event handlers",
            raw="Its first post, long enough to pass.",
        )
    created = [payload for event, reactor, payload in recorded if reactor == "search"]
    assert created == [{"post": Post.objects.get(topic=topic, post_number=1)}]


def test_a_failing_handler_is_logged_and_the_others_still_run(
    recorded, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(**payload):
        raise RuntimeError("index down")

    monkeypatch.setitem(events._handlers[events.TOPIC_CHANGED], "search", broken)
    with (
        caplog.at_level(logging.ERROR, logger="forum.topics.events"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.topic_changed(7)
    assert [reactor for _, reactor, _ in recorded] == [
        "uploads",
        "subscriptions",
        "oneboxes",
        "page_cache",
    ]
    assert "The search handler of topic_changed failed" in caplog.text


def test_registering_an_unplaced_reactor_says_where_to_place_it():
    with pytest.raises(ValueError, match="HANDLER_ORDER"):
        events.register(events.POST_CREATED, "badges", lambda **payload: None)
