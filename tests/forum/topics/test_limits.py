import pytest
from django.core.exceptions import ValidationError

from accounts.models import TrustLevel
from forum.topics import services
from forum.topics.limits import check_posting_limits, count_links_and_images
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

THREE_LINKS = (
    "See https://a.example.org, https://b.example.org and "
    "[the docs](https://c.example.org) for details."
)


def test_links_and_images_are_counted_from_the_cooked_post(settings):
    settings.SITE_URL = "https://forum.example.org"
    raw = (
        "[a](https://a.org) https://b.org ![i](https://c.org/i.png) @alice "
        "[topic](/t/x/1) [ours](https://forum.example.org/latest) `https://d.org`"
    )

    assert count_links_and_images(raw) == (2, 1)


def test_new_member_may_not_post_too_many_links(newcomer, topic, settings):
    settings.FORUM_NEW_USER_MAX_LINKS = 2

    with pytest.raises(ValidationError) as error:
        services.create_post(author=newcomer, topic=topic, raw=THREE_LINKS)

    text = " ".join(error.value.messages)
    assert "New members may put at most 2 links to other sites in a post" in text
    assert "this one has 3" in text
    assert "lift automatically" in text
    assert topic.posts.count() == 1


def test_new_member_may_not_post_too_many_images(newcomer, category, settings):
    settings.FORUM_NEW_USER_MAX_IMAGES = 1
    raw = "Two plots: ![a](https://x.org/a.png) and ![b](https://x.org/b.png)"

    with pytest.raises(ValidationError, match="may put at most 1 image in a post"):
        services.create_topic(
            author=newcomer, category=category, title="Two plots of my data", raw=raw
        )


def test_new_member_topics_per_day_are_limited(newcomer, category, settings):
    settings.FORUM_NEW_USER_MAX_TOPICS_PER_DAY = 2
    TopicFactory.create_batch(2, author=newcomer, category=category)

    with pytest.raises(ValidationError) as error:
        TopicFactory(author=newcomer, category=category)

    assert "New members may start 2 topics a day" in error.value.messages[0]
    assert "topics entered" in error.value.messages[0]


def test_new_member_replies_per_day_are_limited(newcomer, topic, settings):
    settings.FORUM_NEW_USER_MAX_REPLIES_PER_DAY = 2
    PostFactory.create_batch(2, author=newcomer, topic=topic)

    with pytest.raises(ValidationError, match="may post 2 replies a day"):
        PostFactory(author=newcomer, topic=topic)


def test_limits_lift_at_trust_level_one(newcomer, topic, settings):
    settings.FORUM_NEW_USER_MAX_LINKS = 0
    newcomer.trust_level = TrustLevel.BASIC

    check_posting_limits(user=newcomer, raw=THREE_LINKS, kind="reply")


@pytest.mark.parametrize("role", ["is_staff", "is_moderator"])
def test_staff_and_moderators_are_not_limited(db, settings, role):
    settings.FORUM_NEW_USER_MAX_LINKS = 0
    user = UserFactory(trust_level=TrustLevel.NEW, **{role: True})

    check_posting_limits(user=user, raw=THREE_LINKS, kind="topic")


def test_limit_message_reaches_the_composer(client, newcomer, topic, settings):
    settings.FORUM_NEW_USER_MAX_LINKS = 1
    client.force_login(newcomer)

    response = client.post(f"/t/{topic.id}/reply", {"raw": THREE_LINKS})

    assert response.status_code == 400
    assert "New members may put at most 1 link to other sites" in response.text
