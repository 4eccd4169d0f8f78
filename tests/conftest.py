"""Shared fixtures: the named actors of every test, and a small forum."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from accounts.models import TrustLevel
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
