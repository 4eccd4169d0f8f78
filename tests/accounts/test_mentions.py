"""@group-name mentions: who may mention a group, the size cap, and whom a
mention notifies (only members who may see the topic)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.mentions import check_group_mentions, mentioned_groups
from accounts.models import MentionableBy
from accounts.services import ensure_group_profile
from forum.subscriptions.models import Notification
from forum.topics import services
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photometry(db):
    """A group of three members that everyone may mention."""
    group = GroupFactory(name="photometry-team")
    ensure_group_profile(group=group, mentionable_by=MentionableBy.EVERYONE)
    for name in ("pia", "paul", "petra"):
        UserFactory(username=name).groups.add(group)
    return group


def set_mentionable(group, who):
    group.profile.mentionable_by = who
    group.profile.save(update_fields=["mentionable_by"])


def test_mentioned_groups_finds_groups_in_any_case(photometry):
    assert [p.group for p in mentioned_groups({"Photometry-Team", "nobody"})] == [
        photometry
    ]


def test_a_username_wins_over_a_group_of_the_same_name(photometry):
    UserFactory(username="photometry-team")
    assert mentioned_groups({"photometry-team"}) == []


def test_groups_are_unmentionable_by_default(member):
    group = GroupFactory(name="quiet-group")
    ensure_group_profile(group=group)
    with pytest.raises(ValidationError, match="cannot be mentioned"):
        check_group_mentions(member, {"quiet-group"})


@pytest.mark.parametrize(
    ("who", "actor", "allowed"),
    [
        (MentionableBy.EVERYONE, "member", True),
        (MentionableBy.MEMBERS, "member", False),
        (MentionableBy.MEMBERS, "group_member", True),
        (MentionableBy.MODERATORS, "group_member", False),
        (MentionableBy.MODERATORS, "moderator", True),
        (MentionableBy.NOBODY, "moderator", False),
    ],
)
def test_the_group_setting_says_who_may_mention_it(
    photometry, member, moderator, who, actor, allowed
):
    set_mentionable(photometry, who)
    people = {
        "member": member,
        "moderator": moderator,
        "group_member": UserFactory(username="pia"),
    }
    try:
        check_group_mentions(people[actor], {"photometry-team"})
    except ValidationError:
        assert not allowed
    else:
        assert allowed


def test_a_group_above_the_cap_is_refused_with_its_size(photometry, member, settings):
    settings.FORUM_GROUP_MENTION_MAX_MEMBERS = 2
    with pytest.raises(ValidationError, match="has 3 members, more than the 2"):
        check_group_mentions(member, {"photometry-team"})


def test_a_refused_mention_keeps_the_post_out(topic, member, photometry, settings):
    settings.FORUM_GROUP_MENTION_MAX_MEMBERS = 2
    with pytest.raises(ValidationError) as refused:
        services.create_post(
            author=member, topic=topic, raw="Could @photometry-team look at this?"
        )
    assert "more than the 2" in refused.value.message_dict["raw"][0]
    assert topic.posts.count() == 1


def test_mentions_in_code_are_not_mentions(topic, member, settings):
    group = GroupFactory(name="quiet-group")
    ensure_group_profile(group=group)
    post = services.create_post(
        author=member, topic=topic, raw="The handle is `@quiet-group` in the config."
    )
    assert post.pk


def test_group_mention_notifies_its_members(
    topic, member, photometry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(
            author=member, topic=topic, raw="Could @photometry-team look at this?"
        )
    notified = set(
        Notification.objects.filter(kind=Notification.Kind.MENTIONED).values_list(
            "user__username", flat=True
        )
    )
    assert notified == {"pia", "paul", "petra"}


def test_group_mention_skips_members_who_cannot_see_the_topic(
    secret_topic, staff, photometry, collaboration, django_capture_on_commit_callbacks
):
    insider = UserFactory(username="pia")
    insider.groups.add(collaboration)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(
            author=staff, topic=secret_topic, raw="Could @photometry-team check it?"
        )
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"pia"}


def test_the_author_is_not_notified_of_their_own_group_mention(
    topic, photometry, django_capture_on_commit_callbacks
):
    pia = UserFactory(username="pia")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(
            author=pia, topic=topic, raw="Could @photometry-team look at this?"
        )
    assert not Notification.objects.filter(user=pia).exists()


def test_group_mention_lookup_is_bounded(
    photometry, member, django_assert_max_num_queries
):
    for n in range(5):
        ensure_group_profile(
            group=GroupFactory(name=f"team-{n}"), mentionable_by=MentionableBy.EVERYONE
        )
    names = {"photometry-team", *(f"team-{n}" for n in range(5))}
    with django_assert_max_num_queries(2):
        assert len(mentioned_groups(names)) == 6
