"""Services of forum/topics/services/reading.py."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from forum.topics import services
from forum.topics.levels import NotificationLevel
from forum.topics.models import Bookmark, Draft, Like, Topic, TopicUser
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_toggle_like_counts_and_takes_back(topic, other_member):
    post = topic.posts.get()
    assert services.toggle_like(user=other_member, post=post) is True
    post.refresh_from_db()
    topic.refresh_from_db()
    assert (post.like_count, topic.like_count) == (1, 1)
    assert services.toggle_like(user=other_member, post=post) is False
    post.refresh_from_db()
    assert post.like_count == 0
    assert not Like.objects.exists()


def test_like_own_post_is_refused(topic, member):
    with pytest.raises(ValidationError, match="your own post"):
        services.toggle_like(user=member, post=topic.posts.get())


def test_like_hidden_post_is_refused(topic, other_member, moderator):
    post = topic.posts.get()
    services.hide_post(post=post, by=moderator)
    with pytest.raises(ValidationError):
        services.toggle_like(user=other_member, post=post)


def test_like_post_in_restricted_topic_is_404(secret_topic, member):
    with pytest.raises(Http404):
        services.toggle_like(user=member, post=secret_topic.posts.get())


def test_bookmark_twice_removes_it(topic, other_member):
    post = topic.posts.get()
    assert services.toggle_bookmark(user=other_member, post=post) is True
    assert services.toggle_bookmark(user=other_member, post=post) is False
    assert not Bookmark.objects.exists()


def test_record_reading_only_moves_forward_and_clamps(topic, other_member):
    PostFactory(topic=topic)
    services.record_reading(user=other_member, topic=topic, highest_seen=2)
    services.record_reading(user=other_member, topic=topic, highest_seen=1)
    services.record_reading(user=other_member, topic=topic, highest_seen=999)
    state = TopicUser.objects.get(user=other_member, topic=topic)
    assert state.last_read_post_number == 2
    assert state.notification_level == NotificationLevel.TRACKING


def test_record_reading_of_hidden_topic_is_404(secret_topic, member):
    with pytest.raises(Http404):
        services.record_reading(user=member, topic=secret_topic, highest_seen=1)
    assert not TopicUser.objects.filter(user=member).exists()


def test_posting_watches_own_topic_and_tracks_replied(topic, member, other_member):
    PostFactory(topic=topic, author=other_member)
    levels = dict(TopicUser.objects.values_list("user__username", "notification_level"))
    assert levels == {
        "alice": NotificationLevel.WATCHING,
        "bob": NotificationLevel.TRACKING,
    }


def test_unread_and_new_lists(topic, member, other_member, category):
    fresh = TopicFactory(
        category=category, author=member, title="A brand new topic here"
    )
    services.record_reading(user=other_member, topic=topic, highest_seen=1)
    PostFactory(topic=topic, author=member)
    visible = Topic.objects.visible_to(other_member)
    assert list(visible.unread_for(other_member)) == [topic]
    assert list(visible.new_for(other_member)) == [fresh]


def test_dismiss_unread_marks_all_read(topic, member, other_member):
    services.record_reading(user=other_member, topic=topic, highest_seen=1)
    PostFactory(topic=topic, author=member)
    topics = Topic.objects.visible_to(other_member).unread_for(other_member)
    services.dismiss_unread(user=other_member, topics=topics)
    assert not Topic.objects.unread_for(other_member).exists()


def test_dismiss_new_hides_current_new_topics(topic, other_member):
    services.dismiss_new(user=other_member)
    assert not Topic.objects.new_for(other_member).exists()


def test_reply_discards_the_draft(topic, other_member):
    services.save_draft(user=other_member, key=f"topic-{topic.id}", data={"raw": "wip"})
    PostFactory(topic=topic, author=other_member)
    assert not Draft.objects.exists()


def test_clear_pin_is_per_member(topic, member, other_member, moderator):
    services.pin_topic(topic=topic, by=moderator, globally=True)
    services.clear_pin(user=other_member, topic=topic)
    state = TopicUser.objects.get(user=other_member, topic=topic)
    topic.refresh_from_db()
    assert state.pin_cleared_at >= topic.pinned_at
    assert topic.is_pinned_globally


def test_reading_feeds_the_trust_level_statistics(topic, other_member):
    from accounts.models import UserStats

    PostFactory(topic=topic)
    services.record_reading(user=other_member, topic=topic, highest_seen=2, seconds=30)
    services.record_reading(user=other_member, topic=topic, highest_seen=2, seconds=500)
    stats = UserStats.objects.get(user=other_member)
    assert (stats.topics_entered, stats.posts_read) == (1, 2)
    assert stats.seconds_read == 30 + 60  # a long gap counts as one minute at most


def test_likes_received_are_counted(topic, member, other_member):
    services.toggle_like(user=other_member, post=topic.posts.get())
    member.refresh_from_db()
    assert member.likes_received == 1
    services.toggle_like(user=other_member, post=topic.posts.get())
    member.refresh_from_db()
    assert member.likes_received == 0
