"""API test data shared by the API's test files."""

import pytest

from tests.factories import PostFactory


@pytest.fixture
def reply(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="A reply with some detail."
    )
