import pytest
from django.core.exceptions import ValidationError

from forum.moderation import services as moderation
from forum.safeguards.ratelimits import RateLimited
from forum.topics import services
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_replies_per_minute_by_trust_level(topic, other_member, settings):
    settings.FORUM_REPLIES_PER_MINUTE = [1, 2, 3]
    for n in range(2):
        services.create_post(
            author=other_member, topic=topic, raw=f"Quick reply number {n}."
        )
    with pytest.raises(RateLimited) as error:
        services.create_post(
            author=other_member, topic=topic, raw="One reply too many."
        )
    assert "limit of 2 replies per minute" in str(error.value)
    assert 0 < error.value.retry_after <= 60


def test_topics_per_day(category, other_member, settings):
    settings.FORUM_TOPICS_PER_DAY = [1, 1, 1]
    TopicFactory(category=category, author=other_member)
    with pytest.raises(RateLimited, match="1 new topics per day"):
        TopicFactory(category=category, author=other_member)


def test_likes_per_day(topic, category, member, settings):
    settings.FORUM_LIKES_PER_DAY = [1, 1, 1]
    fan = UserFactory(username="fan")
    services.toggle_like(user=fan, post=topic.posts.get())
    other = TopicFactory(category=category, author=member)
    with pytest.raises(RateLimited, match="likes per day"):
        services.toggle_like(user=fan, post=other.posts.get())


def test_unliking_is_never_limited(topic, settings):
    settings.FORUM_LIKES_PER_DAY = [1, 1, 1]
    fan = UserFactory(username="fan")
    services.toggle_like(user=fan, post=topic.posts.get())
    assert services.toggle_like(user=fan, post=topic.posts.get()) is False


def test_flags_per_day(topic, settings):
    settings.FORUM_FLAGS_PER_DAY = [1, 1, 1]
    flagger = UserFactory(username="flagger")
    moderation.flag_post(user=flagger, post=PostFactory(topic=topic), reason="spam")
    with pytest.raises(RateLimited, match="flags per day"):
        moderation.flag_post(user=flagger, post=PostFactory(topic=topic), reason="spam")


def test_moderators_are_not_limited(topic, moderator, settings):
    settings.FORUM_REPLIES_PER_MINUTE = [1, 1, 1]
    for n in range(3):
        services.create_post(
            author=moderator, topic=topic, raw=f"Moderator note number {n} here."
        )


def test_duplicate_post_is_refused(topic, other_member):
    services.create_post(
        author=other_member, topic=topic, raw="The same words, posted twice."
    )
    with pytest.raises(ValidationError, match="exactly this text"):
        services.create_post(
            author=other_member, topic=topic, raw="The same words, posted twice."
        )


def test_rate_limited_reply_page_says_which_limit(
    client, topic, other_member, settings
):
    settings.FORUM_REPLIES_PER_MINUTE = [0, 0, 0]
    client.force_login(other_member)
    response = client.post(
        f"/t/{topic.id}/reply", {"raw": "A reply the limit will stop."}
    )
    assert response.status_code == 429
    assert "limit of 0 replies per minute" in response.text
    assert "A reply the limit will stop." in response.text
