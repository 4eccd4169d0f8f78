import pytest

from forum.moderation.permissions import can_silence_members
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_site_moderators_and_staff_silence_members(moderator, staff):
    assert can_silence_members(moderator)
    assert can_silence_members(staff)


def test_category_moderators_and_members_do_not(member, other_member, category):
    mods = GroupFactory(name="support-mods")
    category.moderator_groups.add(mods)
    other_member.groups.add(mods)
    assert not can_silence_members(member)
    assert not can_silence_members(other_member)
