"""Discourse compatibility fixtures: pydiscourse, unchanged, against a live
Meridian, with keys made through the real service."""

import pytest
from pydiscourse import DiscourseClient

from forum.api import services as key_services
from forum.api.models import ApiKeyKind
from forum.search import indexing as search_indexing
from tests.factories import PostFactory


@pytest.fixture
def admin_token(staff):
    """An admin key of staff member Dana: it may act as any user."""
    _key, token = key_services.create_api_key(
        user=staff, by=staff, name="migration bot", kind=ApiKeyKind.ADMIN
    )
    return token


@pytest.fixture
def discourse(live_server, admin_token):
    """A pydiscourse client acting as `username` through Dana's admin key."""

    def client(username: str = "dana") -> DiscourseClient:
        return DiscourseClient(
            live_server.url, api_username=username, api_key=admin_token, timeout=20
        )

    return client


@pytest.fixture
def own_key(live_server):
    """A pydiscourse client with `user`'s own (user) key."""

    def client(user) -> DiscourseClient:
        _key, token = key_services.create_api_key(user=user, by=user, name="bot")
        return DiscourseClient(
            live_server.url, api_username=user.username, api_key=token, timeout=20
        )

    return client


@pytest.fixture
def search_index(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return search_indexing.rebuild


@pytest.fixture
def answered(topic, other_member):
    """Alice's question in Support with Bob's answer."""
    PostFactory(
        topic=topic,
        author=other_member,
        raw="Use butler.get('calexp', dataId) and check the mask plane.",
    )
    return topic
