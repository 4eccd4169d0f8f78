"""A site moderator outside a restricted category's group moderates everything
they can see, and nothing they can't: not in the review queue, not in menus."""

import pytest
from django.urls import reverse

from forum.moderation import services
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged_secret(secret_topic, collaboration):
    insider = UserFactory(username="insider")
    insider.groups.add(collaboration)
    post = PostFactory(
        topic=secret_topic, author=insider, raw="Embargoed magnitudes: 21.3 and 22.7."
    )
    flagger = UserFactory(username="flagger")
    flagger.groups.add(collaboration)
    services.flag_post(user=flagger, post=post, reason="spam")
    return post


def test_review_queue_hides_flags_in_categories_the_moderator_cannot_see(
    client, moderator, flagged_secret
):
    client.force_login(moderator)
    response = client.get(reverse("moderation:review"))
    assert response.status_code == 200
    assert "Embargoed" not in response.text
    assert "Transients private" not in response.text


def test_review_queue_shows_them_to_staff(client, staff, flagged_secret):
    client.force_login(staff)
    response = client.get(reverse("moderation:review"))
    assert "Embargoed magnitudes" in response.text


def test_move_menu_lists_only_categories_the_moderator_can_see(
    client, moderator, topic, restricted_category
):
    client.force_login(moderator)
    response = client.get(topic.get_absolute_url())
    assert "Support" in response.text
    assert "Transients private" not in response.text


def test_split_menu_lists_only_categories_the_moderator_can_see(
    client, moderator, topic, restricted_category, other_member
):
    PostFactory(topic=topic, author=other_member)
    client.force_login(moderator)
    response = client.get(reverse("moderation:split", args=[topic.id]))
    assert response.status_code == 200
    assert "Transients private" not in response.text


def test_moving_into_an_unseen_category_is_refused(
    client, moderator, topic, restricted_category
):
    client.force_login(moderator)
    client.post(
        reverse("moderation:topic_action", args=[topic.id]),
        {"action": "move", "category": restricted_category.id},
    )
    topic.refresh_from_db()
    assert topic.category.slug == "support"


def test_merging_into_an_unseen_topic_is_refused(
    client, moderator, topic, secret_topic
):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:merge", args=[topic.id]), {"target": secret_topic.id}
    )
    assert response.status_code == 400
    assert "no such topic" in response.text.lower()
    assert "Embargoed" not in response.text
