"""Shared fixtures: the named actors of every test, and a small forum."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import TrustLevel
from forum.api import services as api_services
from forum.api.models import ApiKeyKind
from forum.categories.models import Access, CategoryPermission

from .factories import CategoryFactory, GroupFactory, TopicFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Category access is cached; each test starts from a clean cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(username="alice", name="Alice Astro")


@pytest.fixture
def other_member(db):
    return UserFactory(username="bob", name="Bob Photometry")


@pytest.fixture
def newcomer(db):
    """A member who joined recently, so the new-user limits apply."""
    return UserFactory(username="nova", name="Nova", trust_level=TrustLevel.NEW)


@pytest.fixture
def moderator(db):
    return UserFactory(username="charlie", is_moderator=True)


@pytest.fixture
def staff(db):
    return UserFactory(username="dana", is_staff=True)


@pytest.fixture
def superuser_client(client):
    """A client signed in as a superuser (pytest-django's `admin_client` makes its
    user with `create_superuser`, which skips our factory's defaults)."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def category(db):
    return CategoryFactory(name="Support", slug="support", allow_solutions=True)


@pytest.fixture
def collaboration(db):
    return GroupFactory(name="transients-collab")


@pytest.fixture
def restricted_category(db, collaboration):
    restricted = CategoryFactory(name="Transients private", slug="transients-private")
    CategoryPermission.objects.create(
        category=restricted, group=collaboration, access=Access.CREATE
    )
    return restricted


@pytest.fixture
def topic(category, member):
    return TopicFactory(category=category, author=member, title="Reading calexp images")


@pytest.fixture
def secret_topic(restricted_category, staff):
    return TopicFactory(
        category=restricted_category,
        author=staff,
        title="Embargoed supernova candidates list",
        raw="The embargoed list of candidates is attached here for members.",
    )


# The REST API: a DRF client, and keys made through the real service.
@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def make_key(db):
    """Create a key for `user` and return its secret."""

    def make(user, *, is_read_only=False, kind=ApiKeyKind.USER, name="bot"):
        _key, token = api_services.create_api_key(
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
