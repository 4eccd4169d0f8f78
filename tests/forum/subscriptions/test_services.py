import pytest

from forum.subscriptions.models import Notification
from forum.topics import services
from tests.factories import PostFactory, UserFactory

# Notifications are created after commit, so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind


def kinds_for(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_reply_to_a_post_notifies_its_author(topic, member, other_member):
    services.create_post(
        author=other_member,
        topic=topic,
        raw="Answering you directly here.",
        reply_to_post_number=1,
    )
    assert kinds_for(member) == [Kind.REPLIED]


def test_mention_notifies_the_mentioned(topic, other_member):
    carol = UserFactory(username="carol")
    PostFactory(topic=topic, author=other_member, raw="What do you think, @carol?")
    assert kinds_for(carol) == [Kind.MENTIONED]


def test_quote_notifies_the_quoted(topic, member, other_member):
    carol = UserFactory(username="carol")
    quoted = PostFactory(topic=topic, author=carol, raw="The PSF is wrong in patch 3.")
    link = topic.get_post_url(quoted.post_number)
    raw = f"> **@carol** [wrote]({link}):\n> PSF\n\nAgreed."
    PostFactory(topic=topic, author=other_member, raw=raw)
    assert Kind.QUOTED in kinds_for(carol)
    assert Kind.MENTIONED not in kinds_for(carol)


def test_one_notification_per_user_per_post(topic, member, other_member):
    raw = "@alice I am replying to you and mentioning you."
    services.create_post(
        author=other_member, topic=topic, raw=raw, reply_to_post_number=1
    )
    assert kinds_for(member) == [Kind.REPLIED]


def test_watchers_hear_of_new_posts(topic, member, other_member):
    PostFactory(topic=topic, author=other_member)
    assert kinds_for(member) == [Kind.WATCHED_POST]


def test_no_notification_about_own_action(topic, member):
    PostFactory(topic=topic, author=member, raw="@alice talking to myself here.")
    assert kinds_for(member) == []


def test_no_notification_about_what_user_cannot_see(secret_topic, staff, member):
    PostFactory(topic=secret_topic, author=staff, raw="Hey @alice, look at this.")
    assert kinds_for(member) == []


def test_like_notifies_author(topic, member, other_member):
    services.toggle_like(user=other_member, post=topic.posts.get())
    assert kinds_for(member) == [Kind.LIKED]


def test_solution_notifies_reply_author(topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    assert Kind.SOLUTION in kinds_for(other_member)


def test_reading_the_post_reads_its_notifications(topic, member, other_member):
    PostFactory(topic=topic, author=other_member)
    services.record_reading(user=member, topic=topic, highest_seen=2)
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()


def test_notifications_vanish_when_access_is_lost(
    topic, member, other_member, category, collaboration
):
    from forum.categories.models import CategoryPermission

    PostFactory(topic=topic, author=other_member)
    CategoryPermission.objects.create(category=category, group=collaboration)
    from accounts.models import User

    fresh = User.objects.get(pk=member.pk)
    assert not Notification.objects.for_user(fresh).exists()
