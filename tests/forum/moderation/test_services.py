import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from forum.moderation import services
from forum.moderation.models import Flag
from forum.safeguards.models import StaffAction
from forum.subscriptions.models import Notification
from tests.factories import PostFactory, UserFactory

# Notifications are created after commit, so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def spam(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Buy cheap telescopes now!"
    )


def flaggers(count):
    return [UserFactory(username=f"flagger{n}") for n in range(count)]


def test_flag_once_per_member(spam, member):
    services.flag_post(user=member, post=spam, reason="spam")
    with pytest.raises(ValidationError, match="already flagged"):
        services.flag_post(user=member, post=spam, reason="spam")


def test_flag_own_post_is_refused(spam, other_member):
    with pytest.raises(ValidationError, match="own post"):
        services.flag_post(user=other_member, post=spam, reason="spam")


def test_something_else_needs_a_message(spam, member):
    with pytest.raises(ValidationError, match="Say what is wrong"):
        services.flag_post(user=member, post=spam, reason="other")


def test_unknown_reason_is_refused(spam, member):
    with pytest.raises(ValidationError):
        services.flag_post(user=member, post=spam, reason="boring")


def test_flag_on_hidden_topic_is_404(secret_topic, member):
    with pytest.raises(Http404):
        services.flag_post(user=member, post=secret_topic.posts.get(), reason="spam")


def test_enough_flags_hide_the_post_and_tell_the_author(spam, settings):
    settings.FORUM_FLAGS_TO_HIDE = 3
    for user in flaggers(2):
        services.flag_post(user=user, post=spam, reason="spam")
    spam.refresh_from_db()
    assert not spam.is_hidden
    services.flag_post(user=UserFactory(username="third"), post=spam, reason="spam")
    spam.refresh_from_db()
    assert spam.is_hidden
    assert Notification.objects.filter(user=spam.author, kind="post_hidden").exists()
    assert StaffAction.objects.filter(
        action="auto_hide_post", target_id=spam.id
    ).exists()


def test_trusted_members_flags_weigh_more(spam, settings):
    settings.FORUM_FLAGS_TO_HIDE = 4
    for user in flaggers(2):
        user.trust_level = 2
        user.save()
        services.flag_post(user=user, post=spam, reason="spam")
    spam.refresh_from_db()
    assert spam.is_hidden


def test_a_moderators_flag_hides_at_once(spam, moderator):
    services.flag_post(user=moderator, post=spam, reason="inappropriate")
    spam.refresh_from_db()
    assert spam.is_hidden


def test_agree_hides_silences_and_tells_flaggers(spam, moderator):
    users = flaggers(2)
    for user in users:
        services.flag_post(user=user, post=spam, reason="spam")
    services.agree(post=spam, by=moderator, silence_author=True, reason="spam wave")
    spam.refresh_from_db()
    spam.author.refresh_from_db()
    assert spam.is_hidden
    assert spam.author.silenced_until is not None
    assert set(Flag.objects.values_list("status", flat=True)) == {"agreed"}
    assert Notification.objects.filter(kind="flag_agreed").count() == 2
    actions = set(StaffAction.objects.values_list("action", flat=True))
    assert {"hide_post", "silence_user", "flags_agreed"} <= actions


def test_agree_delete_deletes(spam, moderator, member):
    services.flag_post(user=member, post=spam, reason="spam")
    services.agree(post=spam, by=moderator, action="delete")
    spam.refresh_from_db()
    assert spam.deleted_at is not None


def test_disagree_unhides_and_clears(spam, moderator):
    services.flag_post(user=moderator, post=spam, reason="spam")
    services.disagree(post=spam, by=moderator)
    spam.refresh_from_db()
    assert not spam.is_hidden
    assert Flag.objects.get().status == "disagreed"


def test_defer_leaves_the_post_alone(spam, moderator, member):
    services.flag_post(user=member, post=spam, reason="spam")
    services.defer(post=spam, by=moderator)
    assert Flag.objects.get().status == "deferred"
    assert services.review_queue(moderator) == []


def test_members_cannot_review(spam, member):
    with pytest.raises(PermissionDenied):
        services.agree(post=spam, by=member)


def test_review_queue_groups_by_post_most_flagged_first(topic, moderator, member):
    calm = PostFactory(topic=topic)
    noisy = PostFactory(topic=topic)
    services.flag_post(user=member, post=calm, reason="off_topic")
    for user in flaggers(2):
        services.flag_post(user=user, post=noisy, reason="spam")
    assert services.review_queue(moderator) == [noisy, calm]


def test_author_edit_unhides_but_keeps_it_in_the_queue(spam, moderator):
    from forum.topics import services as topic_services

    services.flag_post(user=moderator, post=spam, reason="spam")
    topic_services.edit_post(
        post=spam, by=spam.author, raw="A telescope review with real content."
    )
    spam.refresh_from_db()
    assert not spam.is_hidden
    assert services.review_queue(moderator) == [spam]
