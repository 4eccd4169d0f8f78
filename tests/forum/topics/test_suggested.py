"""Suggested topics at the end of a topic: unread first for a member, then topics
sharing a tag, then the same category; only what the viewer may see."""

import pytest
from taggit.models import Tag

from forum.topics import services
from forum.topics.models import Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory


@pytest.fixture
def reading(category, member):
    Tag.objects.create(name="butler", slug="butler")
    return TopicFactory(category=category, author=member, tags=["butler"])


def _titles(topics) -> list[str]:
    return [topic.title for topic in topics]


def test_topics_sharing_a_tag_come_before_the_rest_of_the_category(
    reading, category, member, staff
):
    elsewhere = CategoryFactory(name="Elsewhere", slug="elsewhere")
    same_category = TopicFactory(
        category=category, author=member, title="Same category only"
    )
    tagged = TopicFactory(
        category=category, author=member, title="Also about the butler", tags=["butler"]
    )
    TopicFactory(category=elsewhere, author=staff, title="Unrelated topic far away")
    suggested = Topic.objects.suggested_after(reading, member)
    assert _titles(suggested) == [tagged.title, same_category.title]


def test_a_members_unread_topics_come_first(reading, category, member, other_member):
    read_before = TopicFactory(
        category=category, author=other_member, title="Followed and unread now"
    )
    services.record_reading(user=member, topic=read_before, highest_seen=1)
    PostFactory(topic=read_before, author=other_member)
    TopicFactory(category=category, author=other_member, title="A newer related topic")
    suggested = Topic.objects.suggested_after(reading, member)
    assert suggested[0].title == read_before.title
    assert suggested[0].rank == 0


def test_only_visible_listed_topics_are_suggested(
    reading, category, member, secret_topic, moderator
):
    hidden = TopicFactory(
        category=category, author=member, title="Unlisted by a moderator"
    )
    services.unlist_topic(topic=hidden, by=moderator)
    titles = _titles(Topic.objects.suggested_after(reading, member))
    assert secret_topic.title not in titles
    assert hidden.title not in titles
    assert reading.title not in titles


def test_at_most_five(reading, category, member):
    for n in range(7):
        TopicFactory(
            category=category, author=member, title=f"Another support topic {n}"
        )
    assert len(Topic.objects.suggested_after(reading, member)) == 5


def test_the_topic_page_ends_with_suggestions_on_its_last_page(
    client, reading, category, member, settings
):
    TopicFactory(category=category, author=member, title="Read this one next please")
    page = client.get(reading.get_absolute_url()).content.decode()
    assert "Suggested topics" in page
    assert "Read this one next please" in page
    settings.FORUM_POSTS_PER_PAGE = 1
    PostFactory(topic=reading, author=member)
    first_page = client.get(reading.get_absolute_url()).content.decode()
    assert "Suggested topics" not in first_page
