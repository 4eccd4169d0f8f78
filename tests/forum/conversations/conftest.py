"""A conversation between Alice and Bob, and the people around them."""

import pytest

from forum.conversations import services


@pytest.fixture
def conversation(member, other_member):
    return services.start_conversation(
        author=member,
        title="About the photometry pipeline",
        raw="Bob, could you look at my calibration notebook privately?",
        users=[other_member],
    )
