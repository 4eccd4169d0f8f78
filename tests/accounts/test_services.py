import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts import services
from accounts.models import (
    DELETED_USERNAME,
    GroupJoinRequest,
    GroupProfile,
    JoinRequestStatus,
    User,
)
from forum.categories.permissions import category_access
from forum.topics.models import Post, PostRevision, Topic
from forum.topics.services import edit_post
from tests.factories import GroupFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

PREFERENCES = {
    "name": "Alice A.",
    "bio_raw": "I study *galaxies*.",
    "title": "",
    "time_zone": "Europe/Paris",
    "email_mentions": "never",
    "email_replies": "immediately",
    "email_watched": "never",
    "email_digest": "daily",
    "digest_hour": 7,
}


@pytest.fixture
def collab_profile(collaboration):
    return services.ensure_group_profile(
        group=collaboration,
        title="Transients Collaboration",
        allow_join_requests=True,
    )


def test_update_preferences_saves_and_cooks_the_bio(member):
    services.update_preferences(user=member, **PREFERENCES)

    member.refresh_from_db()
    assert member.name == "Alice A."
    assert member.bio_cooked == "<p>I study <em>galaxies</em>.</p>"
    assert (member.email_digest, member.digest_hour) == ("daily", 7)
    assert member.time_zone == "Europe/Paris"


def test_title_must_come_from_the_members_groups(member, collab_profile):
    with pytest.raises(ValidationError) as error:
        services.update_preferences(
            user=member, **{**PREFERENCES, "title": "Transients Collaboration"}
        )
    assert "title" in error.value.message_dict

    member.groups.add(collab_profile.group)
    services.update_preferences(
        user=member, **{**PREFERENCES, "title": "Transients Collaboration"}
    )
    assert User.objects.get(pk=member.pk).title == "Transients Collaboration"


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Mars/Olympus"), ("email_digest", "hourly"), ("digest_hour", 24)],
)
def test_update_preferences_refuses_bad_choices(member, field, value):
    with pytest.raises(ValidationError) as error:
        services.update_preferences(user=member, **{**PREFERENCES, field: value})
    assert field in error.value.message_dict


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue())


def test_set_avatar_stores_a_new_file_each_time(
    member, django_capture_on_commit_callbacks
):
    services.set_avatar(user=member, upload=_png())
    first = member.avatar.name
    storage = member.avatar.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(user=member, upload=_png())

    assert member.avatar.name != first
    assert member.avatar_url.endswith(".png")
    assert not storage.exists(first)


def test_remove_avatar_goes_back_to_the_letter(member):
    services.set_avatar(user=member, upload=_png())

    services.remove_avatar(user=member)

    assert member.avatar_url == "/u/alice/avatar/letter.svg"


def test_delete_account_keeps_posts_under_the_placeholder(member, other_member, topic):
    reply = PostFactory(topic=topic, author=member, raw="A reply that must survive.")
    edit_post(post=reply, by=member, raw="A reply that must survive, edited.")
    PostFactory(topic=topic, author=other_member)

    services.delete_account(user=member)

    placeholder = User.objects.get(username=DELETED_USERNAME)
    assert not User.objects.filter(username="alice").exists()
    assert Topic.objects.get(pk=topic.pk).author == placeholder
    assert Post.objects.get(pk=reply.pk).author == placeholder
    assert PostRevision.objects.get(post=reply).editor == placeholder
    assert Post.objects.filter(topic=topic).count() == 3
    assert placeholder.display_name == "deleted user"
    assert not placeholder.is_active and not placeholder.has_usable_password()


def test_delete_account_is_all_or_nothing(member, topic, monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(User, "delete", fail)

    with pytest.raises(RuntimeError):
        services.delete_account(user=member)

    assert Topic.objects.get(pk=topic.pk).author_id == member.pk
    assert not User.objects.filter(username=DELETED_USERNAME).exists()


def test_two_deletions_share_one_placeholder(member, other_member, category):
    TopicFactory(author=member, category=category)
    TopicFactory(author=other_member, category=category)

    services.delete_account(user=member)
    services.delete_account(user=other_member)

    assert User.objects.filter(username=DELETED_USERNAME).count() == 1
    assert Topic.objects.filter(author__username=DELETED_USERNAME).count() == 2


def test_placeholder_cannot_be_deleted(db):
    with pytest.raises(ValidationError):
        services.delete_account(user=services.deleted_user())


def test_silence_and_suspend_need_a_future_moment(member):
    past = timezone.now() - timezone.timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.silence_user(user=member, until=past, reason="x")
    with pytest.raises(ValidationError):
        services.suspend_user(user=member, until=past, reason="x")


def test_silence_then_unsilence(member):
    until = timezone.now() + timezone.timedelta(days=2)

    services.silence_user(user=member, until=until, reason="flame war")
    assert User.objects.get(pk=member.pk).is_silenced

    services.unsilence_user(user=member)
    assert not User.objects.get(pk=member.pk).is_silenced


def test_suspend_then_unsuspend(member):
    until = timezone.now() + timezone.timedelta(days=2)

    services.suspend_user(user=member, until=until, reason="spam")
    assert User.objects.get(pk=member.pk).is_suspended

    services.unsuspend_user(user=member)
    assert not User.objects.get(pk=member.pk).is_suspended


def test_ensure_group_profile_updates_in_place(collaboration):
    services.ensure_group_profile(group=collaboration, title="Old")
    profile = services.ensure_group_profile(group=collaboration, title="New")

    assert profile.title == "New"
    assert GroupProfile.objects.get(group=collaboration).title == "New"


def test_approved_request_opens_the_groups_category(
    member, moderator, collab_profile, restricted_category
):
    assert restricted_category.id not in category_access(member).visible
    join_request = services.request_to_join(
        profile=collab_profile, user=member, message="I work on SNe Ia."
    )

    services.approve_join_request(join_request=join_request, by=moderator)

    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == moderator
    fresh = User.objects.get(pk=member.pk)
    assert restricted_category.id in category_access(fresh).can_create


def test_group_owner_may_decline(member, other_member, collab_profile):
    collab_profile.owners.add(other_member)
    join_request = services.request_to_join(profile=collab_profile, user=member)

    services.decline_join_request(join_request=join_request, by=other_member)

    assert join_request.status == JoinRequestStatus.DECLINED
    assert not member.groups.exists()


def test_members_cannot_decide_requests(member, other_member, collab_profile):
    join_request = services.request_to_join(profile=collab_profile, user=member)

    with pytest.raises(PermissionDenied, match="owners and moderators"):
        services.approve_join_request(join_request=join_request, by=other_member)


def test_a_request_is_decided_once(member, moderator, collab_profile):
    join_request = services.request_to_join(profile=collab_profile, user=member)
    services.decline_join_request(join_request=join_request, by=moderator)

    with pytest.raises(ValidationError, match="already been decided"):
        services.approve_join_request(join_request=join_request, by=moderator)
    assert not member.groups.exists()


def test_one_pending_request_per_member(member, collab_profile):
    services.request_to_join(profile=collab_profile, user=member)

    with pytest.raises(PermissionDenied, match="already asked"):
        services.request_to_join(profile=collab_profile, user=member)
    assert GroupJoinRequest.objects.count() == 1


def test_groups_without_join_requests_refuse_them(member):
    profile = services.ensure_group_profile(group=GroupFactory(name="closed"))

    with pytest.raises(PermissionDenied, match="does not take join requests"):
        services.request_to_join(profile=profile, user=member)


def test_member_may_leave_a_group(member, collab_profile):
    member.groups.add(collab_profile.group)

    services.remove_group_member(profile=collab_profile, user=member, by=member)

    assert not member.groups.exists()


def test_members_cannot_remove_others(member, other_member, collab_profile):
    other_member.groups.add(collab_profile.group)

    with pytest.raises(PermissionDenied):
        services.remove_group_member(
            profile=collab_profile, user=other_member, by=member
        )
    assert User.objects.get(pk=other_member.pk).groups.exists()
