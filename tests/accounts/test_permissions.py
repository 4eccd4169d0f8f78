import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import permissions, services
from accounts.models import TrustLevel
from forum.categories.permissions import can_create_topic, check_can_create_topic
from forum.topics import permissions as topic_permissions
from forum.topics import services as topic_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def silenced(other_member):
    other_member.silenced_until = timezone.now() + timezone.timedelta(days=3)
    other_member.silenced_reason = "heated replies"
    other_member.save()
    return other_member


def test_silenced_member_cannot_reply_and_is_told_why(silenced, topic):
    assert not topic_permissions.can_reply(silenced, topic)

    with pytest.raises(PermissionDenied) as error:
        topic_services.create_post(
            author=silenced, topic=topic, raw="Trying to reply while silenced here."
        )

    assert "silenced until" in str(error.value)
    assert "heated replies" in str(error.value)


def test_silenced_member_cannot_start_topics(silenced, category):
    assert not can_create_topic(silenced, category)
    with pytest.raises(PermissionDenied, match="silenced until"):
        check_can_create_topic(silenced, category)


def test_silence_ends_by_itself(member, topic):
    member.silenced_until = timezone.now() - timezone.timedelta(seconds=1)

    assert topic_permissions.can_reply(member, topic)
    assert permissions.silence_notice(member) == ""


def test_new_members_cannot_upload_files(db):
    from tests.factories import UserFactory

    newcomer = UserFactory(trust_level=TrustLevel.NEW)

    assert not permissions.can_upload_files(newcomer)
    with pytest.raises(PermissionDenied, match="New members cannot upload"):
        permissions.check_can_upload_files(newcomer)
    newcomer.trust_level = TrustLevel.BASIC
    assert permissions.can_upload_files(newcomer)


def test_only_the_member_edits_their_preferences(member, other_member, staff):
    assert permissions.can_edit_preferences(member, member)
    assert not permissions.can_edit_preferences(other_member, member)
    with pytest.raises(PermissionDenied):
        permissions.check_can_edit_preferences(staff, member)


def test_hidden_group_is_seen_by_members_and_moderators(
    member, other_member, moderator, collaboration
):
    profile = services.ensure_group_profile(group=collaboration, is_visible=False)
    member.groups.add(collaboration)

    assert permissions.can_see_group(member, profile)
    assert permissions.can_see_group(moderator, profile)
    assert not permissions.can_see_group(other_member, profile)


def test_group_owners_and_moderators_manage(
    member, other_member, moderator, collaboration
):
    profile = services.ensure_group_profile(group=collaboration)
    profile.owners.add(other_member)

    assert permissions.can_manage_group(other_member, profile)
    assert permissions.can_manage_group(moderator, profile)
    assert not permissions.can_manage_group(member, profile)


def test_anonymous_cannot_request_to_join(anonymous, collaboration):
    profile = services.ensure_group_profile(
        group=collaboration, allow_join_requests=True
    )

    assert not permissions.can_request_to_join(anonymous, profile)
    with pytest.raises(PermissionDenied, match="Sign in"):
        permissions.check_can_request_to_join(anonymous, profile)
