"""Shared fixtures: the named actors of every test, and a small forum; and the
order in which `make test`'s two workers take the test files."""

import os
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import TrustLevel
from forum.api import services as api_services
from forum.api.models import ApiKeyKind
from forum.categories.models import Access, CategoryPermission

from .factories import CategoryFactory, GroupFactory, TopicFactory, UserFactory

# The test files that take longest, slowest first (`pytest -n 2 --durations` at
# load 9, 2026-11-30; see docs/performance.md). pytest-xdist's loadfile runs a
# file on one worker and hands the files out in the order collected
# (`--no-loadscope-reorder`; its default orders them by number of tests, which
# started the email fault tests, three slow tests in one file then, last).
# Starting the long files first lets the short ones fill in behind them, so both
# workers finish together. A file not listed follows, more tests first.
SLOW_FIRST = [
    "tests/integration/email_faults/test_worker_killed_at_random.py",  # 168 s
    "tests/test_permission_matrix.py",  # 164 s
    "tests/e2e/test_accessibility.py",  # 98 s
    "tests/e2e/test_journeys.py",  # 87 s
    "tests/forum/demo/test_generate.py",  # 44 s
    "tests/forum/demo/test_seed_demo.py",  # 39 s
    "tests/integration/email_faults/test_broker_outage.py",  # 32 s
    "tests/forum/discourse/test_import.py",  # 31 s
    "tests/e2e/test_composer.py",  # 27 s
    "tests/e2e/test_seen_defects.py",  # 26 s
    "tests/e2e/test_topic_edits.py",  # 26 s
    "tests/integration/email_faults/test_faults_at_once.py",  # 21 s
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # one process runs everything anyway: keep pytest-django's order
    rank = {path: number for number, path in enumerate(SLOW_FIRST)}
    tests = Counter(item.nodeid.split("::")[0] for item in items)

    def order(item):
        path = item.nodeid.split("::")[0]
        return rank.get(path, len(rank)), -tests[path], path

    # Stable: a file's tests keep their order (pytest-django's, by kind of test).
    items.sort(key=order)


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
