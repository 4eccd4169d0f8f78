"""API test helpers: a DRF client, and keys made through the real service."""

import pytest
from rest_framework.test import APIClient

from forum.api import services
from forum.api.models import ApiKeyKind


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def make_key(db):
    """Create a key for `user` and return its secret."""

    def make(user, *, is_read_only=False, kind=ApiKeyKind.USER, name="bot"):
        _key, token = services.create_api_key(
            user=user, by=user, name=name, is_read_only=is_read_only, kind=kind
        )
        return token

    return make


@pytest.fixture
def as_user(api, make_key):
    """An API client acting as `user` through a Bearer key."""

    def login(user, **kwargs):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_key(user, **kwargs)}")
        return api

    return login
